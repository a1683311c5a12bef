/**
 * The transcript-only recording sweep (R28) when the attachment store fails: the rows go,
 * the stored prefix stays queued for the purge's leftovers sweep, and the failure is said
 * (the error's name only: a storage message may name the case's path). Here, at the jobs
 * lib, because the sweep records through the audit lib, which sits beside attachments.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Clock } from '@kanava/common';
import { AuditChainer, AuditRecorder } from '@kanava/audit';
import { Attachment, VoiceConsentRecord } from '@kanava/database';
import { AttachmentStorage, attachmentPrefix, VoiceRecordingsService } from '@kanava/attachments';
import { insertCase, MediumBench, openMediumBench, seedChannel, SeededChannel } from '../../../test/helpers/medium';

const DAY_MS = 86_400_000;

/** A store that is down: every removal fails, as an unreachable S3 bucket would. */
class UnreachableStore extends AttachmentStorage {
  readonly name = 'unreachable';
  put(): Promise<number> {
    return Promise.reject(new Error('not used'));
  }
  get(): never {
    throw new Error('not used');
  }
  size(): Promise<number | null> {
    return Promise.resolve(null);
  }
  delete(): Promise<void> {
    return Promise.reject(new Error('not used'));
  }
  deletePrefix(prefix: string): Promise<void> {
    const error = new Error(`connect ETIMEDOUT while removing ${prefix}`);
    error.name = 'TimeoutError';
    return Promise.reject(error);
  }
}

describe('VoiceRecordingsService.destroyDue (medium)', () => {
  let bench: MediumBench;
  let channel: SeededChannel;

  beforeAll(async () => {
    bench = await openMediumBench('medium_voice_recordings');
    channel = await seedChannel(bench, 'Voice');
  });
  afterAll(() => bench.close());

  it('destroys a due recording while the store is down, keeps its prefix queued and says so by error name only', async () => {
    const c = await insertCase(bench, channel);
    const attachmentId = randomUUID();
    const bytes = (n: number) => randomBytes(n);
    await bench.db.manager.insert(Attachment, {
      id: attachmentId,
      caseId: c.id,
      size: 65577,
      received: 65577,
      complete: true,
      segments: [],
      keyId: c.sharedKeyId,
      metaNonce: bytes(24),
      metaCiphertext: bytes(64),
      metaSignature: bytes(64),
      fileKeyNonce: bytes(24),
      fileKeyCiphertext: bytes(64),
      fileKeySignature: bytes(64),
      authorKind: 'reporter',
      authorUserId: null,
      signerPublicKey: c.reporterSignPublicKey,
      updatedAt: new Date(),
      completedAt: new Date(),
    });
    // Chosen "transcript only" more than 90 days ago: due whatever its transcript's state.
    await bench.db.manager.insert(VoiceConsentRecord, {
      attachmentId,
      caseId: c.id,
      choice: 'transcript-only',
      signature: bytes(64),
      givenAt: new Date(Date.now() - 91 * DAY_MS),
      destroyedAt: null,
    });

    const said: string[] = [];
    const service = new VoiceRecordingsService(
      bench.db,
      new UnreachableStore(),
      new AuditRecorder(bench.db, new AuditChainer(bench.db, bench.config)),
      new Clock(),
    );
    expect(await service.destroyDue((error) => said.push(error))).toBe(1);

    expect(await bench.db.manager.countBy(Attachment, { id: attachmentId })).toBe(0);
    expect((await bench.db.manager.findOneByOrFail(VoiceConsentRecord, { attachmentId })).destroyedAt).not.toBeNull();
    const queued = (await bench.db.query('SELECT prefix FROM storage_deletions WHERE prefix = $1', [attachmentPrefix(c.id, attachmentId)])) as unknown[];
    expect(queued).toHaveLength(1);
    expect(said).toEqual(['TimeoutError']);

    // Nothing left due: a second run destroys nothing and says nothing.
    expect(await service.destroyDue((error) => said.push(error))).toBe(0);
    expect(said).toHaveLength(1);
  });
});
