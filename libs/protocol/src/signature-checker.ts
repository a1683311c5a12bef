import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { KanavaConfig } from '@kanava/common';
import { signatureValid } from '@kanava/crypto';

/** One Ed25519 signature to check: its bytes, the signed message and the signer's public key. */
export interface SignatureJob {
  signature: Uint8Array;
  message: Uint8Array;
  publicKey: Uint8Array;
}

/** The worker's module: a plain script beside this file (see its header for why it is not TypeScript). */
const WORKER_FILE = path.join(__dirname, 'signature.worker.mjs');

interface Pending {
  jobs: SignatureJob[];
  resolve(invalid: number): void;
}

interface Lane {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Index of the first invalid signature in `jobs`, or -1, checked on this thread. */
export function firstInvalidHere(jobs: SignatureJob[]): number {
  return jobs.findIndex((j) => !signatureValid(j.signature, j.message, j.publicKey));
}

/**
 * Checks a submission's signatures (five for a report to four grantees, about 0.7 ms of
 * CPU) on worker threads, so that the event loop, which every request of this process
 * shares, spends that time on other requests meanwhile. With `verifyThreads` 0 it checks
 * on the calling thread. A worker that fails is replaced, and the batches it held are
 * checked on the calling thread: a caller always gets the answer, never an error.
 */
@Injectable()
export class SignatureChecker implements OnModuleDestroy {
  private readonly logger = new Logger(SignatureChecker.name);
  private readonly lanes: Lane[] = [];
  private next = 0;
  private ids = 0;
  private closed = false;

  constructor(private readonly config: KanavaConfig) {}

  /** Resolves to the index of the first signature in `jobs` that is not valid, or -1. */
  firstInvalid(jobs: SignatureJob[]): Promise<number> {
    if (this.config.verifyThreads === 0 || this.closed || jobs.length === 0) return Promise.resolve(firstInvalidHere(jobs));
    const lane = this.lane();
    const id = ++this.ids;
    return new Promise((resolve) => {
      lane.pending.set(id, { jobs, resolve });
      lane.worker.postMessage({ id, jobs });
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.splice(0).map((lane) => this.retire(lane).terminate()));
  }

  /** The lane for the next batch: workers start on first use, up to `verifyThreads`, then take turns. */
  private lane(): Lane {
    if (this.lanes.length < this.config.verifyThreads) {
      const lane = this.start();
      this.lanes.push(lane);
      return lane;
    }
    this.next = (this.next + 1) % this.lanes.length;
    return this.lanes[this.next];
  }

  private start(): Lane {
    const worker = new Worker(WORKER_FILE);
    // The pool must not keep the process alive on its own.
    worker.unref();
    const lane: Lane = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; invalid: number }) => {
      const pending = lane.pending.get(m.id);
      lane.pending.delete(m.id);
      pending?.resolve(m.invalid);
    });
    // Once per lane: a worker's error is followed by its exit.
    const fail = (why: string) => {
      const at = this.lanes.indexOf(lane);
      if (this.closed || at < 0) return;
      this.lanes.splice(at, 1);
      this.logger.warn(`a signature worker stopped (${why}); its open checks run on the main thread, and another worker starts when next needed`);
      this.retire(lane);
    };
    worker.on('error', (e) => fail(String(e)));
    worker.on('exit', (code) => fail(`exit ${code}`));
    return lane;
  }

  /** Answers the lane's open batches on this thread; returns its worker. */
  private retire(lane: Lane): Worker {
    for (const pending of lane.pending.values()) pending.resolve(firstInvalidHere(pending.jobs));
    lane.pending.clear();
    return lane.worker;
  }
}
