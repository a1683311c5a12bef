import {
  deriveReporterKeys,
  encryptItem,
  fromB64,
  generateCaseSecret,
  generateKey,
  sealGrantToBox,
  sealGrantToReporter,
  toB64,
  WireGrant,
  WireItem,
} from '@kanava/crypto';
import { uploadAttachment } from '../portal/reporter-client';
import { uuid4 } from '../shared/uuid';
import { CaseViewWire, openCase, SealRefused, sealItem } from './case-client';
import { ensureInternalKey } from './internal-key';
import type { StaffSession } from './session';
import type { TrustedDirectory } from './trust';

/** How a report reached the organisation when not through the portal (the server's FORWARDED_VIA). */
export const FORWARDED_VIA = ['post', 'email', 'phone', 'meeting', 'manager', 'other'] as const;

export interface ForwardedDraft {
  channelId: string;
  categoryId: string | null;
  /** The day it was received (YYYY-MM-DD, UTC calendar day). */
  receivedOn: string;
  via: (typeof FORWARDED_VIA)[number];
  /**
   * Who passed it on or from whom it came, as a note in the handler's words (null: none).
   * It goes in as an internal note signed by the handler, not into the report: the report
   * item holds exactly what CRYPTO.md says, and its body is the original as received.
   */
  forwardedByNote: string | null;
  title: string;
  /** The original's text, or (with a file) what it is about. */
  text: string;
  /** The original as a file (a scanned letter, a mail saved as .eml, a recording), else null: the text is the original. */
  file: { name: string; type: string; bytes: Uint8Array } | null;
}

export interface Registered {
  caseId: string;
  reference: string;
  receivedAt: string;
  /** SHA-256 of the original's bytes (hex), as stored with the case. */
  originalSha256: string;
  /** The case secret this browser made: shown once if the handler hands it to the reporter, else forgotten. */
  caseSecret: string;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The receipt time of a day: its start in UTC, or now when that is still ahead (a handler east of UTC just after midnight). */
export function receiptTime(day: string, now = Date.now()): string {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return new Date(Math.min(start, now)).toISOString();
}

/**
 * Registers a report received another way (R5), made in this browser as the portal
 * makes one: a new case secret and the reporter keys derived from it, the report item
 * (the original's text, or a description when the original is a file, with how it
 * arrived and from whom) signed by that key, and the shared key sealed to the
 * reporter's key, to every handler of the channel and to recovery, each checked
 * against the signed directory and this console's trust list first (SealRefused
 * otherwise). The original file follows as an attachment, encrypted and uploaded
 * like the portal's, and who passed it on as an internal note. The server receives
 * ciphertext, the date and the original's hash.
 */
export async function registerForwarded(
  session: StaffSession,
  directory: TrustedDirectory,
  draft: ForwardedDraft,
  onStage: (stage: 'keys' | 'sending' | 'file' | 'note', share?: number) => void,
): Promise<Registered> {
  if (!directory.organisationTrusted) throw new SealRefused({ kind: 'organisation' }, null);
  const handlers = directory.colleagues
    .filter((c) => c.designations.some((d) => d.channelId === draft.channelId && d.role === 'handler'))
    .map((c) => {
      const checked = directory.check(c.userId, 'handler');
      if (!checked.ok) throw new SealRefused(checked.problem, checked.colleague);
      return checked.colleague;
    });
  onStage('keys');
  await new Promise((resolve) => setTimeout(resolve, 20));
  const original = draft.file ? draft.file.bytes : new TextEncoder().encode(draft.text);
  const originalSha256 = await sha256Hex(original);
  const caseSecret = generateCaseSecret();
  const reporter = deriveReporterKeys(caseSecret, session.user.organisationId);
  const caseId = uuid4();
  const sharedKey = generateKey();
  const sign = reporter.sign.secretKey;
  const receivedAt = receiptTime(draft.receivedOn);
  const report: WireItem = encryptItem({
    caseId,
    kind: 'report',
    itemId: uuid4(),
    key: sharedKey,
    signSecretKey: sign,
    value: { title: draft.title, body: draft.text, handlerSignKeys: handlers.map((h) => h.signPublicKey) },
  });
  const grants: WireGrant[] = [
    sealGrantToReporter({ caseId, keyKind: 'shared', key: sharedKey, wrapKey: reporter.wrapKey, signSecretKey: sign }),
    ...handlers.map((h) =>
      sealGrantToBox({
        caseId,
        keyKind: 'shared',
        key: sharedKey,
        grantee: `user:${h.userId}`,
        boxPublicKey: fromB64(h.boxPublicKey, 32),
        signSecretKey: sign,
      }),
    ),
  ];
  const recovery = directory.recoveryPublicKey;
  if (recovery)
    grants.push(sealGrantToBox({ caseId, keyKind: 'shared', key: sharedKey, grantee: 'recovery', boxPublicKey: fromB64(recovery, 32), signSecretKey: sign }));

  onStage('sending');
  const answer = await session.api.post<{ caseId: string; reference: string; receivedAt: string }>('/api/staff/forwarded-reports', {
    caseId,
    channelId: draft.channelId,
    categoryId: draft.categoryId,
    lookupToken: toB64(reporter.lookupToken),
    reporterSignPublicKey: toB64(reporter.sign.publicKey),
    excludedUserIds: [],
    items: [report],
    grants,
    receivedAt,
    via: draft.via,
    originalSha256,
  });
  if (draft.file) {
    onStage('file', 0);
    await uploadAttachment({ caseId, reporter, sharedKey, bearer: `Bearer ${toB64(reporter.lookupToken)}` }, draft.file, (share) => onStage('file', share));
  }
  if (draft.forwardedByNote) {
    onStage('note');
    const opened = openCase(session, await session.api.get<CaseViewWire>(`/api/staff/cases/${caseId}`), directory);
    await ensureInternalKey(session, opened);
    await session.api.post(`/api/staff/cases/${caseId}/notes`, sealItem(session, opened, 'note', draft.forwardedByNote));
  }
  return { ...answer, originalSha256, caseSecret };
}
