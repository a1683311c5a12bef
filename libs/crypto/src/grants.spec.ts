import {
  BoxKeyPair,
  CryptoError,
  CryptoErrorCode,
  fromB64,
  generateKey,
  generateStaffKeys,
  grantSignatureMessage,
  keyId,
  openBoxGrant,
  openReporterGrant,
  ready,
  sealGrantToBox,
  sealGrantToReporter,
  StaffKeys,
  toB64,
  toHex,
  verifyGrant,
  WireGrant,
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

const CASE = '0b6f3c4e-5a7d-4e21-9c3b-2f1a8d6e7c90';
const OTHER_CASE = '7d2e9a10-3b4c-4f5e-8a6b-1c2d3e4f5a6b';
const USER = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const OTHER_USER = '1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b';

let reporterSign: { publicKey: Uint8Array; privateKey: Uint8Array };
let wrapKey: Uint8Array;
let staff: StaffKeys;
let colleague: StaffKeys;
let sharedKey: Uint8Array;

const box = (keys: StaffKeys): BoxKeyPair => keys.box;

function flip(b64: string, index: number): string {
  const bytes = fromB64(b64);
  bytes[index] ^= 1;
  return toB64(bytes);
}

function reporterGrant(keyKind: 'shared' | 'identity' = 'shared', key = sharedKey): WireGrant {
  return sealGrantToReporter({ caseId: CASE, keyKind, key, wrapKey, signSecretKey: reporterSign.privateKey });
}

function staffGrant(grantee: `user:${string}` | 'recovery' = `user:${USER}`, key = sharedKey, to: StaffKeys = staff): WireGrant {
  return sealGrantToBox({ caseId: CASE, keyKind: 'shared', key, grantee, boxPublicKey: to.box.publicKey, signSecretKey: reporterSign.privateKey });
}

beforeAll(async () => {
  await ready();
  reporterSign = sodium.crypto_sign_keypair();
  wrapKey = generateKey();
  staff = generateStaffKeys();
  colleague = generateStaffKeys();
  sharedKey = generateKey();
});

describe('grantSignatureMessage', () => {
  it('is the labelled context followed by the sealed bytes', () => {
    const id = keyId(sharedKey);
    const sealed = new Uint8Array([1, 2, 3]);
    const message = grantSignatureMessage(CASE, 'identity', `user:${USER}`, id, sealed);
    const prefix = `kanava:v1:grant:${CASE}:identity:user:${USER}:${toHex(id)}:`;
    expect(sodium.to_string(message.subarray(0, message.length - 3))).toBe(prefix);
    expect(message.subarray(message.length - 3)).toEqual(sealed);
  });

  it('rejects non-canonical labels', () => {
    const id = keyId(sharedKey);
    expectCode(() => grantSignatureMessage(CASE, 'shared', `user:${USER.toUpperCase()}`, id, new Uint8Array(80)), CryptoErrorCode.BadShape);
    expectCode(() => grantSignatureMessage(CASE, 'shared', 'admin' as 'recovery', id, new Uint8Array(80)), CryptoErrorCode.BadShape);
    expectCode(() => grantSignatureMessage(CASE, 'secret' as 'shared', 'recovery', id, new Uint8Array(80)), CryptoErrorCode.BadShape);
    expectCode(() => grantSignatureMessage(CASE, 'shared', 'recovery', new Uint8Array(32), new Uint8Array(80)), CryptoErrorCode.BadLength);
  });
});

describe('reporter grants', () => {
  it('seal 72 bytes, verify and open', () => {
    const grant = reporterGrant();
    expect(grant.grantee).toBe('reporter');
    expect(grant.keyKind).toBe('shared');
    expect(grant.keyId).toBe(toB64(keyId(sharedKey)));
    expect(fromB64(grant.sealed)).toHaveLength(72);
    expect(() => verifyGrant(grant, CASE, reporterSign.publicKey)).not.toThrow();
    expect(openReporterGrant(grant, CASE, wrapKey)).toEqual(sharedKey);
    expect(openReporterGrant(grant, CASE, wrapKey, grant.keyId)).toEqual(sharedKey);
  });

  it('never carry the internal key', () => {
    expectCode(
      () => sealGrantToReporter({ caseId: CASE, keyKind: 'internal', key: sharedKey, wrapKey, signSecretKey: reporterSign.privateKey }),
      CryptoErrorCode.BadGrant,
    );
    expectCode(() => openReporterGrant({ ...reporterGrant(), keyKind: 'internal' }, CASE, wrapKey), CryptoErrorCode.BadGrant);
  });

  it('a wrong wrap key → DecryptFailed', () => {
    expectCode(() => openReporterGrant(reporterGrant(), CASE, generateKey()), CryptoErrorCode.DecryptFailed);
  });

  it('moved to another case → BadSignature / DecryptFailed', () => {
    const grant = reporterGrant();
    expectCode(() => verifyGrant(grant, OTHER_CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => openReporterGrant(grant, OTHER_CASE, wrapKey), CryptoErrorCode.DecryptFailed);
  });

  it('relabelled key kind → BadSignature / DecryptFailed', () => {
    const grant: WireGrant = { ...reporterGrant('shared'), keyKind: 'identity' };
    expectCode(() => verifyGrant(grant, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => openReporterGrant(grant, CASE, wrapKey), CryptoErrorCode.DecryptFailed);
  });

  it('swapped sealed key → BadSignature / KeyIdMismatch', () => {
    const grant = reporterGrant();
    const other = reporterGrant('shared', generateKey());
    const swapped = { ...grant, sealed: other.sealed };
    expectCode(() => verifyGrant(swapped, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => openReporterGrant(swapped, CASE, wrapKey), CryptoErrorCode.KeyIdMismatch);
  });

  it('changed keyId → BadSignature / KeyIdMismatch', () => {
    const grant = reporterGrant();
    const changed = { ...grant, keyId: toB64(keyId(generateKey())) };
    expectCode(() => verifyGrant(changed, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => openReporterGrant(changed, CASE, wrapKey), CryptoErrorCode.KeyIdMismatch);
  });

  it('a key other than the case records → KeyIdMismatch', () => {
    const grant = reporterGrant();
    expectCode(() => openReporterGrant(grant, CASE, wrapKey, toB64(keyId(generateKey()))), CryptoErrorCode.KeyIdMismatch);
  });

  it('a flipped bit in the sealed bytes', () => {
    const grant = reporterGrant();
    for (const index of [0, 30, 71]) {
      const tampered = { ...grant, sealed: flip(grant.sealed, index) };
      expectCode(() => verifyGrant(tampered, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
      expectCode(() => openReporterGrant(tampered, CASE, wrapKey), CryptoErrorCode.DecryptFailed);
    }
  });
});

describe('box grants', () => {
  it('seal 80 bytes, verify and open', () => {
    const grant = staffGrant();
    expect(fromB64(grant.sealed)).toHaveLength(80);
    expect(() => verifyGrant(grant, CASE, reporterSign.publicKey)).not.toThrow();
    expect(openBoxGrant(grant, CASE, box(staff))).toEqual(sharedKey);
    expect(openBoxGrant(grant, CASE, box(staff), grant.keyId)).toEqual(sharedKey);
    const recovery = staffGrant('recovery');
    expect(openBoxGrant(recovery, CASE, box(staff))).toEqual(sharedKey);
  });

  it('can be signed by a staff member and carry the internal key', () => {
    const internal = generateKey();
    const grant = sealGrantToBox({
      caseId: CASE,
      keyKind: 'internal',
      key: internal,
      grantee: `user:${OTHER_USER}`,
      boxPublicKey: colleague.box.publicKey,
      signSecretKey: staff.sign.secretKey,
    });
    expect(() => verifyGrant(grant, CASE, staff.sign.publicKey)).not.toThrow();
    expectCode(() => verifyGrant(grant, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expect(openBoxGrant(grant, CASE, box(colleague))).toEqual(internal);
  });

  it('a wrong key pair → DecryptFailed', () => {
    expectCode(() => openBoxGrant(staffGrant(), CASE, box(colleague)), CryptoErrorCode.DecryptFailed);
  });

  it('relabelled key kind or grantee → BadSignature', () => {
    const grant = staffGrant();
    expectCode(() => verifyGrant({ ...grant, keyKind: 'identity' }, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => verifyGrant({ ...grant, keyKind: 'internal' }, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => verifyGrant({ ...grant, grantee: `user:${OTHER_USER}` }, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => verifyGrant({ ...grant, grantee: 'recovery' }, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => verifyGrant(grant, OTHER_CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
  });

  it('swapped sealed key → BadSignature / KeyIdMismatch', () => {
    const grant = staffGrant();
    const other = staffGrant(`user:${USER}`, generateKey());
    const swapped = { ...grant, sealed: other.sealed };
    expectCode(() => verifyGrant(swapped, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => openBoxGrant(swapped, CASE, box(staff)), CryptoErrorCode.KeyIdMismatch);
  });

  it('changed keyId → BadSignature / KeyIdMismatch', () => {
    const grant = staffGrant();
    const changed = { ...grant, keyId: flip(grant.keyId, 3) };
    expectCode(() => verifyGrant(changed, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => openBoxGrant(changed, CASE, box(staff)), CryptoErrorCode.KeyIdMismatch);
    expectCode(() => openBoxGrant(grant, CASE, box(staff), changed.keyId), CryptoErrorCode.KeyIdMismatch);
  });

  it('a signature by another key', () => {
    const forged = sealGrantToBox({
      caseId: CASE,
      keyKind: 'shared',
      key: sharedKey,
      grantee: `user:${USER}`,
      boxPublicKey: staff.box.publicKey,
      signSecretKey: colleague.sign.secretKey,
    });
    expectCode(() => verifyGrant(forged, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
    expectCode(() => verifyGrant({ ...staffGrant(), signature: forged.signature }, CASE, reporterSign.publicKey), CryptoErrorCode.BadSignature);
  });
});

describe('grant type confusion and malformed grants', () => {
  it('box sealing refuses the reporter, opening checks the grantee type', () => {
    expectCode(
      () =>
        sealGrantToBox({
          caseId: CASE,
          keyKind: 'shared',
          key: sharedKey,
          grantee: 'reporter',
          boxPublicKey: staff.box.publicKey,
          signSecretKey: reporterSign.privateKey,
        }),
      CryptoErrorCode.BadGrant,
    );
    expectCode(() => openReporterGrant(staffGrant(), CASE, wrapKey), CryptoErrorCode.BadGrant);
    expectCode(() => openBoxGrant(reporterGrant(), CASE, box(staff)), CryptoErrorCode.BadGrant);
  });

  it('the sealed length must fit the grantee type', () => {
    expectCode(() => verifyGrant({ ...reporterGrant(), grantee: `user:${USER}` }, CASE, reporterSign.publicKey), CryptoErrorCode.BadLength);
    expectCode(() => verifyGrant({ ...staffGrant(), grantee: 'reporter' }, CASE, reporterSign.publicKey), CryptoErrorCode.BadLength);
  });

  it('rejects bad encodings, lengths and labels', () => {
    const grant = staffGrant();
    expectCode(() => verifyGrant({ ...grant, sealed: `${grant.sealed}=` }, CASE, reporterSign.publicKey), CryptoErrorCode.BadEncoding);
    expectCode(() => verifyGrant({ ...grant, keyId: grant.keyId.replace(/.$/, '/') }, CASE, reporterSign.publicKey), CryptoErrorCode.BadEncoding);
    expectCode(() => verifyGrant({ ...grant, signature: toB64(new Uint8Array(32)) }, CASE, reporterSign.publicKey), CryptoErrorCode.BadLength);
    expectCode(() => verifyGrant({ ...grant, keyId: toB64(new Uint8Array(15)) }, CASE, reporterSign.publicKey), CryptoErrorCode.BadLength);
    expectCode(() => verifyGrant(grant, CASE, new Uint8Array(33)), CryptoErrorCode.BadLength);
    expectCode(() => verifyGrant({ ...grant, grantee: 'user:nobody' as `user:${string}` }, CASE, reporterSign.publicKey), CryptoErrorCode.BadShape);
    expectCode(() => verifyGrant(grant, 'not-a-uuid', reporterSign.publicKey), CryptoErrorCode.BadShape);
    expectCode(() => openBoxGrant(grant, CASE, { publicKey: staff.box.publicKey, secretKey: new Uint8Array(64) }), CryptoErrorCode.BadLength);
  });

  it('ignores extra wire fields', () => {
    const grant = { ...staffGrant(), signedBy: USER };
    expect(() => verifyGrant(grant, CASE, reporterSign.publicKey)).not.toThrow();
  });
});
