import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { loadConfig } from '@kanava/common';
import { encryptItem, generateKey, generateStaffKeys, itemSignedParts, ready } from '@kanava/crypto';
import { SignatureChecker, SignatureJob } from './signature-checker';

/** `count` real item signatures by one reporter key, as a submission carries them. */
function signedJobs(count: number): SignatureJob[] {
  const caseId = randomUUID();
  const sign = generateStaffKeys().sign;
  const key = generateKey();
  return Array.from({ length: count }, () => {
    const item = encryptItem({
      caseId,
      kind: 'subject',
      itemId: randomUUID(),
      key,
      value: { name: 'n', role: 'r', details: 'd' },
      signSecretKey: sign.secretKey,
    });
    return { ...itemSignedParts(item, caseId), publicKey: sign.publicKey };
  });
}

/** The job with one bit of its signature flipped. */
function tampered(job: SignatureJob): SignatureJob {
  const signature = Uint8Array.from(job.signature);
  signature[10] ^= 1;
  return { ...job, signature };
}

function checker(threads: number): SignatureChecker {
  return new SignatureChecker(loadConfig({ KANAVA_VERIFY_THREADS: String(threads), KANAVA_SERVER_SECRET: 'a'.repeat(64) }));
}

/** The checker's workers, to stop one as a crash would. */
function workers(c: SignatureChecker): Worker[] {
  return (c as unknown as { lanes: { worker: Worker }[] }).lanes.map((lane) => lane.worker);
}

describe('SignatureChecker', () => {
  beforeAll(() => ready());

  describe.each([
    ['on worker threads', 2],
    ['on the calling thread', 0],
  ])('%s', (_where, threads) => {
    const c = checker(threads);
    afterAll(() => c.onModuleDestroy());

    it('answers -1 when every signature is valid', async () => {
      expect(await c.firstInvalid(signedJobs(5))).toBe(-1);
      expect(workers(c)).toHaveLength(threads === 0 ? 0 : 1);
    });

    it('names the first invalid signature', async () => {
      const jobs = signedJobs(5);
      expect(await c.firstInvalid([jobs[0], jobs[1], tampered(jobs[2]), jobs[3], tampered(jobs[4])])).toBe(2);
      // A signature over another message, and a key that is no key, are invalid, not errors.
      expect(await c.firstInvalid([jobs[0], { ...jobs[1], message: jobs[2].message }])).toBe(1);
      expect(await c.firstInvalid([{ ...jobs[0], publicKey: new Uint8Array(31) }])).toBe(0);
    });

    it('keeps the answers of many batches at once apart', async () => {
      const batches = Array.from({ length: 40 }, (_, i) => {
        const jobs = signedJobs(3);
        return i % 3 === 0 ? jobs : jobs.map((job, at) => (at === i % 3 ? tampered(job) : job));
      });
      const answers = await Promise.all(batches.map((jobs) => c.firstInvalid(jobs)));
      expect(answers).toEqual(batches.map((_, i) => (i % 3 === 0 ? -1 : i % 3)));
    });
  });

  it("answers a stopped worker's batches on the calling thread and starts another worker", async () => {
    const c = checker(1);
    try {
      expect(await c.firstInvalid(signedJobs(1))).toBe(-1);
      const [first] = workers(c);
      const jobs = signedJobs(4);
      const pending = [c.firstInvalid(jobs), c.firstInvalid([jobs[0], tampered(jobs[1])])];
      await first.terminate();
      expect(await Promise.all(pending)).toEqual([-1, 1]);
      expect(await c.firstInvalid([tampered(jobs[0])])).toBe(0);
      expect(workers(c)).toHaveLength(1);
      expect(workers(c)[0]).not.toBe(first);
    } finally {
      await c.onModuleDestroy();
    }
  });

  it('still answers once the module is closed', async () => {
    const c = checker(1);
    expect(await c.firstInvalid(signedJobs(2))).toBe(-1);
    await c.onModuleDestroy();
    expect(workers(c)).toHaveLength(0);
    const jobs = signedJobs(2);
    expect(await c.firstInvalid([jobs[0], tampered(jobs[1])])).toBe(1);
  });
});
