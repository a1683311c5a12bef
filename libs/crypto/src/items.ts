import { CryptoError, CryptoErrorCode } from './errors';
import { assertLength, bytesEqual, concatBytes, fromB64, fromUtf8Strict, LENGTHS, randomBytes, SIGN_SECRET_KEY_LENGTH, toB64, utf8 } from './encoding';
import { validateItemValue } from './item-values';
import { keyId, signatureValid } from './keys';
import { sodium } from './sodium';
import { assertItemKind, assertUuid, ItemKind } from './types';

/** Items are padded to a multiple of this many bytes before encryption. */
export const ITEM_PADDING_BLOCK = 512;

// Literal, not the sodium constant: those are only defined after ready().
const AEAD_TAG = 16;

/** An encrypted, signed item as it travels in JSON (binary fields base64url). Extra fields are ignored. */
export interface WireItem {
  itemId: string;
  kind: ItemKind;
  keyId: string;
  nonce: string;
  ciphertext: string;
  signature: string;
}

/** `ascii("kanava:v1:<caseId>:<kind>:<itemId>")`; for attachments itemId is the attachmentId. */
export function itemAad(caseId: string, kind: ItemKind, itemId: string): Uint8Array {
  assertUuid(caseId, 'caseId');
  assertItemKind(kind);
  assertUuid(itemId, 'itemId');
  return utf8(`kanava:v1:${caseId}:${kind}:${itemId}`);
}

/** `utf8("kanava:v1:sig:") ‖ AAD ‖ utf8(":") ‖ nonce ‖ ciphertext`: the bytes an item signature covers. */
export function itemSignatureMessage(aad: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return concatBytes(utf8('kanava:v1:sig:'), aad, utf8(':'), nonce, ciphertext);
}

/**
 * Validates `value` for `kind`, pads its JSON to 512 bytes, encrypts it with
 * XChaCha20-Poly1305 under `key` (AAD binds case, kind and item id) and signs
 * the result. `nonce` is for known-answer tests only; leave it out otherwise.
 */
export function encryptItem(args: {
  caseId: string;
  kind: ItemKind;
  itemId: string;
  key: Uint8Array;
  value: unknown;
  signSecretKey: Uint8Array;
  nonce?: Uint8Array;
}): WireItem {
  const aad = itemAad(args.caseId, args.kind, args.itemId);
  assertLength(args.key, LENGTHS.key, 'key');
  assertLength(args.signSecretKey, SIGN_SECRET_KEY_LENGTH, 'sign secret key');
  const nonce = args.nonce ?? randomBytes(LENGTHS.nonce);
  assertLength(nonce, LENGTHS.nonce, 'nonce');
  const value = validateItemValue(args.kind, args.value);
  const plaintext = sodium.pad(utf8(JSON.stringify(value)), ITEM_PADDING_BLOCK);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, args.key);
  sodium.memzero(plaintext);
  const signature = sodium.crypto_sign_detached(itemSignatureMessage(aad, nonce, ciphertext), args.signSecretKey);
  return {
    itemId: args.itemId,
    kind: args.kind,
    keyId: toB64(keyId(args.key)),
    nonce: toB64(nonce),
    ciphertext: toB64(ciphertext),
    signature: toB64(signature),
  };
}

interface DecodedItem {
  aad: Uint8Array;
  keyId: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  signature: Uint8Array;
}

function decodeItem(item: WireItem, caseId: string): DecodedItem {
  // Not isPlainObject: the server may hand in validated DTO class instances.
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new CryptoError(CryptoErrorCode.BadShape, 'item must be an object');
  }
  const aad = itemAad(caseId, item.kind, item.itemId);
  const decoded = {
    aad,
    keyId: fromB64(item.keyId, LENGTHS.keyId),
    nonce: fromB64(item.nonce, LENGTHS.nonce),
    ciphertext: fromB64(item.ciphertext),
    signature: fromB64(item.signature, LENGTHS.signature),
  };
  // A padded plaintext is a non-zero multiple of the block, so anything else was not made by encryptItem.
  const body = decoded.ciphertext.length - AEAD_TAG;
  if (body < ITEM_PADDING_BLOCK || body % ITEM_PADDING_BLOCK !== 0) {
    throw new CryptoError(CryptoErrorCode.BadLength, 'item ciphertext has an impossible length');
  }
  return decoded;
}

/**
 * Checks an item's signature against `signerPublicKey` for this case (the
 * server runs this too). Throws BadSignature, or BadEncoding/BadLength/BadShape
 * for a malformed item.
 */
export function verifyItem(item: WireItem, caseId: string, signerPublicKey: Uint8Array): void {
  const { signature, message } = itemSignedParts(item, caseId);
  assertLength(signerPublicKey, LENGTHS.publicKey, 'signer public key');
  if (!signatureValid(signature, message, signerPublicKey)) {
    throw new CryptoError(CryptoErrorCode.BadSignature, 'item signature is not valid for this signer');
  }
}

/**
 * An item's signature and the message it must cover, for a caller that checks many
 * signatures elsewhere (a worker thread); `verifyItem` is this and `signatureValid`.
 * Throws BadEncoding/BadLength/BadShape for a malformed item.
 */
export function itemSignedParts(item: WireItem, caseId: string): { signature: Uint8Array; message: Uint8Array } {
  const decoded = decodeItem(item, caseId);
  return { signature: decoded.signature, message: itemSignatureMessage(decoded.aad, decoded.nonce, decoded.ciphertext) };
}

/**
 * Decrypts an item (without checking its signature; see {@link openItem}):
 * KeyIdMismatch if the item names another key, DecryptFailed if the
 * ciphertext, nonce, key or AAD (case, kind, item id) do not match,
 * BadPadding, BadJson, or BadShape if the value does not fit its kind.
 */
export function decryptItem<T = unknown>(item: WireItem, caseId: string, key: Uint8Array): T {
  const decoded = decodeItem(item, caseId);
  assertLength(key, LENGTHS.key, 'key');
  if (!bytesEqual(decoded.keyId, keyId(key))) {
    throw new CryptoError(CryptoErrorCode.KeyIdMismatch, 'item is encrypted under a different key');
  }
  let padded: Uint8Array;
  try {
    padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, decoded.ciphertext, decoded.aad, decoded.nonce, key);
  } catch {
    throw new CryptoError(CryptoErrorCode.DecryptFailed, 'item cannot be decrypted');
  }
  let plain: Uint8Array;
  try {
    plain = sodium.unpad(padded, ITEM_PADDING_BLOCK);
  } catch {
    throw new CryptoError(CryptoErrorCode.BadPadding, 'item plaintext is not padded correctly');
  }
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8Strict(plain));
  } catch (error) {
    if (error instanceof CryptoError) throw error;
    throw new CryptoError(CryptoErrorCode.BadJson, 'item plaintext is not JSON');
  }
  return validateItemValue(item.kind, value) as T;
}

/** Verifies the signature, then decrypts: what a client does with every item it shows. */
export function openItem<T = unknown>(item: WireItem, caseId: string, key: Uint8Array, signerPublicKey: Uint8Array): T {
  verifyItem(item, caseId, signerPublicKey);
  return decryptItem<T>(item, caseId, key);
}
