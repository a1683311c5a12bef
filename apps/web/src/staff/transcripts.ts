import { encryptItem, fromB64, toB64, transcriptDigest, transcriptReviewValid, TranscriptSource, WireItem } from '@kanava/crypto';
import type { StaffSession } from './session';
import type { OpenedCase } from './case-client';

export type TranscriptStatus =
  | { state: 'awaiting' }
  | { state: 'approved' | 'corrections'; at: string }
  /** A review whose signature is not the reporter's over this very transcript: never counted. */
  | { state: 'unverified' };

/** A transcript or minutes in the case, opened, with what the reporter said of it. */
export interface OpenedTranscript {
  itemId: string;
  createdAt: string;
  author: string | null;
  trusted: boolean;
  text: string | null;
  source: TranscriptSource | null;
  recordingId: string;
  status: TranscriptStatus;
}

/**
 * The case's transcripts with their status. A review counts only when it verifies under
 * the case's reporter key over the hash this browser computes from the transcript
 * item: the server cannot show one version as approved on the strength of another's.
 */
export function openTranscripts(opened: OpenedCase): OpenedTranscript[] {
  const { view } = opened;
  const reviews = view.transcriptReviews ?? [];
  const reporterKey = fromB64(view.reporterSignPublicKey, 32);
  return opened.items
    .filter((i) => i.kind === 'transcript')
    .map((i) => {
      const wire = view.items.find((w) => w.itemId === i.itemId)!;
      const review = reviews.find((r) => r.transcriptId === i.itemId);
      let status: TranscriptStatus = { state: 'awaiting' };
      if (review) {
        const digest = transcriptDigest(wire);
        const valid =
          review.transcriptSha256 === toB64(digest) &&
          transcriptReviewValid(view.id, i.itemId, review.decision, digest, fromB64(review.signature, 64), reporterKey);
        status = valid ? { state: review.decision === 'approved' ? 'approved' : 'corrections', at: review.reviewedAt } : { state: 'unverified' };
      }
      const value = i.value as { text?: string; source?: TranscriptSource; recordingId?: string } | null;
      return {
        itemId: i.itemId,
        createdAt: i.createdAt,
        author: i.author,
        trusted: i.trusted,
        text: value?.text ?? null,
        source: value?.source ?? null,
        recordingId: value?.recordingId ?? '',
        status,
      };
    });
}

/** How many transcripts still wait for the reporter's approval (for the deadline view). */
export function pendingTranscripts(transcripts: OpenedTranscript[]): number {
  return transcripts.filter((t) => t.status.state === 'awaiting' || t.status.state === 'unverified').length;
}

/** A transcript item sealed under the shared key and signed by this handler. */
export function sealTranscript(session: StaffSession, opened: OpenedCase, value: { text: string; source: TranscriptSource; recordingId: string }): WireItem {
  const key = opened.keys.shared;
  if (!key) throw new Error('no shared key');
  return encryptItem({ caseId: opened.view.id, kind: 'transcript', itemId: crypto.randomUUID(), key, signSecretKey: session.bundle.signSecretKey, value });
}
