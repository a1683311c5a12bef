import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  boxPublicKeyFromSecret,
  CryptoError,
  CryptoErrorCode,
  fingerprint,
  generateKey,
  generateStaffKeys,
  keyId,
  ready,
  recoveryFingerprint,
  signPublicKeyFromSecret,
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

beforeAll(ready);

describe('keyId', () => {
  it('is 16 bytes of labelled BLAKE2b, deterministic and key-specific', () => {
    const key = generateKey();
    const id = keyId(key);
    expect(id).toHaveLength(16);
    expect(keyId(key.slice())).toEqual(id);
    expect(keyId(generateKey())).not.toEqual(id);
    const label = utf8('kanava:v1:keyid');
    const message = new Uint8Array(label.length + 32);
    message.set(label);
    message.set(key, label.length);
    expect(id).toEqual(sodium.crypto_generichash(16, message, null));
  });

  it('only names 32-byte keys', () => {
    expectCode(() => keyId(new Uint8Array(31)), CryptoErrorCode.BadLength);
    expectCode(() => keyId(new Uint8Array(33)), CryptoErrorCode.BadLength);
  });
});

describe('fingerprint', () => {
  it('is 8 groups of 4 lower-case hex digits and depends on both keys', () => {
    const a = generateStaffKeys();
    const b = generateStaffKeys();
    const fp = fingerprint(a.box.publicKey, a.sign.publicKey);
    expect(fp).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
    expect(fingerprint(a.box.publicKey, a.sign.publicKey)).toBe(fp);
    expect(fingerprint(b.box.publicKey, a.sign.publicKey)).not.toBe(fp);
    expect(fingerprint(a.box.publicKey, b.sign.publicKey)).not.toBe(fp);
    // Order matters: the box key comes first.
    expect(fingerprint(a.sign.publicKey, a.box.publicKey)).not.toBe(fp);
  });

  it('rejects wrong key lengths', () => {
    expectCode(() => fingerprint(new Uint8Array(32), new Uint8Array(64)), CryptoErrorCode.BadLength);
    expectCode(() => fingerprint(new Uint8Array(31), new Uint8Array(32)), CryptoErrorCode.BadLength);
  });
});

describe('recoveryFingerprint', () => {
  it('matches a frozen vector and is formatted like a staff fingerprint', () => {
    const key = new Uint8Array(32).map((_, i) => i);
    expect(recoveryFingerprint(key)).toBe('cb0b bc07 711f bca0 ee95 6c7c 2688 5dcb');
    const { box, sign } = generateStaffKeys();
    expect(recoveryFingerprint(box.publicKey)).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
    // A recovery key and a staff member's keys never share a fingerprint.
    expect(recoveryFingerprint(box.publicKey)).not.toBe(fingerprint(box.publicKey, sign.publicKey));
  });

  it('rejects a wrong key length', () => {
    expectCode(() => recoveryFingerprint(new Uint8Array(31)), CryptoErrorCode.BadLength);
  });
});

describe('public keys from secret keys', () => {
  it('recovers the Ed25519 public key, matching Node', () => {
    const { sign } = generateStaffKeys();
    expect(signPublicKeyFromSecret(sign.secretKey)).toEqual(sign.publicKey);
    const nodeKey = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), sign.secretKey.subarray(0, 32)]),
      format: 'der',
      type: 'pkcs8',
    });
    const spki = createPublicKey(nodeKey).export({ format: 'der', type: 'spki' });
    expect(new Uint8Array(spki.subarray(12))).toEqual(sign.publicKey);
    expectCode(() => signPublicKeyFromSecret(new Uint8Array(32)), CryptoErrorCode.BadLength);
  });

  it('recovers the X25519 public key, matching Node', () => {
    const { box } = generateStaffKeys();
    expect(boxPublicKeyFromSecret(box.secretKey)).toEqual(box.publicKey);
    const nodeKey = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), box.secretKey]),
      format: 'der',
      type: 'pkcs8',
    });
    const spki = createPublicKey(nodeKey).export({ format: 'der', type: 'spki' });
    expect(new Uint8Array(spki.subarray(12))).toEqual(box.publicKey);
    expectCode(() => boxPublicKeyFromSecret(new Uint8Array(64)), CryptoErrorCode.BadLength);
  });
});
