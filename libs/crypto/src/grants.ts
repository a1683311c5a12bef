import { CryptoError, CryptoErrorCode } from './errors';
import { assertLength, bytesEqual, concatBytes, fromB64, LENGTHS, randomBytes, SIGN_SECRET_KEY_LENGTH, toB64, toHex, utf8 } from './encoding';
import { keyId, signatureValid } from './keys';
import { sodium } from './sodium';
import { assertGrantee, assertKeyKind, assertUuid, BoxKeyPair, Grantee, KeyKind } from './types';

/** A case key sealed to one grantee, signed by its granter. Extra fields are ignored. */
export interface WireGrant {
  keyKind: KeyKind;
  grantee: Grantee;
  keyId: string;
  sealed: string;
  signature: string;
}

interface DecodedGrant {
  keyKind: KeyKind;
  grantee: Grantee;
  keyId: Uint8Array;
  sealed: Uint8Array;
  signature: Uint8Array;
}

/** The sealed length a grantee's grant must have: 72 for the reporter, 80 for a sealed box. */
export function sealedGrantLength(grantee: Grantee): number {
  return grantee === 'reporter' ? LENGTHS.reporterGrant : LENGTHS.sealedBox;
}

/**
 * `utf8("kanava:v1:grant:<caseId>:<keyKind>:<grantee>:<keyIdHex>:") ‖ sealed`:
 * the bytes a grant signature covers.
 */
export function grantSignatureMessage(caseId: string, keyKind: KeyKind, grantee: Grantee, keyIdBytes: Uint8Array, sealed: Uint8Array): Uint8Array {
  assertUuid(caseId, 'caseId');
  assertKeyKind(keyKind);
  assertGrantee(grantee);
  assertLength(keyIdBytes, LENGTHS.keyId, 'keyId');
  if (!(sealed instanceof Uint8Array)) {
    throw new CryptoError(CryptoErrorCode.BadLength, 'sealed must be a Uint8Array');
  }
  return concatBytes(utf8(`kanava:v1:grant:${caseId}:${keyKind}:${grantee}:${toHex(keyIdBytes)}:`), sealed);
}

function reporterGrantAad(caseId: string, keyKind: KeyKind): Uint8Array {
  return utf8(`kanava:v1:${caseId}:grant:${keyKind}:reporter`);
}

function assertReporterMayHold(keyKind: KeyKind): void {
  // Invariant: the internal key (handlers' notes) never reaches the reporter.
  if (keyKind === 'internal') {
    throw new CryptoError(CryptoErrorCode.BadGrant, 'the internal key is never granted to the reporter');
  }
}

function signGrant(caseId: string, keyKind: KeyKind, grantee: Grantee, key: Uint8Array, sealed: Uint8Array, signSecretKey: Uint8Array): WireGrant {
  const id = keyId(key);
  const signature = sodium.crypto_sign_detached(grantSignatureMessage(caseId, keyKind, grantee, id, sealed), signSecretKey);
  return { keyKind, grantee, keyId: toB64(id), sealed: toB64(sealed), signature: toB64(signature) };
}

/**
 * Seals a case key to the reporter: `nonce24 ‖ XChaCha20-Poly1305(key,
 * AAD "kanava:v1:<caseId>:grant:<keyKind>:reporter", wrapKey)`, then signs it.
 * `nonce` is for known-answer tests only.
 */
export function sealGrantToReporter(args: {
  caseId: string;
  keyKind: KeyKind;
  key: Uint8Array;
  wrapKey: Uint8Array;
  signSecretKey: Uint8Array;
  nonce?: Uint8Array;
}): WireGrant {
  assertUuid(args.caseId, 'caseId');
  assertKeyKind(args.keyKind);
  assertReporterMayHold(args.keyKind);
  assertLength(args.key, LENGTHS.key, 'key');
  assertLength(args.wrapKey, LENGTHS.key, 'wrap key');
  assertLength(args.signSecretKey, SIGN_SECRET_KEY_LENGTH, 'sign secret key');
  const nonce = args.nonce ?? randomBytes(LENGTHS.nonce);
  assertLength(nonce, LENGTHS.nonce, 'nonce');
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(args.key, reporterGrantAad(args.caseId, args.keyKind), null, nonce, args.wrapKey);
  return signGrant(args.caseId, args.keyKind, 'reporter', args.key, concatBytes(nonce, ciphertext), args.signSecretKey);
}

/** Seals a case key to a staff member or to recovery with `crypto_box_seal` (80 bytes), then signs it. */
export function sealGrantToBox(args: {
  caseId: string;
  keyKind: KeyKind;
  key: Uint8Array;
  grantee: Grantee;
  boxPublicKey: Uint8Array;
  signSecretKey: Uint8Array;
}): WireGrant {
  assertUuid(args.caseId, 'caseId');
  assertKeyKind(args.keyKind);
  assertGrantee(args.grantee);
  if (args.grantee === 'reporter') {
    throw new CryptoError(CryptoErrorCode.BadGrant, 'the reporter is sealed to with sealGrantToReporter');
  }
  assertLength(args.key, LENGTHS.key, 'key');
  assertLength(args.boxPublicKey, LENGTHS.publicKey, 'box public key');
  assertLength(args.signSecretKey, SIGN_SECRET_KEY_LENGTH, 'sign secret key');
  const sealed = sodium.crypto_box_seal(args.key, args.boxPublicKey);
  return signGrant(args.caseId, args.keyKind, args.grantee, args.key, sealed, args.signSecretKey);
}

function decodeGrant(grant: WireGrant, caseId: string): DecodedGrant {
  if (typeof grant !== 'object' || grant === null || Array.isArray(grant)) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'grant must be an object');
  }
  assertUuid(caseId, 'caseId');
  assertKeyKind(grant.keyKind);
  assertGrantee(grant.grantee);
  return {
    keyKind: grant.keyKind,
    grantee: grant.grantee,
    keyId: fromB64(grant.keyId, LENGTHS.keyId),
    sealed: fromB64(grant.sealed, sealedGrantLength(grant.grantee)),
    signature: fromB64(grant.signature, LENGTHS.signature),
  };
}

function checkKeyId(key: Uint8Array, decoded: DecodedGrant, expectedKeyId: string | undefined): void {
  const actual = keyId(key);
  if (!bytesEqual(actual, decoded.keyId)) {
    throw new CryptoError(CryptoErrorCode.KeyIdMismatch, 'sealed key does not match the grant keyId');
  }
  if (expectedKeyId !== undefined && !bytesEqual(actual, fromB64(expectedKeyId, LENGTHS.keyId))) {
    throw new CryptoError(CryptoErrorCode.KeyIdMismatch, "sealed key is not the case's recorded key");
  }
}

/**
 * Checks a grant's signature against `signerPublicKey` (and the sealed length
 * for its grantee type). Throws BadSignature, or BadEncoding/BadLength/BadShape
 * for a malformed grant. Which signer to trust is the caller's decision.
 */
export function verifyGrant(grant: WireGrant, caseId: string, signerPublicKey: Uint8Array): void {
  const { signature, message } = grantSignedParts(grant, caseId);
  assertLength(signerPublicKey, LENGTHS.publicKey, 'signer public key');
  if (!signatureValid(signature, message, signerPublicKey)) {
    throw new CryptoError(CryptoErrorCode.BadSignature, 'grant signature is not valid for this signer');
  }
}

/**
 * A grant's signature and the message it must cover, for a caller that checks many
 * signatures elsewhere (a worker thread); `verifyGrant` is this and `signatureValid`.
 * Throws BadEncoding/BadLength/BadShape for a malformed grant.
 */
export function grantSignedParts(grant: WireGrant, caseId: string): { signature: Uint8Array; message: Uint8Array } {
  const decoded = decodeGrant(grant, caseId);
  return { signature: decoded.signature, message: grantSignatureMessage(caseId, decoded.keyKind, decoded.grantee, decoded.keyId, decoded.sealed) };
}

/**
 * Opens a reporter grant with the reporter wrap key. BadGrant if the grant is
 * not addressed to the reporter, DecryptFailed for a wrong key, case or key
 * kind, KeyIdMismatch unless the key matches the grant's keyId (and
 * `expectedKeyId`, the case's recorded keyId, when given). Does not check the
 * signature; call {@link verifyGrant} for that.
 */
export function openReporterGrant(grant: WireGrant, caseId: string, wrapKey: Uint8Array, expectedKeyId?: string): Uint8Array {
  const decoded = decodeGrant(grant, caseId);
  if (decoded.grantee !== 'reporter') {
    throw new CryptoError(CryptoErrorCode.BadGrant, 'grant is not addressed to the reporter');
  }
  assertReporterMayHold(decoded.keyKind);
  assertLength(wrapKey, LENGTHS.key, 'wrap key');
  let key: Uint8Array;
  try {
    key = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      decoded.sealed.subarray(LENGTHS.nonce),
      reporterGrantAad(caseId, decoded.keyKind),
      decoded.sealed.subarray(0, LENGTHS.nonce),
      wrapKey,
    );
  } catch {
    throw new CryptoError(CryptoErrorCode.DecryptFailed, 'grant cannot be opened with this wrap key');
  }
  checkKeyId(key, decoded, expectedKeyId);
  return key;
}

/**
 * Opens a sealed-box grant (staff member or recovery) with the grantee's box
 * key pair. BadGrant for a reporter grant, DecryptFailed for the wrong key pair
 * or tampering, KeyIdMismatch as for {@link openReporterGrant}. Sealed boxes
 * carry no associated data: the signature ({@link verifyGrant}) is what binds
 * the case, key kind and grantee.
 */
export function openBoxGrant(grant: WireGrant, caseId: string, box: BoxKeyPair, expectedKeyId?: string): Uint8Array {
  const decoded = decodeGrant(grant, caseId);
  if (decoded.grantee === 'reporter') {
    throw new CryptoError(CryptoErrorCode.BadGrant, 'reporter grants are opened with openReporterGrant');
  }
  assertLength(box.publicKey, LENGTHS.publicKey, 'box public key');
  assertLength(box.secretKey, LENGTHS.key, 'box secret key');
  let key: Uint8Array;
  try {
    key = sodium.crypto_box_seal_open(decoded.sealed, box.publicKey, box.secretKey);
  } catch {
    throw new CryptoError(CryptoErrorCode.DecryptFailed, 'grant cannot be opened with this key pair');
  }
  checkKeyId(key, decoded, expectedKeyId);
  return key;
}
