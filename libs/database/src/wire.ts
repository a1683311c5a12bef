import { toB64 } from '@kanava/crypto';
import type { Attachment } from './entities/attachment.entity';
import type { CaseGrant } from './entities/case-grant.entity';
import type { CaseItem } from './entities/case-item.entity';
import type { TranscriptReview } from './entities/transcript-review.entity';
import { TRANSCRIPT_ONLY_DAYS, type VoiceConsentRecord } from './entities/voice-recording.entity';
import type { Meeting } from './entities/meeting.entity';

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

/** An attachment as readers receive it (API.md): its signed meta and file-key items (itemId = attachment id) and upload state. */
export function attachmentToWire(a: Attachment) {
  const item = (kind: 'attachment-meta' | 'attachment-key', nonce: Buffer, ciphertext: Buffer, signature: Buffer): WireItemOut => ({
    itemId: a.id,
    kind,
    keyId: toB64(a.keyId),
    nonce: toB64(nonce),
    ciphertext: toB64(ciphertext),
    signature: toB64(signature),
    authorKind: a.authorKind,
    signerPublicKey: toB64(a.signerPublicKey),
    createdAt: a.createdAt.toISOString(),
  });
  return {
    attachmentId: a.id,
    size: a.size,
    complete: a.complete,
    uploadOffset: a.received,
    authorKind: a.authorKind,
    createdAt: a.createdAt.toISOString(),
    completedAt: a.completedAt?.toISOString() ?? null,
    meta: item('attachment-meta', a.metaNonce, a.metaCiphertext, a.metaSignature),
    fileKey: item('attachment-key', a.fileKeyNonce, a.fileKeyCiphertext, a.fileKeySignature),
  };
}

/** A transcript review as the reporter and the handlers receive it: enough to check its signature, no content. */
export function transcriptReviewToWire(r: TranscriptReview) {
  return {
    transcriptId: r.transcriptItemId,
    decision: r.decision,
    transcriptSha256: toB64(r.transcriptSha256),
    signature: toB64(r.signature),
    reviewedAt: r.reviewedAt.toISOString(),
  };
}

/** The reporter's signed choice for a voice message (R28), as the case views list it. */
export function voiceConsentToWire(v: VoiceConsentRecord) {
  return {
    attachmentId: v.attachmentId,
    choice: v.choice,
    signature: toB64(v.signature),
    givenAt: v.givenAt.toISOString(),
    destroyedAt: v.destroyedAt?.toISOString() ?? null,
    /** When a transcript-only recording goes at the latest, approved transcript or not. */
    destroyBy: v.choice === 'transcript-only' ? new Date(v.givenAt.getTime() + TRANSCRIPT_ONLY_DAYS * 86_400_000).toISOString() : null,
  };
}

/** A meeting or call as both case views list it; `offeredByUserId` only for staff. */
export function meetingToWire(m: Meeting, forStaff: boolean) {
  return {
    meetingId: m.id,
    kind: m.kind,
    requestedAt: m.requestedAt?.toISOString() ?? null,
    offeredAt: m.offeredAt?.toISOString() ?? null,
    ...(forStaff ? { offeredByUserId: m.offeredByUserId } : {}),
    slots: m.slots.map((s) => new Date(s).toISOString()).sort(),
    agreedAt: m.agreedAt?.toISOString() ?? null,
    acceptedAt: m.acceptedAt?.toISOString() ?? null,
  };
}
