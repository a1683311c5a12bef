import { ValidateBy, ValidationOptions } from 'class-validator';

/** The symbols of a case reference (Crockford's base 32, as the case secret). */
const SYMBOLS = '0-9A-HJKMNP-TV-Z';
/** A whole reference as handlers write it: `K7QX-4M2P`. */
export const CASE_REFERENCE_PATTERN = new RegExp(`^[${SYMBOLS}]{4}-[${SYMBOLS}]{4}$`);
/** The start of a reference, from one symbol to the whole of it. */
const PREFIX_PATTERN = new RegExp(`^(?:[${SYMBOLS}]{1,4}|[${SYMBOLS}]{4}-[${SYMBOLS}]{0,4})$`);

/**
 * A reference as typed (any case, spaces, `O` for zero, `I` or `L` for one, with or without the
 * hyphen) in the form the cases table holds; anything that cannot be one is returned as typed,
 * so the validators below refuse it.
 */
export function normaliseCaseReference(value: unknown): unknown {
  if (typeof value !== 'string' || value.length > 20) return value;
  let s = value.toUpperCase().replace(/\s+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (/^[0-9A-Z]{5,8}$/.test(s)) s = `${s.slice(0, 4)}-${s.slice(4)}`;
  return s;
}

/** A whole case reference (after `normaliseCaseReference`). */
export function IsCaseReference(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCaseReference',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && CASE_REFERENCE_PATTERN.test(value),
        defaultMessage: (args) => `${args?.property} must be a case reference like K7QX-4M2P`,
      },
    },
    { ...options, context: { errorCode: 'invalid_reference', ...options?.context } },
  );
}

/** The start of a case reference (after `normaliseCaseReference`), one symbol at least. */
export function IsCaseReferencePrefix(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCaseReferencePrefix',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && PREFIX_PATTERN.test(value),
        defaultMessage: (args) => `${args?.property} must be the start of a case reference like K7QX-4M2P (letters, digits and the hyphen)`,
      },
    },
    { ...options, context: { errorCode: 'invalid_reference', ...options?.context } },
  );
}
