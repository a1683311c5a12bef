/**
 * A one-row FROM item that makes the transaction of the statement using it commit
 * without waiting for its WAL to reach the disk (`synchronous_commit = off` for that
 * transaction only: `set_config(…, true)` ends with it, the session keeps its setting).
 *
 * Why: the proof-of-work challenges and the rate-limit counters are written by every
 * submission, and the counter rows are shared by all of them. A row updated by a
 * statement stays locked until its commit, and a commit waits for a disk flush, which
 * takes milliseconds on small machines and stalls for hundreds at times; every other
 * submission queued on the lock behind it. Nothing is lost that matters if PostgreSQL
 * crashes within the WAL writer's delay (well under a second): a challenge issued then is
 * fetched again, a spent one could be spent once more before it expires, and a budget
 * counts a few units less. The report itself still commits durably before its 201, and
 * that flush also covers every earlier commit (the WAL is written in order).
 *
 * Invariant: only in a statement that runs on its own (autocommit). Inside a caller's
 * transaction it would make that whole transaction's commit non-durable.
 * The FROM item has exactly one row, so PostgreSQL always evaluates it; put it where
 * it is the statement's only row source (or joined to a source that always has rows).
 */
export const COMMIT_WITHOUT_FLUSH = `(SELECT set_config('synchronous_commit', 'off', true)) AS commit_without_flush`;
