import { checkPassword } from '@kanava/staff';
import { passwordProblems } from './password-policy';

/** The browser's check must refuse exactly what the server-side tools (CLI, provisioning) refuse. */
describe('staff password policy in the browser', () => {
  const cases: [string, string[]][] = [
    ['correct horse battery staple', []],
    ['Tuulinen syyskuun aamu 42', []],
    ['syksyn ensimmäinen lumi 2026', []],
    ['short', []],
    ['password1234', []],
    ['qwertyuiop123', []],
    ['123456789012', []],
    ['anna.virtanen2026', ['anna.virtanen@acme.fi', 'Anna Virtanen']],
    ['Anna Virtanen acme 77', ['anna.virtanen@acme.fi', 'Anna Virtanen']],
  ];

  it.each(cases)('agrees with checkPassword on %s', (password, inputs) => {
    expect(passwordProblems(password, inputs).length === 0).toBe(checkPassword(password, inputs).ok);
  });

  it('names the problems it finds', () => {
    expect(passwordProblems('short')).toEqual(['short', 'guessable']);
    expect(passwordProblems('correct horse battery staple')).toEqual([]);
  });
});
