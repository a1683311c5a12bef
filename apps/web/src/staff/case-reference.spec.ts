import { IsCaseReference, IsCaseReferencePrefix, normaliseCaseReference } from '@kanava/common';
import { validateSync } from 'class-validator';
import { normaliseReference, REFERENCE_PATTERN, REFERENCE_PREFIX_PATTERN } from './case-reference';

class Whole {
  @IsCaseReference()
  value: unknown;
}
class Prefix {
  @IsCaseReferencePrefix()
  value: unknown;
}
const accepts = (Type: typeof Whole | typeof Prefix, value: unknown) => {
  const o = new Type();
  o.value = normaliseCaseReference(value);
  return validateSync(o).length === 0;
};

/** The console checks a typed reference before it asks; it must agree with the server's check. */
describe('case references in the console and on the server', () => {
  const samples = [
    'K7QX-4M2P',
    'k7qx4m2p',
    ' k7qx 4m2p ',
    '0ONA-E12R',
    'OONA-EI2L',
    'K7QX-4M2',
    'K7QX',
    'K',
    'K7QX-',
    'K7QU-4M2P',
    'K7QX-4M2P1',
    'K7-QX',
    '',
    '--',
    'DROP',
  ];

  it.each(samples)('normalises and checks %p as the server does', (typed) => {
    const browser = normaliseReference(typed);
    expect(browser).toBe(normaliseCaseReference(typed));
    expect(REFERENCE_PATTERN.test(browser)).toBe(accepts(Whole, typed));
    expect(REFERENCE_PREFIX_PATTERN.test(browser)).toBe(accepts(Prefix, typed));
  });

  it('reads O as zero and I or L as one', () => {
    expect(normaliseReference('oona-eilr')).toBe('00NA-E11R');
  });
});
