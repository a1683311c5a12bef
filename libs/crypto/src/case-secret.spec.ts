import { createHash } from 'node:crypto';
import {
  assertCaseSecretSalt,
  CASE_SECRET_ALPHABET,
  CASE_SECRET_SYMBOLS,
  caseSecretSalt,
  CryptoError,
  CryptoErrorCode,
  deriveReporterKeys,
  formatCaseSecret,
  generateCaseSecret,
  lookupTokenHash,
  normaliseCaseSecret,
  ready,
  toB64,
  utf8,
} from './index';
import { sodium } from './sodium';

function expectCode(fn: () => unknown, code: CryptoErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CryptoError);
  expect((caught as CryptoError).code).toBe(code);
}

const ORG = '5e8f0a2b-9c1d-4e3f-a4b5-c6d7e8f90a1b';
const OTHER_ORG = '1b2c3d4e-5f60-4718-92a3-b4c5d6e7f809';

beforeAll(ready);

describe('case secret generation', () => {
  it('has 32 distinct symbols without I, L, O, U', () => {
    expect(new Set(CASE_SECRET_ALPHABET).size).toBe(32);
    expect(CASE_SECRET_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('carries 100 bits', () => {
    expect(CASE_SECRET_SYMBOLS * Math.log2(CASE_SECRET_ALPHABET.length)).toBe(100);
  });

  it('is formatted XXXX-XXXX-XXXX-XXXX-XXXX from the alphabet, and fresh each time', () => {
    const pattern = new RegExp(`^[${CASE_SECRET_ALPHABET}]{4}(-[${CASE_SECRET_ALPHABET}]{4}){4}$`);
    const seen = new Set<string>();
    const symbols = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      const secret = generateCaseSecret();
      expect(secret).toMatch(pattern);
      expect(normaliseCaseSecret(secret)).toBe(secret.replace(/-/g, ''));
      seen.add(secret);
      for (const c of secret.replace(/-/g, '')) symbols.set(c, (symbols.get(c) ?? 0) + 1);
    }
    expect(seen.size).toBe(500);
    // 10,000 symbols: each of the 32 expected ~312 times; a broken generator would miss some.
    expect(symbols.size).toBe(32);
    for (const count of symbols.values()) expect(count).toBeGreaterThan(200);
  });
});

describe('normaliseCaseSecret', () => {
  it.each([
    ['0123-4567-89AB-CDEF-GHJK', '0123456789ABCDEFGHJK'],
    ['0123456789abcdefghjk', '0123456789ABCDEFGHJK'],
    ['  0123 4567 89ab cdef ghjk  ', '0123456789ABCDEFGHJK'],
    ['o123-4567-89AB-CDEF-GHJK', '0123456789ABCDEFGHJK'],
    ['OIL0-4567-89AB-CDEF-GHJK', '0110456789ABCDEFGHJK'],
    ['oil0-4567-89ab-cdef-ghjk', '0110456789ABCDEFGHJK'],
    ['0123--4567\t89AB\nCDEF-GHJK', '0123456789ABCDEFGHJK'],
    ['MNPQ-RSTV-WXYZ-0000-1111', 'MNPQRSTVWXYZ00001111'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseCaseSecret(input)).toBe(expected);
  });

  it.each([
    ['19 symbols', '0123-4567-89AB-CDEF-GHJ'],
    ['21 symbols', '0123-4567-89AB-CDEF-GHJKM'],
    ['forbidden U', '0123-4567-89AB-CDEF-GHJU'],
    ['forbidden u', '0123-4567-89ab-cdef-ghju'],
    ['punctuation', '0123.4567-89AB-CDEF-GHJK'],
    ['underscore', '0123_4567_89AB_CDEF_GHJK'],
    ['dotless i (no Unicode case mapping)', '0123-4567-89AB-CDEF-GHJı'],
    ['empty', ''],
  ])('rejects %s', (_label, input) => {
    expectCode(() => normaliseCaseSecret(input), CryptoErrorCode.BadCaseSecret);
  });

  it('rejects non-strings', () => {
    expectCode(() => normaliseCaseSecret(undefined as unknown as string), CryptoErrorCode.BadCaseSecret);
  });

  it('formats normalised secrets', () => {
    expect(formatCaseSecret('0123456789ABCDEFGHJK')).toBe('0123-4567-89AB-CDEF-GHJK');
    expect(formatCaseSecret('o123 4567 89ab cdef ghjk')).toBe('0123-4567-89AB-CDEF-GHJK');
    expectCode(() => formatCaseSecret('0123'), CryptoErrorCode.BadCaseSecret);
  });
});

describe('organisation salt', () => {
  it('is the unkeyed 16-byte BLAKE2b of the labelled organisation id', () => {
    const salt = caseSecretSalt(ORG);
    expect(salt).toHaveLength(16);
    expect(salt).toEqual(sodium.crypto_generichash(16, utf8(`kanava:case-secret:v1:${ORG}`), null));
    expect(caseSecretSalt(OTHER_ORG)).not.toEqual(salt);
  });

  it('requires a lower-case UUID', () => {
    expectCode(() => caseSecretSalt(ORG.toUpperCase()), CryptoErrorCode.BadShape);
    expectCode(() => caseSecretSalt('acme'), CryptoErrorCode.BadShape);
  });

  it('accepts only the salt the client computes', () => {
    expect(() => assertCaseSecretSalt(ORG, toB64(caseSecretSalt(ORG)))).not.toThrow();
    expectCode(() => assertCaseSecretSalt(ORG, toB64(caseSecretSalt(OTHER_ORG))), CryptoErrorCode.SaltMismatch);
    expectCode(() => assertCaseSecretSalt(ORG, toB64(caseSecretSalt(ORG)) + '='), CryptoErrorCode.SaltMismatch);
    expectCode(() => assertCaseSecretSalt(ORG, toB64(new Uint8Array(32))), CryptoErrorCode.SaltMismatch);
  });
});

describe('deriveReporterKeys', () => {
  const secret = 'K7QM-2XH9-PD4R-TW8N-V3CZ';
  let keys: ReturnType<typeof deriveReporterKeys>;

  beforeAll(() => {
    keys = deriveReporterKeys(secret, ORG);
  });

  it('splits 96 bytes into a lookup token, a wrap key and an Ed25519 key pair', () => {
    expect(keys.lookupToken).toHaveLength(32);
    expect(keys.wrapKey).toHaveLength(32);
    expect(keys.sign.publicKey).toHaveLength(32);
    expect(keys.sign.secretKey).toHaveLength(64);
    expect(keys.lookupToken).not.toEqual(keys.wrapKey);
    const message = utf8('hello');
    const signature = sodium.crypto_sign_detached(message, keys.sign.secretKey);
    expect(sodium.crypto_sign_verify_detached(signature, message, keys.sign.publicKey)).toBe(true);
  });

  it('is the same for any spelling of the secret', () => {
    const again = deriveReporterKeys(' k7qm 2xh9 pd4r tw8n v3cz ', ORG);
    expect(again).toEqual(keys);
  });

  it('depends on the organisation', () => {
    const other = deriveReporterKeys(secret, OTHER_ORG);
    expect(other.lookupToken).not.toEqual(keys.lookupToken);
    expect(other.wrapKey).not.toEqual(keys.wrapKey);
  });

  it('rejects a malformed secret before hashing', () => {
    expectCode(() => deriveReporterKeys('K7QM-2XH9-PD4R-TW8N-V3CU', ORG), CryptoErrorCode.BadCaseSecret);
  });

  it('hashes the lookup token with SHA-256 for the server', () => {
    const expected = createHash('sha256').update(keys.lookupToken).digest();
    expect(Buffer.from(lookupTokenHash(keys.lookupToken))).toEqual(expected);
    expectCode(() => lookupTokenHash(new Uint8Array(31)), CryptoErrorCode.BadLength);
  });
});
