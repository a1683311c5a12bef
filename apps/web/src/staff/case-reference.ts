/**
 * Case references as handlers type them, normalised as the server does (`normaliseCaseReference`
 * in libs/common; case-reference.spec.ts compares the two): upper case, no spaces, `O` read as
 * zero, `I` and `L` as one, the hyphen after the fourth symbol.
 */
const SYMBOLS = '0-9A-HJKMNP-TV-Z';
export const REFERENCE_PATTERN = new RegExp(`^[${SYMBOLS}]{4}-[${SYMBOLS}]{4}$`);
export const REFERENCE_PREFIX_PATTERN = new RegExp(`^(?:[${SYMBOLS}]{1,4}|[${SYMBOLS}]{4}-[${SYMBOLS}]{0,4})$`);

export function normaliseReference(value: string): string {
  let s = value.toUpperCase().replace(/\s+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (/^[0-9A-Z]{5,8}$/.test(s)) s = `${s.slice(0, 4)}-${s.slice(4)}`;
  return s;
}
