import { AttachmentDecryptor, CryptoError, fromB64, openItem, WireItem } from '@kanava/crypto';
import type { CaseViewWire } from './case-client';
import type { TrustedDirectory } from './trust';
import type { StaffSession } from './session';

type SignedItem = WireItem & { signerPublicKey: string };

/** One row of `GET /api/staff/cases/:id/attachments`: metadata and file key as signed items under the shared key. */
export interface AttachmentWire {
  attachmentId: string;
  size: number;
  complete: boolean;
  authorKind: 'reporter' | 'handler';
  createdAt: string;
  meta: SignedItem;
  fileKey: SignedItem;
}

/** An attachment as the console shows it: its name and file key opened in this browser, or null when they did not open. */
export interface OpenedAttachment {
  attachmentId: string;
  complete: boolean;
  authorKind: 'reporter' | 'handler';
  createdAt: string;
  /** Signed by the reader's own staff key: only such an upload can be deleted (the server refuses the rest). */
  mine: boolean;
  opened: { name: string; type: string; size: number; fileKey: Uint8Array } | null;
}

/**
 * Opens the listed attachments with the case's shared key. Metadata and file key
 * must both be signed by the same trusted key (the case's reporter, or a colleague's
 * key the signed directory and the trust list vouch for); anything else stays
 * closed, never shown as content.
 */
export function openAttachments(
  listed: AttachmentWire[],
  view: CaseViewWire,
  shared: Uint8Array,
  directory: TrustedDirectory,
  ownSignPublicKey: string,
): OpenedAttachment[] {
  const reporterKey = fromB64(view.reporterSignPublicKey, 32);
  const trustedSigner = (item: SignedItem): Uint8Array | null => {
    if (item.signerPublicKey === view.reporterSignPublicKey) return reporterKey;
    return directory.signerOfKey(item.signerPublicKey);
  };
  return listed.map((a) => {
    const base = {
      attachmentId: a.attachmentId,
      complete: a.complete,
      authorKind: a.authorKind,
      createdAt: a.createdAt,
      mine: a.authorKind === 'handler' && a.meta.signerPublicKey === ownSignPublicKey,
    };
    const signer = trustedSigner(a.meta);
    if (!signer || a.fileKey.signerPublicKey !== a.meta.signerPublicKey) return { ...base, opened: null };
    try {
      const meta = openItem<{ name: string; type: string; size: number }>(a.meta, view.id, shared, signer);
      const key = openItem<{ key: string }>(a.fileKey, view.id, shared, signer);
      return { ...base, opened: { name: meta.name, type: meta.type, size: meta.size, fileKey: fromB64(key.key, 32) } };
    } catch (e) {
      // Only a cryptographic failure means "does not open"; anything else is a fault.
      if (!(e instanceof CryptoError)) throw e;
      return { ...base, opened: null };
    }
  });
}

/** Lists a case's attachments and opens them (see openAttachments). */
export async function listAttachments(session: StaffSession, view: CaseViewWire, shared: Uint8Array, directory: TrustedDirectory): Promise<OpenedAttachment[]> {
  const listed = await session.api.get<{ attachments: AttachmentWire[] }>(`/api/staff/cases/${view.id}/attachments`);
  return openAttachments(listed.attachments, view, shared, directory, session.user.signPublicKey);
}

/**
 * Downloads an attachment's ciphertext and decrypts it as it arrives. The
 * decryptor refuses anything altered, cut short or extended, so a file that is
 * returned is exactly the one that was encrypted. `onProgress(share)` runs as
 * bytes arrive, from 0 to 1.
 */
export async function downloadAttachment(
  session: StaffSession,
  caseId: string,
  a: OpenedAttachment,
  onProgress: (share: number) => void = () => undefined,
): Promise<Uint8Array> {
  if (!a.opened) throw new Error('attachment not opened');
  const { fileKey, size } = a.opened;
  const decryptor = new AttachmentDecryptor(fileKey, caseId, a.attachmentId, size);
  const data = new Uint8Array(size);
  let at = 0;
  const take = (pieces: Uint8Array[]) => {
    for (const p of pieces) {
      data.set(p, at);
      at += p.length;
    }
  };
  await session.api.stream(`/api/staff/cases/${caseId}/attachments/${a.attachmentId}/content`, (chunk, received, total) => {
    take(decryptor.push(chunk));
    if (total) onProgress(Math.min(1, received / total));
  });
  decryptor.finish();
  onProgress(1);
  return data;
}
