import { createHash, randomBytes } from 'node:crypto';
import { AttachmentStorage, StoredObjectNotFound } from './attachment-storage';

/**
 * The behaviour every storage driver must show. Imported by the drivers' specs
 * (local.storage.spec.ts, s3.storage.spec.ts), so both run the same tests.
 */
export function storageContract(name: string, open: () => Promise<AttachmentStorage>, close: () => Promise<void>): void {
  describe(`${name} storage driver contract`, () => {
    let storage: AttachmentStorage;
    const prefix = () => `contract/${randomBytes(6).toString('hex')}/`;

    beforeAll(async () => {
      storage = await open();
    });
    afterAll(() => close());

    async function* pieces(bytes: Buffer, size: number) {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    }
    const read = async (key: string, range?: { start: number; end: number }) => {
      const parts: Buffer[] = [];
      for await (const p of await storage.get(key, range)) parts.push(p as Buffer);
      return Buffer.concat(parts);
    };

    it('stores a stream and reads it back whole and by range', async () => {
      const key = `${prefix()}object`;
      const bytes = randomBytes(300_000);
      expect(await storage.put(key, pieces(bytes, 7_000))).toBe(bytes.length);
      expect(await storage.size(key)).toBe(bytes.length);
      expect(Buffer.compare(await read(key), bytes)).toBe(0);
      expect(Buffer.compare(await read(key, { start: 1000, end: 2000 }), bytes.subarray(1000, 2000))).toBe(0);
      expect(Buffer.compare(await read(key, { start: bytes.length - 5, end: bytes.length }), bytes.subarray(bytes.length - 5))).toBe(0);
      expect(await read(key, { start: 10, end: 10 })).toHaveLength(0);
    });

    it('streams a body larger than one multipart part with bounded pieces', async () => {
      const key = `${prefix()}large`;
      const size = 20 * 1024 * 1024 + 12345;
      const source = async function* () {
        for (let i = 0; i < size; i += 1 << 20) yield Buffer.alloc(Math.min(1 << 20, size - i), i % 251);
      };
      const expected = createHash('sha256');
      for await (const p of source()) expected.update(p);
      expect(await storage.put(key, source())).toBe(size);
      const actual = createHash('sha256');
      for await (const p of await storage.get(key)) actual.update(p as Buffer);
      expect(actual.digest('hex')).toBe(expected.digest('hex'));
    }, 60_000);

    it('keeps nothing when the source fails, and leaves other objects alone', async () => {
      const p = prefix();
      await storage.put(`${p}kept`, pieces(Buffer.from('kept'), 2));
      const failing = async function* () {
        yield randomBytes(6 * 1024 * 1024);
        yield randomBytes(1000);
        throw new Error('client went away');
      };
      await expect(storage.put(`${p}broken`, failing())).rejects.toThrow('client went away');
      expect(await storage.size(`${p}broken`)).toBeNull();
      expect((await read(`${p}kept`)).toString()).toBe('kept');
    });

    it('answers missing objects clearly', async () => {
      const key = `${prefix()}missing`;
      expect(await storage.size(key)).toBeNull();
      await expect(storage.get(key)).rejects.toBeInstanceOf(StoredObjectNotFound);
      await storage.delete(key); // no error
    });

    it('deletes one object, or everything under a prefix and nothing else', async () => {
      const a = prefix();
      const b = prefix();
      for (const key of [`${a}one`, `${a}sub/two`, `${b}three`]) await storage.put(key, pieces(randomBytes(100), 50));
      await storage.delete(`${a}one`);
      expect(await storage.size(`${a}one`)).toBeNull();
      expect(await storage.size(`${a}sub/two`)).toBe(100);
      await storage.deletePrefix(a);
      expect(await storage.size(`${a}sub/two`)).toBeNull();
      expect(await storage.size(`${b}three`)).toBe(100);
      await storage.deletePrefix(a); // again: no error
    });

    it('deletes everything under a prefix given some of its keys, unknown objects too, and nothing outside it', async () => {
      const a = prefix();
      const b = prefix();
      for (const key of [`${a}x/0`, `${a}x/1`, `${a}y/0`, `${a}unknown/0`, `${b}x/0`]) await storage.put(key, pieces(randomBytes(10), 10));
      await storage.deletePrefix(a, [`${a}x/0`, `${a}x/1`, `${a}y/0`, `${a}gone/0`, `${b}x/0`]);
      for (const key of [`${a}x/0`, `${a}x/1`, `${a}y/0`, `${a}unknown/0`]) expect(await storage.size(key)).toBeNull();
      expect(await storage.size(`${b}x/0`)).toBe(10);
      // Only known keys, as after a purge batch: all gone, and again no error.
      await storage.put(`${a}z/0`, pieces(randomBytes(10), 10));
      await storage.deletePrefix(a, [`${a}z/0`]);
      expect(await storage.size(`${a}z/0`)).toBeNull();
      await storage.deletePrefix(a, [`${a}z/0`]);
    });

    it('refuses keys that could escape their place', async () => {
      await expect(storage.put('../escape', pieces(Buffer.from('x'), 1))).rejects.toThrow('invalid storage key');
      await expect(storage.size('/abs')).rejects.toThrow('invalid storage key');
      await expect(storage.deletePrefix('a/../../')).rejects.toThrow('invalid storage key');
    });
  });
}
