import { randomBytes as nodeRandomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sodium } from './sodium';
import {
  bytesEqual,
  concatBytes,
  CryptoError,
  CryptoErrorCode,
  fromB64,
  fromHex,
  generateKey,
  isB64,
  LENGTHS,
  randomBytes,
  ready,
  toB64,
  toHex,
  utf8,
} from './index';

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

beforeAll(ready);

describe('base64url', () => {
  it('matches Node base64url (no padding) for every length 0..100', () => {
    for (let n = 0; n <= 100; n++) {
      const bytes = new Uint8Array(nodeRandomBytes(n));
      const text = toB64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromB64(text)).toEqual(bytes);
    }
  });

  it.each([
    ['padding', 'AAE='],
    ['padding on a full group', 'AAEC=='],
    ['plus', 'AA+A'],
    ['slash', 'AA/A'],
    ['leading space', ' AAE'],
    ['inner space', 'AA E'],
    ['trailing newline', 'AAE\n'],
    ['tab', 'AA\tE'],
    ['non-canonical last char (2 bytes)', 'AAF'],
    ['non-canonical last char (1 byte)', 'AB'],
    ['impossible length', 'A'],
    ['non-ASCII', 'AAÄ'],
  ])('rejects %s', (_label, text) => {
    expectCode(() => fromB64(text), CryptoErrorCode.BadEncoding);
    expect(isB64(text)).toBe(false);
  });

  it('rejects non-strings', () => {
    expectCode(() => fromB64(42 as unknown as string), CryptoErrorCode.BadEncoding);
    expect(isB64(null)).toBe(false);
    expect(isB64(new Uint8Array(3))).toBe(false);
  });

  it('checks the expected length', () => {
    const text = toB64(new Uint8Array(16));
    expect(fromB64(text, 16)).toHaveLength(16);
    expectCode(() => fromB64(text, 15), CryptoErrorCode.BadLength);
    expectCode(() => fromB64(text, 32), CryptoErrorCode.BadLength);
    expect(isB64(text, 16)).toBe(true);
    expect(isB64(text, 32)).toBe(false);
  });

  // On Node the codec is Node's Buffer (fast); in a browser it is libsodium's. Both must
  // accept and reject exactly the same strings, so the reference here is libsodium itself.
  it('accepts exactly what libsodium accepts, canonically, and decodes to the same bytes', () => {
    const sodiumDecode = (text: string): Uint8Array | null => {
      try {
        const bytes = sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);
        return sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING) === text ? bytes : null;
      } catch {
        return null;
      }
    };
    const alphabet = 'AZaz09-_+/= .\n\u00e4'.split('');
    const near = fc.oneof(
      fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 12 }),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64url')),
      fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.nat(60), fc.constantFrom(...alphabet)).map(([b, at, ch]) => {
        const text = Buffer.from(b).toString('base64url');
        return text.slice(0, at) + ch + text.slice(at + 1);
      }),
    );
    fc.assert(
      fc.property(near, (text) => {
        const expected = sodiumDecode(text);
        expect(isB64(text)).toBe(expected !== null);
        if (expected) expect(fromB64(text)).toEqual(expected);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => expect(toB64(bytes)).toBe(sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING))),
    );
  });

  it('decodes to a plain Uint8Array of its own', () => {
    const bytes = fromB64(toB64(new Uint8Array([1, 2, 3])));
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(bytes.buffer.byteLength).toBe(3);
  });

  it('accepts the empty string as zero bytes', () => {
    expect(fromB64('')).toEqual(new Uint8Array(0));
    expectCode(() => fromB64('', 1), CryptoErrorCode.BadLength);
  });
});

describe('byte helpers', () => {
  it('encodes UTF-8 like Node', () => {
    const text = 'ASCII ä ö å Привет 🔐';
    expect(Buffer.from(utf8(text))).toEqual(Buffer.from(text, 'utf8'));
  });

  it('hex round-trips in lower case', () => {
    const bytes = new Uint8Array([0, 1, 0xab, 0xff]);
    expect(toHex(bytes)).toBe('0001abff');
    expect(fromHex('0001ABff')).toEqual(bytes);
    expectCode(() => fromHex('abc'), CryptoErrorCode.BadEncoding);
    expectCode(() => fromHex('zz'), CryptoErrorCode.BadEncoding);
  });

  it('makes random bytes and keys of the right length', () => {
    expect(randomBytes(0)).toHaveLength(0);
    expect(randomBytes(7)).toHaveLength(7);
    expect(generateKey()).toHaveLength(LENGTHS.key);
    expect(bytesEqual(generateKey(), generateKey())).toBe(false);
    expectCode(() => randomBytes(-1), CryptoErrorCode.BadLength);
  });

  it('concatenates and compares', () => {
    const joined = concatBytes(new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3]));
    expect(joined).toEqual(new Uint8Array([1, 2, 3]));
    expect(bytesEqual(joined, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(bytesEqual(joined, new Uint8Array([1, 2, 4]))).toBe(false);
    expect(bytesEqual(joined, new Uint8Array([1, 2]))).toBe(false);
  });
});
