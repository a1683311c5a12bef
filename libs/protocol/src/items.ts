import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CryptoError, fromB64, grantSignedParts, itemSignedParts, WireGrant, WireItem } from '@kanava/crypto';
import { CaseGrant, CaseItem } from '@kanava/database';
import { ProtocolErrorCode, protocolError } from './errors';
import { firstInvalidHere, SignatureJob } from './signature-checker';
import type { GrantDto, ItemDto } from './wire.dto';

const AEAD_TAG = 16;
const PAD_BLOCK = 512;

/**
 * Checks an item's size and shape and returns its signature check, for a caller that
 * checks signatures in a batch (`SignatureChecker`). Throws the reporter error codes of
 * API.md. Shared by submission and follow-up; the server never decrypts.
 */
export function itemSignatureJob(item: ItemDto, caseId: string, signer: Uint8Array, maxItemBytes: number): SignatureJob {
  const ciphertext = fromB64(item.ciphertext);
  if (ciphertext.length > maxItemBytes) throw protocolError(ProtocolErrorCode.ItemTooLarge);
  // Invariant: item plaintext is padded to 512-byte blocks, so sizes leak only coarse lengths.
  if (ciphertext.length < AEAD_TAG + PAD_BLOCK || (ciphertext.length - AEAD_TAG) % PAD_BLOCK !== 0) throw protocolError(ProtocolErrorCode.InvalidItemSize);
  try {
    return { ...itemSignedParts(item as WireItem, caseId), publicKey: signer };
  } catch (e) {
    if (e instanceof CryptoError) throw protocolError(ProtocolErrorCode.BadItemSignature);
    throw e;
  }
}

/** `itemSignatureJob` and its signature checked here and now. */
export function checkItem(item: ItemDto, caseId: string, signer: Uint8Array, maxItemBytes: number): void {
  if (firstInvalidHere([itemSignatureJob(item, caseId, signer, maxItemBytes)]) >= 0) throw protocolError(ProtocolErrorCode.BadItemSignature);
}

export function itemEntity(
  em: EntityManager,
  caseId: string,
  item: ItemDto,
  author: { kind: 'reporter' | 'handler'; userId: string | null; signer: Uint8Array },
): CaseItem {
  return em.create(CaseItem, {
    id: item.itemId,
    caseId,
    kind: item.kind,
    keyId: Buffer.from(fromB64(item.keyId, 16)),
    nonce: Buffer.from(fromB64(item.nonce, 24)),
    ciphertext: Buffer.from(fromB64(item.ciphertext)),
    signature: Buffer.from(fromB64(item.signature, 64)),
    authorKind: author.kind,
    authorUserId: author.userId,
    signerPublicKey: Buffer.from(author.signer),
  });
}

/**
 * Each sealed key has its grantee's length (CRYPTO.md, BadGrantLength), and each grant's
 * signature check, to be made against the reporter's key in a batch (`SignatureChecker`).
 */
export function grantSignatureJobs(grants: GrantDto[], caseId: string, reporterKey: Uint8Array): SignatureJob[] {
  return grants.map((grant) => {
    const expected = grant.grantee === 'reporter' ? 72 : 80;
    if (fromB64(grant.sealed).length !== expected) throw protocolError(ProtocolErrorCode.BadGrantLength);
    try {
      return { ...grantSignedParts(grant as WireGrant, caseId), publicKey: reporterKey };
    } catch (e) {
      if (e instanceof CryptoError) throw protocolError(ProtocolErrorCode.BadGrantSignature);
      throw e;
    }
  });
}

/** `grantSignatureJobs` and their signatures checked here and now. */
export function checkGrantSeals(grants: GrantDto[], caseId: string, reporterKey: Uint8Array): void {
  if (firstInvalidHere(grantSignatureJobs(grants, caseId, reporterKey)) >= 0) throw protocolError(ProtocolErrorCode.BadGrantSignature);
}

export function grantEntity(em: EntityManager, caseId: string, grant: GrantDto, signedBy: string): CaseGrant {
  return em.create(CaseGrant, {
    id: randomUUID(),
    caseId,
    keyKind: grant.keyKind,
    grantee: grant.grantee,
    granteeUserId: grant.grantee.startsWith('user:') ? grant.grantee.slice(5) : null,
    keyId: Buffer.from(fromB64(grant.keyId, 16)),
    sealed: Buffer.from(fromB64(grant.sealed)),
    signature: Buffer.from(fromB64(grant.signature, 64)),
    signedBy,
  });
}
