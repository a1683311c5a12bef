import { Injectable, Logger, Optional } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { fromB64 } from '@kanava/crypto';
import { AuditSink, KanavaConfig } from '@kanava/common';
import { Attachment, attachmentToWire, AttachmentSegment, Case } from '@kanava/database';
import { checkItem, ItemDto } from '@kanava/protocol';
import { CreateAttachmentDto } from '../dto/attachment.dto';
import { AttachmentErrorCode, attachmentError } from '../errors';
import { isBoundary, isValidCiphertextSize, parseUploadChecksum, UploadFraming } from '../framing';
import { AttachmentStorage } from '../storage/attachment-storage';

/** Who acts on an attachment: the reporter (case secret) or a handler with access to the case. */
export type AttachmentParty = { kind: 'reporter'; signer: Buffer } | { kind: 'handler'; userId: string; signer: Buffer };

export interface UploadRequest {
  /** PUT carries the whole content from offset 0; PATCH appends at `uploadOffset`. */
  mode: 'put' | 'patch';
  body: AsyncIterable<Buffer | Uint8Array>;
  contentType?: string;
  contentLength?: string;
  uploadOffset?: string;
  uploadChecksum?: string;
}

export interface UploadResult {
  offset: number;
  size: number;
  complete: boolean;
  /** The client went away mid-body; whole records received before that are kept. */
  aborted: boolean;
}

export interface ContentResponse {
  status: 200 | 206;
  headers: Record<string, string>;
  body: Readable;
}

const CONTENT_TYPES = ['application/octet-stream', 'application/offset+octet-stream'];

/** Where an attachment's segments live in the storage driver. */
export function attachmentPrefix(caseId: string, attachmentId: string): string {
  return `cases/${caseId}/${attachmentId}/`;
}

function isAuthor(a: Attachment, party: AttachmentParty): boolean {
  return party.kind === 'reporter' ? a.authorKind === 'reporter' : a.authorKind === 'handler' && a.authorUserId === party.userId;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` against `size`; null to send everything (no or multi-range header). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) throw attachmentError(AttachmentErrorCode.RangeNotSatisfiable);
    start = Math.max(0, size - suffix);
    end = size;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size : Math.min(size, Number(match[2]) + 1);
    if (match[2] !== '' && Number(match[2]) < start) return null;
  }
  if (start >= size) throw attachmentError(AttachmentErrorCode.RangeNotSatisfiable);
  return { start, end };
}

/**
 * Encrypted evidence files (CRYPTO.md "Attachments"): creation with signed
 * metadata and file-key items, streaming and resumable upload, listing,
 * streaming download with ranges, deletion and the removal of stale uploads.
 * Access to the case is checked by the caller (lookup token or CaseAccessService).
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('Attachments');

  constructor(
    private readonly db: DataSource,
    private readonly config: KanavaConfig,
    private readonly storage: AttachmentStorage,
    // Absent only where no one acts on a case (the worker's cleanup).
    @Optional() private readonly audit?: AuditSink,
  ) {}

  /** Records who added, fetched or removed an attachment (R35): ids only, never names or sizes of content. */
  private async event(em: EntityManager, caseId: string, party: AttachmentParty, action: string, attachmentId: string): Promise<void> {
    if (!this.audit) return;
    const [c] = (await em.query('SELECT organisation_id FROM cases WHERE id = $1', [caseId])) as { organisation_id: string }[];
    await this.audit.record(em, {
      organisationId: c.organisation_id,
      actor: party.kind === 'reporter' ? { kind: 'reporter' } : { kind: 'staff', id: party.userId, role: 'handler' },
      action,
      caseId,
      details: { attachmentId },
    });
  }

  async create(c: Case, party: AttachmentParty, dto: CreateAttachmentDto) {
    if (dto.meta.kind !== 'attachment-meta' || dto.fileKey.kind !== 'attachment-key') throw attachmentError(AttachmentErrorCode.ItemKindNotAllowed);
    if (dto.meta.itemId !== dto.attachmentId || dto.fileKey.itemId !== dto.attachmentId) throw attachmentError(AttachmentErrorCode.AttachmentIdMismatch);
    for (const item of [dto.meta, dto.fileKey]) {
      if (!c.sharedKeyId.equals(Buffer.from(fromB64(item.keyId, 16)))) throw attachmentError(AttachmentErrorCode.KeyIdMismatch);
    }
    if (!isValidCiphertextSize(dto.size)) throw attachmentError(AttachmentErrorCode.InvalidAttachmentSize);
    if (dto.size > this.config.attachmentMaxBytes) throw attachmentError(AttachmentErrorCode.AttachmentTooLarge);
    for (const item of [dto.meta, dto.fileKey]) checkItem(item, c.id, party.signer, this.config.maxItemBytes);

    const saved = await this.db.transaction(async (em) => {
      // One creation per case at a time, so the count and total limits hold under concurrency.
      await em.query('SELECT id FROM cases WHERE id = $1 FOR UPDATE', [c.id]);
      if (await em.exists(Attachment, { where: { id: dto.attachmentId } })) throw attachmentError(AttachmentErrorCode.AttachmentExists);
      const [usage] = (await em.query('SELECT count(*)::int AS n, coalesce(sum(size), 0)::bigint AS bytes FROM attachments WHERE case_id = $1', [c.id])) as {
        n: number;
        bytes: string;
      }[];
      if (usage.n >= this.config.caseAttachmentsMaxFiles) throw attachmentError(AttachmentErrorCode.TooManyAttachments);
      if (Number(usage.bytes) + dto.size > this.config.caseAttachmentsMaxBytes) throw attachmentError(AttachmentErrorCode.CaseAttachmentsTooLarge);
      const item = (i: ItemDto) => ({
        nonce: Buffer.from(fromB64(i.nonce, 24)),
        ciphertext: Buffer.from(fromB64(i.ciphertext)),
        signature: Buffer.from(fromB64(i.signature, 64)),
      });
      const meta = item(dto.meta);
      const fileKey = item(dto.fileKey);
      return em
        .save(
          em.create(Attachment, {
            id: dto.attachmentId,
            caseId: c.id,
            size: dto.size,
            received: 0,
            complete: false,
            segments: [],
            keyId: c.sharedKeyId,
            metaNonce: meta.nonce,
            metaCiphertext: meta.ciphertext,
            metaSignature: meta.signature,
            fileKeyNonce: fileKey.nonce,
            fileKeyCiphertext: fileKey.ciphertext,
            fileKeySignature: fileKey.signature,
            authorKind: party.kind,
            authorUserId: party.kind === 'handler' ? party.userId : null,
            signerPublicKey: party.signer,
            updatedAt: new Date(),
            completedAt: null,
          }),
        )
        .then(async (row) => {
          await this.event(em, c.id, party, 'attachment.added', row.id);
          return row;
        });
    });
    return attachmentToWire(saved);
  }

  /** Complete attachments, and the party's own incomplete ones (so it can resume them). */
  async list(caseId: string, party: AttachmentParty) {
    const rows = await this.db.getRepository(Attachment).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.filter((a) => a.complete || isAuthor(a, party)).map(attachmentToWire);
  }

  /** An attachment the party may see; incomplete ones only to their uploader, everyone else gets 404. */
  async find(caseId: string, party: AttachmentParty, id: string): Promise<Attachment> {
    const a = await this.db.getRepository(Attachment).findOne({ where: { id, caseId } });
    if (!a || (!a.complete && !isAuthor(a, party))) throw attachmentError(AttachmentErrorCode.AttachmentNotFound);
    return a;
  }

  /** The upload state for HEAD: how many bytes are stored. */
  async offset(caseId: string, party: AttachmentParty, id: string): Promise<{ offset: number; size: number; complete: boolean }> {
    const a = await this.find(caseId, party, id);
    return { offset: a.received, size: a.size, complete: a.complete };
  }

  /**
   * Streams one request's body into a new segment: framing, size and checksum are
   * checked on the way (UploadFraming), the driver makes the segment durable, and
   * only then is it added to the attachment, if nobody else appended meanwhile.
   */
  async upload(caseId: string, party: AttachmentParty, id: string, request: UploadRequest): Promise<UploadResult> {
    const a = await this.find(caseId, party, id);
    if (!isAuthor(a, party)) throw attachmentError(AttachmentErrorCode.NotAuthor);
    if (a.complete) throw attachmentError(AttachmentErrorCode.UploadComplete);
    const mediaType = (request.contentType ?? '').split(';')[0].trim().toLowerCase();
    if (!CONTENT_TYPES.includes(mediaType)) throw attachmentError(AttachmentErrorCode.UnsupportedMediaType);
    let offset = 0;
    if (request.mode === 'put') {
      if (a.received !== 0) throw attachmentError(AttachmentErrorCode.UploadStarted);
    } else {
      if (request.uploadOffset === undefined || !/^\d{1,16}$/.test(request.uploadOffset)) throw attachmentError(AttachmentErrorCode.InvalidUploadOffset);
      offset = Number(request.uploadOffset);
      if (offset !== a.received) throw attachmentError(AttachmentErrorCode.UploadOffsetMismatch);
    }
    const checksum = parseUploadChecksum(request.uploadChecksum);
    if (request.contentLength !== undefined) {
      const length = Number(request.contentLength);
      if (offset + length > a.size) throw attachmentError(AttachmentErrorCode.UploadExceedsSize);
      if (request.mode === 'put' && length !== a.size) throw attachmentError(AttachmentErrorCode.IncompleteContent);
      if (!isBoundary(offset + length)) throw attachmentError(AttachmentErrorCode.PartialRecord);
    }

    const framing = new UploadFraming({ offset, size: a.size, mustComplete: request.mode === 'put', checksum });
    const key = `${attachmentPrefix(caseId, id)}${String(offset).padStart(16, '0')}-${randomBytes(6).toString('hex')}`;
    const length = await this.storage.put(key, framing.frame(request.body));
    if (length === 0) {
      await this.storage.delete(key);
      return { offset, size: a.size, complete: false, aborted: framing.aborted };
    }
    const segment: AttachmentSegment = { key, offset, length };
    // Invariant: a segment joins only at the offset it was written for; a concurrent append loses and is removed.
    const updated = (await this.db.query(
      `UPDATE attachments SET received = received + $3, segments = segments || $4::jsonb, complete = (received + $3 = size),
         completed_at = CASE WHEN received + $3 = size THEN now() ELSE NULL END, updated_at = now()
       WHERE id = $1 AND received = $2 AND NOT complete RETURNING received, complete`,
      [id, offset, length, JSON.stringify([segment])],
    )) as [{ received: string; complete: boolean }[], number];
    const row = updated[0][0];
    if (!row) {
      await this.storage.delete(key);
      throw attachmentError(AttachmentErrorCode.UploadOffsetMismatch);
    }
    return { offset: Number(row.received), size: a.size, complete: row.complete, aborted: framing.aborted };
  }

  /** The ciphertext, whole or one range of it, streamed from the driver's segments. */
  async content(caseId: string, party: AttachmentParty, id: string, rangeHeader?: string): Promise<ContentResponse> {
    const a = await this.find(caseId, party, id);
    if (!a.complete) throw attachmentError(AttachmentErrorCode.UploadIncomplete);
    const range = parseRange(rangeHeader, a.size);
    const start = range?.start ?? 0;
    const end = range?.end ?? a.size;
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(end - start),
      'Accept-Ranges': 'bytes',
    };
    if (range) headers['Content-Range'] = `bytes ${start}-${end - 1}/${a.size}`;
    // Every fetch of attachment ciphertext is an access; a range request counts once per request.
    await this.event(this.db.manager, caseId, party, 'attachment.downloaded', a.id);
    return { status: range ? 206 : 200, headers, body: Readable.from(this.readSegments(a.segments, start, end), { objectMode: false }) };
  }

  private async *readSegments(segments: AttachmentSegment[], start: number, end: number): AsyncGenerator<Buffer> {
    for (const segment of segments) {
      const from = Math.max(start, segment.offset);
      const to = Math.min(end, segment.offset + segment.length);
      if (from >= to) continue;
      const stream = await this.storage.get(segment.key, { start: from - segment.offset, end: to - segment.offset });
      yield* stream as AsyncIterable<Buffer>;
    }
  }

  /** Removes an attachment the party uploaded, with its stored ciphertext. */
  async delete(caseId: string, party: AttachmentParty, id: string): Promise<void> {
    const a = await this.find(caseId, party, id);
    if (!isAuthor(a, party)) throw attachmentError(AttachmentErrorCode.NotAuthor);
    await this.db.transaction(async (em) => {
      await em.getRepository(Attachment).delete({ id: a.id });
      await this.event(em, caseId, party, 'attachment.deleted', a.id);
    });
    await this.storage.deletePrefix(attachmentPrefix(caseId, id));
  }

  /**
   * Minimisation (R23): a handler destroys a file that is manifestly irrelevant
   * personal data, whoever uploaded it, with its stored ciphertext. Unlike delete(),
   * which is the uploader withdrawing their own file, this is recorded as a removal
   * of personal data: that it happened, never what the file was.
   */
  async removeAsPersonalData(caseId: string, party: Extract<AttachmentParty, { kind: 'handler' }>, id: string): Promise<void> {
    const a = await this.find(caseId, party, id);
    await this.db.transaction(async (em) => {
      await em.getRepository(Attachment).delete({ id: a.id });
      const [c] = (await em.query('SELECT organisation_id FROM cases WHERE id = $1', [caseId])) as { organisation_id: string }[];
      await this.audit?.record(em, {
        organisationId: c.organisation_id,
        actor: { kind: 'staff', id: party.userId, role: 'handler' },
        action: 'case.personal_data_removed',
        caseId,
        details: { kind: 'attachment', attachmentId: a.id },
      });
    });
    await this.storage.deletePrefix(attachmentPrefix(caseId, id));
  }

  /**
   * Removes every attachment of a case and its stored ciphertext. Call it before
   * deleting or purging a case (the rows would cascade, the stored objects would not).
   */
  async deleteCaseAttachments(caseId: string): Promise<number> {
    const removed = await this.db.getRepository(Attachment).delete({ caseId });
    await this.storage.deletePrefix(`cases/${caseId}/`);
    return removed.affected ?? 0;
  }

  /** Removes incomplete uploads idle since before `olderThan`; returns how many. Run by the worker. */
  async removeStaleUploads(olderThan: Date): Promise<number> {
    const [rows] = (await this.db.query('DELETE FROM attachments WHERE NOT complete AND updated_at < $1 RETURNING id, case_id', [olderThan])) as [
      { id: string; case_id: string }[],
      number,
    ];
    for (const row of rows) {
      await this.storage.deletePrefix(attachmentPrefix(row.case_id, row.id)).catch((e: unknown) => {
        this.logger.warn({ msg: 'could not remove a stale upload', attachmentId: row.id, error: e instanceof Error ? e.name : 'unknown' });
      });
    }
    return rows.length;
  }
}
