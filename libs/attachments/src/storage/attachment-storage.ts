import type { Readable } from 'node:stream';

/** A byte range [start, end) of a stored object. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Thrown by `get` for an object that does not exist. */
export class StoredObjectNotFound extends Error {
  constructor(readonly key: string) {
    super(`no stored object ${key}`);
  }
}

/** Object keys: lower-case path segments, never `..` or absolute. */
const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

export function assertStorageKey(key: string, prefix = false): void {
  const bare = prefix && key.endsWith('/') ? key.slice(0, -1) : key;
  if (!KEY_PATTERN.test(bare) || bare.split('/').some((s) => s === '..' || s === '.')) throw new Error(`invalid storage key ${key}`);
}

/**
 * Where attachment ciphertext lives. Every driver passes the same contract
 * tests (storage.contract.ts). Objects are immutable once written.
 */
export abstract class AttachmentStorage {
  /** The driver's name, for logs and tests. */
  abstract readonly name: string;

  /**
   * Stores `source` under `key`, streaming, with backpressure. Atomic: the object
   * becomes visible only when `source` ends; if `source` throws, nothing is left
   * and the error is rethrown. Resolves with the byte count once the bytes are durable.
   */
  abstract put(key: string, source: AsyncIterable<Uint8Array>): Promise<number>;

  /** A stream of the object, or of `range` of it. Rejects with StoredObjectNotFound. */
  abstract get(key: string, range?: ByteRange): Promise<Readable>;

  /** The object's size in bytes, or null when it does not exist. */
  abstract size(key: string): Promise<number | null>;

  /** Removes one object (no error when it is missing). */
  abstract delete(key: string): Promise<void>;

  /**
   * Removes every object whose key starts with `prefix` (which ends with `/`).
   * `knownKeys`, objects known to be under it, let a driver remove those without
   * listing first; anything else under the prefix is removed all the same, and a
   * key outside it is ignored.
   */
  abstract deletePrefix(prefix: string, knownKeys?: readonly string[]): Promise<void>;
}
