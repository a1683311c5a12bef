import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  DeleteObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { assertStorageKey, AttachmentStorage, ByteRange, StoredObjectNotFound } from './attachment-storage';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

/** Multipart part size: S3's minimum is 5 MiB; one part per upload is in memory at a time. */
const PART_BYTES = 8 * 1024 * 1024;

function isNotFound(e: unknown): boolean {
  return e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404);
}

/**
 * Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, …), for
 * deployments that run several API instances. A put is one multipart upload
 * (or one PutObject when small), which S3 makes visible atomically on
 * completion and aborts when the source fails.
 */
export class S3AttachmentStorage extends AttachmentStorage {
  readonly name = 's3';
  private readonly client: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    super();
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
      // Checksums of whole streamed bodies would need a second pass; integrity is end-to-end (AEAD) anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, source: AsyncIterable<Uint8Array>): Promise<number> {
    assertStorageKey(key);
    let written = 0;
    const counted = Readable.from(
      (async function* () {
        for await (const piece of source) {
          written += piece.length;
          yield piece;
        }
      })(),
      { objectMode: false },
    );
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: key, Body: counted, ContentType: 'application/octet-stream' },
      partSize: PART_BYTES,
      queueSize: 1,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      counted.destroy();
      throw e;
    }
    return written;
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertStorageKey(key);
    if (range && range.end <= range.start) {
      if ((await this.size(key)) === null) throw new StoredObjectNotFound(key);
      return Readable.from([]);
    }
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end - 1}` : undefined }),
      );
      return res.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) throw new StoredObjectNotFound(key);
      throw e;
    }
  }

  async size(key: string): Promise<number | null> {
    assertStorageKey(key);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return res.ContentLength ?? 0;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    assertStorageKey(prefix, true);
    if (!prefix.endsWith('/')) throw new Error('a prefix ends with /');
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }));
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (keys.length > 0) await this.client.send(new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: keys, Quiet: true } }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  destroy(): void {
    this.client.destroy();
  }
}
