import { createHash } from 'node:crypto';
import { attachmentCiphertextSize } from '@kanava/crypto';
import { DomainError } from '@kanava/common';
import { boundaryAtOrBefore, isValidCiphertextSize, parseUploadChecksum, UploadFraming } from './framing';

const R = 65553;

async function run(framing: UploadFraming, source: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const piece of framing.frame(source)) out.push(piece);
  return Buffer.concat(out);
}

async function* chunks(bytes: Buffer, size: number, failAfter?: number) {
  for (let i = 0; i < bytes.length; i += size) {
    if (failAfter !== undefined && i >= failAfter) throw new Error('aborted');
    yield bytes.subarray(i, i + size);
  }
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? `${e.status} ${e.code}` : String(e)),
  );

describe('attachment framing', () => {
  it('accepts exactly the sizes the padding rule produces', () => {
    for (const trueSize of [0, 1, 65536, 65537, 1 << 20, (1 << 20) + 1, 5_000_000, 1 << 30])
      expect(isValidCiphertextSize(attachmentCiphertextSize(trueSize))).toBe(true);
    expect(isValidCiphertextSize(24)).toBe(false);
    expect(isValidCiphertextSize(24 + R + 1)).toBe(false);
    expect(isValidCiphertextSize(24 + 17 * R)).toBe(false); // 17 chunks: above 1 MiB, not a multiple of 128 KiB
    expect(isValidCiphertextSize(24 + 18 * R)).toBe(true);
    expect(boundaryAtOrBefore(23)).toBe(0);
    expect(boundaryAtOrBefore(24 + R - 1)).toBe(24);
    expect(boundaryAtOrBefore(24 + R)).toBe(24 + R);
  });

  it('passes on whole records only, whatever the pieces', async () => {
    const size = 24 + 3 * R;
    const body = Buffer.alloc(size, 7);
    const framing = new UploadFraming({ offset: 0, size, mustComplete: true });
    const out = await run(framing, chunks(body, 1000));
    expect(out.equals(body)).toBe(true);
  });

  it('keeps the whole records of a body cut off by the client, none with a checksum', async () => {
    const size = 24 + 3 * R;
    const body = Buffer.alloc(size, 1);
    const cut = new UploadFraming({ offset: 0, size, mustComplete: true });
    const kept = await run(cut, chunks(body, 1000, 24 + 2 * R + 5000));
    expect(cut.aborted).toBe(true);
    expect(kept.length).toBe(24 + 2 * R);
    const checked = new UploadFraming({ offset: 0, size, mustComplete: true, checksum: Buffer.alloc(32) });
    expect(await code(run(checked, chunks(body, 1000, 5000)))).toBe('400 upload_aborted');
  });

  it('refuses overlong, mid-record, short and mismatching bodies', async () => {
    const size = 24 + 2 * R;
    const body = Buffer.alloc(size, 2);
    expect(await code(run(new UploadFraming({ offset: 0, size, mustComplete: false }), chunks(Buffer.concat([body, Buffer.alloc(1)]), 4096)))).toBe(
      '413 upload_exceeds_size',
    );
    expect(await code(run(new UploadFraming({ offset: 0, size, mustComplete: false }), chunks(body.subarray(0, 100), 10)))).toBe('400 partial_record');
    expect(await code(run(new UploadFraming({ offset: 0, size, mustComplete: true }), chunks(body.subarray(0, 24 + R), 4096)))).toBe('400 incomplete_content');
    const digest = createHash('sha256').update(body).digest();
    expect(await code(run(new UploadFraming({ offset: 0, size, mustComplete: true, checksum: digest }), chunks(body, 4096)))).toBe('ok');
    const corrupted = Buffer.from(body);
    corrupted[500] ^= 1;
    expect(await code(run(new UploadFraming({ offset: 0, size, mustComplete: true, checksum: digest }), chunks(corrupted, 4096)))).toBe(
      '460 checksum_mismatch',
    );
  });

  it('parses Upload-Checksum strictly', () => {
    expect(parseUploadChecksum(undefined)).toBeUndefined();
    expect(parseUploadChecksum(`sha256 ${Buffer.alloc(32, 1).toString('base64')}`)).toEqual(Buffer.alloc(32, 1));
    expect(() => parseUploadChecksum('sha1 abc')).toThrow(DomainError);
    expect(() => parseUploadChecksum(`sha256 ${Buffer.alloc(31).toString('base64')}`)).toThrow(DomainError);
  });
});
