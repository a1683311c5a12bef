import { checkPassword } from './password-policy';

describe('checkPassword', () => {
  it.each(['correct horse battery staple', 'kanava-demo-password', 'Tuulinen syyskuun aamu 42'])('accepts %s', (p) => {
    expect(checkPassword(p)).toEqual({ ok: true, problems: [] });
  });

  it.each(['short', 'password1234', 'qwertyuiop123', '123456789012'])('refuses %s', (p) => {
    expect(checkPassword(p).ok).toBe(false);
  });

  it('refuses a password built from the account name', () => {
    expect(checkPassword('anna.virtanen2026', ['anna.virtanen@acme.fi', 'Anna Virtanen']).ok).toBe(false);
  });
});
