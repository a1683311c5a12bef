import { assertLength, concatBytes, fromB64, utf8 } from './encoding';
import { CryptoError, CryptoErrorCode } from './errors';
import { signatureValid } from './keys';
import { sodium } from './sodium';
import { assertUuid } from './types';

/**
 * The reporter's answer to a transcript or minutes (R29): approved as written, or
 * corrections proposed (the corrections follow as an ordinary message).
 */
export const TRANSCRIPT_DECISIONS = ['approved', 'corrections-proposed'] as const;
export type TranscriptDecision = (typeof TRANSCRIPT_DECISIONS)[number];

/**
 * What a review is bound to: SHA-256 of the transcript item's nonce ‖ ciphertext, the
 * exact bytes the reporter opened and the handler signed. The server can compute it
 * (it stores those bytes) without reading the transcript, so it refuses a review of
 * anything else.
 */
export function transcriptDigest(item: { nonce: string; ciphertext: string }): Uint8Array {
  return sodium.crypto_hash_sha256(concatBytes(fromB64(item.nonce, 24), fromB64(item.ciphertext)));
}

/** `utf8("kanava:v1:transcript-review:<caseId>:<transcriptId>:<decision>:") ‖ digest`: what the reporter signs. */
export function transcriptReviewMessage(caseId: string, transcriptId: string, decision: TranscriptDecision, digest: Uint8Array): Uint8Array {
  assertUuid(caseId, 'caseId');
  assertUuid(transcriptId, 'transcriptId');
  if (!(TRANSCRIPT_DECISIONS as readonly string[]).includes(decision)) throw new CryptoError(CryptoErrorCode.BadShape, 'unknown transcript decision');
  assertLength(digest, 32, 'transcript digest');
  return concatBytes(utf8(`kanava:v1:transcript-review:${caseId}:${transcriptId}:${decision}:`), digest);
}

/** The reporter's Ed25519 signature over {@link transcriptReviewMessage}. */
export function signTranscriptReview(
  caseId: string,
  transcriptId: string,
  decision: TranscriptDecision,
  digest: Uint8Array,
  reporterSignSecretKey: Uint8Array,
): Uint8Array {
  return sodium.crypto_sign_detached(transcriptReviewMessage(caseId, transcriptId, decision, digest), reporterSignSecretKey);
}

/** Whether `signature` is the case reporter's review of exactly this transcript (by id and digest) with this decision. */
export function transcriptReviewValid(
  caseId: string,
  transcriptId: string,
  decision: TranscriptDecision,
  digest: Uint8Array,
  signature: Uint8Array,
  reporterSignPublicKey: Uint8Array,
): boolean {
  return signatureValid(signature, transcriptReviewMessage(caseId, transcriptId, decision, digest), reporterSignPublicKey);
}

/**
 * The reporter's choice for a voice message (R28): the disguised recording may be
 * kept, or used only to make a transcript and then destroyed.
 */
export const VOICE_CONSENT_CHOICES = ['keep', 'transcript-only'] as const;
export type VoiceConsentChoice = (typeof VOICE_CONSENT_CHOICES)[number];

/** `utf8("kanava:v1:voice-consent:<caseId>:<attachmentId>:<choice>")`: what the reporter signs. */
export function voiceConsentMessage(caseId: string, attachmentId: string, choice: VoiceConsentChoice): Uint8Array {
  assertUuid(caseId, 'caseId');
  assertUuid(attachmentId, 'attachmentId');
  if (!(VOICE_CONSENT_CHOICES as readonly string[]).includes(choice)) throw new CryptoError(CryptoErrorCode.BadShape, 'unknown voice consent choice');
  return utf8(`kanava:v1:voice-consent:${caseId}:${attachmentId}:${choice}`);
}

export function signVoiceConsent(caseId: string, attachmentId: string, choice: VoiceConsentChoice, reporterSignSecretKey: Uint8Array): Uint8Array {
  return sodium.crypto_sign_detached(voiceConsentMessage(caseId, attachmentId, choice), reporterSignSecretKey);
}

export function voiceConsentValid(
  caseId: string,
  attachmentId: string,
  choice: VoiceConsentChoice,
  signature: Uint8Array,
  reporterSignPublicKey: Uint8Array,
): boolean {
  return signatureValid(signature, voiceConsentMessage(caseId, attachmentId, choice), reporterSignPublicKey);
}
