import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalAttachmentStorage } from './local.storage';
import { storageContract } from './storage.contract';

const root = mkdtempSync(path.join(os.tmpdir(), 'kanava-local-storage-'));

storageContract(
  'local',
  async () => new LocalAttachmentStorage(root),
  async () => rmSync(root, { recursive: true, force: true }),
);

describe('local storage driver', () => {
  it('leaves no temporary file behind a failed put', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kanava-local-tmp-'));
    try {
      const storage = new LocalAttachmentStorage(dir);
      const failing = async function* () {
        yield Buffer.alloc(10);
        throw new Error('gone');
      };
      await expect(storage.put('a/b', failing())).rejects.toThrow('gone');
      expect(readdirSync(path.join(dir, 'a'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
