import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { S3AttachmentStorage } from './s3.storage';
import { storageContract } from './storage.contract';

// s3rver: a local S3-compatible server from npm (a dev dependency), so the S3
// driver is tested against a real S3 API over HTTP, not a mock.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

const directory = mkdtempSync(path.join(os.tmpdir(), 'kanava-s3rver-'));
let server: InstanceType<typeof S3rver>;
let storage: S3AttachmentStorage;

storageContract(
  's3',
  async () => {
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
    const { port } = await server.run();
    const endpoint = `http://127.0.0.1:${port}`;
    const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const admin = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
    await admin.send(new CreateBucketCommand({ Bucket: 'kanava-test' }));
    admin.destroy();
    storage = new S3AttachmentStorage({ bucket: 'kanava-test', region: 'us-east-1', endpoint, forcePathStyle: true, ...credentials });
    return storage;
  },
  async () => {
    storage?.destroy();
    await server?.close();
    rmSync(directory, { recursive: true, force: true });
  },
);
