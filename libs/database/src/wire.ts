import { toB64 } from '@kanava/crypto';
import type { CaseGrant } from './entities/case-grant.entity';
import type { CaseItem } from './entities/case-item.entity';

/** An item as API.md sends it to readers. */
export interface WireItemOut {
  itemId: string;
  kind: string;
  keyId: string;
  nonce: string;
  ciphertext: string;
  signature: string;
  authorKind: 'reporter' | 'handler';
  signerPublicKey: string;
  createdAt: string;
}

export interface WireGrantOut {
  keyKind: string;
  grantee: string;
  keyId: string;
  sealed: string;
  signature: string;
  signedBy: string;
}

export function itemToWire(item: CaseItem): WireItemOut {
  return {
    itemId: item.id,
    kind: item.kind,
    keyId: toB64(item.keyId),
    nonce: toB64(item.nonce),
    ciphertext: toB64(item.ciphertext),
    signature: toB64(item.signature),
    authorKind: item.authorKind,
    signerPublicKey: toB64(item.signerPublicKey),
    createdAt: item.createdAt.toISOString(),
  };
}

export function grantToWire(grant: CaseGrant): WireGrantOut {
  return {
    keyKind: grant.keyKind,
    grantee: grant.grantee,
    keyId: toB64(grant.keyId),
    sealed: toB64(grant.sealed),
    signature: toB64(grant.signature),
    signedBy: grant.signedBy,
  };
}
