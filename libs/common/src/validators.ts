import { ValidateBy, ValidationOptions } from 'class-validator';
import { isB64 } from '@kanava/crypto';
import { UUID_PATTERN } from './ids';

/** Strict base64url without padding (CRYPTO.md "Encodings"), optionally of an exact decoded length. */
export function IsB64(length?: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isB64',
      // The decoded length, for the DTO limits check (undefined: any length, so a MaxLength must bound it).
      constraints: [length],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isB64(value, length),
        defaultMessage: (args) => `${args?.property} must be base64url without padding${length === undefined ? '' : ` of exactly ${length} bytes`}`,
      },
    },
    options,
  );
}

/** Lower-case hyphenated UUID (the form that is signed). */
export function IsLowerUuid(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLowerUuid',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && UUID_PATTERN.test(value),
        defaultMessage: (args) => `${args?.property} must be a lower-case UUID`,
      },
    },
    options,
  );
}
