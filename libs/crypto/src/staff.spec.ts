import {
  assertKdfParams,
  CryptoError,
  CryptoErrorCode,
  DEFAULT_STAFF_KDF,
  deriveStaffKeys,
  generateKey,
  generateRecoveryKey,
  generateStaffKeys,
  KeyBundle,
  recoverySubkeys,
  ready,
  toB64,
  unwrapKeyBundle,
  utf8,
  wrapKeyBundle,
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

const MIB = 1024 * 1024;

beforeAll(ready);

describe('assertKdfParams', () => {
  it('accepts the default and stronger parameters', () => {
    expect(assertKdfParams({ alg: 'argon2id13', ops: 3, mem: 64 * MIB })).toEqual(DEFAULT_STAFF_KDF);
    expect(assertKdfParams({ alg: 'argon2id13', ops: 4, mem: 256 * MIB })).toEqual({ alg: 'argon2id13', ops: 4, mem: 256 * MIB });
    expect(DEFAULT_STAFF_KDF).toEqual({ alg: 'argon2id13', ops: 3, mem: 67108864 });
  });

  it.each([
    ['ops 2', { alg: 'argon2id13', ops: 2, mem: 64 * MIB }],
    ['ops 0', { alg: 'argon2id13', ops: 0, mem: 64 * MIB }],
    ['mem one byte short', { alg: 'argon2id13', ops: 3, mem: 64 * MIB - 1 }],
    ['mem 32 MiB', { alg: 'argon2id13', ops: 10, mem: 32 * MIB }],
    ['negative', { alg: 'argon2id13', ops: -3, mem: 64 * MIB }],
  ])('refuses weak parameters: %s', (_label, kdf) => {
    expectCode(() => assertKdfParams(kdf), CryptoErrorCode.WeakKdfParams);
  });

  it.each([
    ['null', null],
    ['a string', 'argon2id13'],
    ['an array', [3, 64 * MIB]],
    ['another algorithm', { alg: 'argon2i13', ops: 3, mem: 64 * MIB }],
    ['a missing field', { alg: 'argon2id13', ops: 3 }],
    ['an extra field', { alg: 'argon2id13', ops: 3, mem: 64 * MIB, parallelism: 1 }],
    ['a string number', { alg: 'argon2id13', ops: '3', mem: 64 * MIB }],
    ['a fraction', { alg: 'argon2id13', ops: 3.5, mem: 64 * MIB }],
    ['NaN', { alg: 'argon2id13', ops: NaN, mem: 64 * MIB }],
    ['absurd ops', { alg: 'argon2id13', ops: 1000, mem: 64 * MIB }],
    ['absurd mem', { alg: 'argon2id13', ops: 3, mem: 8 * 1024 * MIB }],
  ])('refuses malformed parameters: %s', (_label, kdf) => {
    expectCode(() => assertKdfParams(kdf), CryptoErrorCode.BadShape);
  });
});

describe('deriveStaffKeys', () => {
  const salt = new Uint8Array(16).fill(7);

  it('normalises the password to NFC and splits 64 bytes into KEK and authKey', () => {
    const composed = deriveStaffKeys('p\u00e4ssw\u00f6rd', salt, DEFAULT_STAFF_KDF);
    const decomposed = deriveStaffKeys('pa\u0308ssw\u00f6rd', salt, DEFAULT_STAFF_KDF);
    expect(composed.kek).toHaveLength(32);
    expect(composed.authKey).toHaveLength(32);
    expect(composed.kek).not.toEqual(composed.authKey);
    expect(decomposed).toEqual(composed);
  });

  it('depends on the salt', () => {
    const a = deriveStaffKeys('password', salt, DEFAULT_STAFF_KDF);
    const b = deriveStaffKeys('password', new Uint8Array(16), DEFAULT_STAFF_KDF);
    expect(a.kek).not.toEqual(b.kek);
  });

  it('refuses weak parameters and wrong salt lengths before hashing', () => {
    expectCode(() => deriveStaffKeys('pw', salt, { alg: 'argon2id13', ops: 1, mem: 8192 }), CryptoErrorCode.WeakKdfParams);
    expectCode(() => deriveStaffKeys('pw', new Uint8Array(15), DEFAULT_STAFF_KDF), CryptoErrorCode.BadLength);
  });
});

describe('key bundle', () => {
  function makeBundle(): KeyBundle {
    const keys = generateStaffKeys();
    return {
      boxSecretKey: keys.box.secretKey,
      signSecretKey: keys.sign.secretKey,
      trust: { '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d': '0a1b 2c3d 4e5f 6a7b 8c9d 0e1f 2a3b 4c5d', recovery: 'ffff 0000 ffff 0000 ffff 0000 ffff 0000' },
    };
  }

  function sealRaw(plain: Uint8Array, key: Uint8Array): Uint8Array {
    const nonce = sodium.randombytes_buf(24);
    const boxed = sodium.crypto_secretbox_easy(plain, nonce, key);
    const out = new Uint8Array(24 + boxed.length);
    out.set(nonce);
    out.set(boxed, 24);
    return out;
  }

  it('round-trips', () => {
    const bundle = makeBundle();
    const kek = generateKey();
    const wrapped = wrapKeyBundle(bundle, kek);
    expect(unwrapKeyBundle(wrapped, kek)).toEqual(bundle);
  });

  it('is nonce ‖ secretbox of the JSON with base64url keys', () => {
    const bundle = makeBundle();
    const kek = generateKey();
    const wrapped = wrapKeyBundle(bundle, kek);
    const plain = sodium.crypto_secretbox_open_easy(wrapped.subarray(24), wrapped.subarray(0, 24), kek);
    expect(JSON.parse(sodium.to_string(plain))).toEqual({
      boxSecretKey: toB64(bundle.boxSecretKey),
      signSecretKey: toB64(bundle.signSecretKey),
      trust: bundle.trust,
    });
  });

  it('fails with DecryptFailed for a wrong key or a flipped bit', () => {
    const kek = generateKey();
    const wrapped = wrapKeyBundle(makeBundle(), kek);
    expectCode(() => unwrapKeyBundle(wrapped, generateKey()), CryptoErrorCode.DecryptFailed);
    const flipped = wrapped.slice();
    flipped[40] ^= 1;
    expectCode(() => unwrapKeyBundle(flipped, kek), CryptoErrorCode.DecryptFailed);
    expectCode(() => unwrapKeyBundle(wrapped.subarray(0, 39), kek), CryptoErrorCode.BadLength);
  });

  it('rejects authentic but malformed contents', () => {
    const kek = generateKey();
    const bundle = makeBundle();
    expectCode(() => unwrapKeyBundle(sealRaw(utf8('not json'), kek), kek), CryptoErrorCode.BadJson);
    expectCode(() => unwrapKeyBundle(sealRaw(new Uint8Array([0xff, 0xfe]), kek), kek), CryptoErrorCode.BadJson);
    const base = { boxSecretKey: toB64(bundle.boxSecretKey), signSecretKey: toB64(bundle.signSecretKey), trust: {} };
    const bad = [
      { ...base, extra: 1 },
      { boxSecretKey: base.boxSecretKey, signSecretKey: base.signSecretKey },
      { ...base, boxSecretKey: toB64(new Uint8Array(31)) },
      { ...base, signSecretKey: base.boxSecretKey },
      { ...base, trust: { x: 1 } },
      { ...base, trust: [] },
      // A sign secret key whose public half does not belong to its seed.
      { ...base, signSecretKey: toB64(new Uint8Array([...bundle.signSecretKey.subarray(0, 32), ...new Uint8Array(32)])) },
    ];
    for (const value of bad) {
      expectCode(() => unwrapKeyBundle(sealRaw(utf8(JSON.stringify(value)), kek), kek), CryptoErrorCode.BadShape);
    }
  });

  it('keeps a "__proto__" trust entry as data', () => {
    const kek = generateKey();
    const bundle = makeBundle();
    const json = `{"boxSecretKey":"${toB64(bundle.boxSecretKey)}","signSecretKey":"${toB64(bundle.signSecretKey)}","trust":{"__proto__":"x"}}`;
    const opened = unwrapKeyBundle(sealRaw(utf8(json), kek), kek);
    expect(Object.getPrototypeOf(opened.trust)).toBe(Object.prototype);
    expect(Object.keys(opened.trust)).toEqual(['__proto__']);
  });

  it('refuses to wrap inconsistent or mis-sized keys', () => {
    const bundle = makeBundle();
    expectCode(() => wrapKeyBundle({ ...bundle, boxSecretKey: new Uint8Array(31) }, generateKey()), CryptoErrorCode.BadLength);
    expectCode(() => wrapKeyBundle(bundle, new Uint8Array(16)), CryptoErrorCode.BadLength);
    const other = generateStaffKeys();
    const mixed = new Uint8Array([...bundle.signSecretKey.subarray(0, 32), ...other.sign.publicKey]);
    expectCode(() => wrapKeyBundle({ ...bundle, signSecretKey: mixed }, generateKey()), CryptoErrorCode.BadShape);
  });
});

describe('recovery key', () => {
  it('derives two distinct, deterministic subkeys with context "kanavarc"', () => {
    const recoveryKey = generateRecoveryKey();
    expect(recoveryKey).toHaveLength(32);
    const { wrapKey, resetKey } = recoverySubkeys(recoveryKey);
    expect(wrapKey).toHaveLength(32);
    expect(resetKey).toHaveLength(32);
    expect(wrapKey).not.toEqual(resetKey);
    expect(recoverySubkeys(recoveryKey.slice())).toEqual({ wrapKey, resetKey });
    expect(wrapKey).toEqual(sodium.crypto_kdf_derive_from_key(32, 1, 'kanavarc', recoveryKey));
    expect(resetKey).toEqual(sodium.crypto_kdf_derive_from_key(32, 2, 'kanavarc', recoveryKey));
    expectCode(() => recoverySubkeys(new Uint8Array(16)), CryptoErrorCode.BadLength);
  });

  it('wraps the same bundle a second time, openable offline', () => {
    const keys = generateStaffKeys();
    const bundle: KeyBundle = { boxSecretKey: keys.box.secretKey, signSecretKey: keys.sign.secretKey, trust: {} };
    const recoveryKey = generateRecoveryKey();
    const wrapped = wrapKeyBundle(bundle, recoverySubkeys(recoveryKey).wrapKey);
    expect(unwrapKeyBundle(wrapped, recoverySubkeys(recoveryKey).wrapKey)).toEqual(bundle);
    expectCode(() => unwrapKeyBundle(wrapped, recoverySubkeys(recoveryKey).resetKey), CryptoErrorCode.DecryptFailed);
  });
});
