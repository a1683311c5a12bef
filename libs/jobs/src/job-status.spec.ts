import { JOB_NAMES } from './catalogue';
import { assessJobs, JobRunRow } from './job-status';
import { watchJobs } from './watchdog';

const now = new Date('2026-06-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const purged = (at: Date, extra: Partial<JobRunRow> = {}): JobRunRow => ({
  name: 'retention-purge',
  last_started_at: at,
  last_finished_at: at,
  last_succeeded_at: at,
  last_failed_at: null,
  last_error: null,
  last_count: 3,
  last_duration_ms: 12,
  ...extra,
});
const base = { now, mode: 'off' as const, staleAfterMinutes: 60, purgeIntervalSeconds: 300, since: minutesAgo(600), storeShared: null };

describe('assessJobs', () => {
  it('is ok while the purge succeeded within the stale period, and lists every job', () => {
    const a = assessJobs({ ...base, rows: [purged(minutesAgo(59))] });
    expect(a.status).toBe('ok');
    expect(a.problems).toEqual([]);
    expect(a.jobs.map((j) => j.name)).toEqual([...JOB_NAMES]);
    expect(JOB_NAMES[0]).toBe('retention-purge');
    expect(a.jobs[0]).toMatchObject({ lastSucceededAt: minutesAgo(59).toISOString(), lastCount: 3, lastError: null });
    expect(a.jobs[1]).toMatchObject({ lastSucceededAt: null, lastStartedAt: null });
  });

  it('is degraded once the last successful purge is older than the stale period, naming the worker as the fix when jobs are off', () => {
    const a = assessJobs({ ...base, rows: [purged(minutesAgo(61))] });
    expect(a.status).toBe('degraded');
    expect(a.problems).toHaveLength(1);
    expect(a.problems[0].code).toBe('purge_overdue');
    expect(a.problems[0].message).toContain('npm run start:worker');
    expect(a.problems[0].message).toContain(minutesAgo(61).toISOString());
  });

  it('counts a purge that never ran from `since`', () => {
    expect(assessJobs({ ...base, rows: [], since: minutesAgo(30) }).status).toBe('ok');
    const late = assessJobs({ ...base, rows: [], since: minutesAgo(90) });
    expect(late.problems.map((p) => p.code)).toEqual(['purge_overdue']);
    expect(late.problems[0].message).toContain('never run');
  });

  it('reports a failing purge by its code, and a store that is not shared with the fix', () => {
    const failing = purged(minutesAgo(10), { last_failed_at: minutesAgo(1), last_error: 'attachment_store_not_shared' });
    const a = assessJobs({ ...base, mode: 'inline', rows: [failing] });
    expect(a.status).toBe('degraded');
    expect(a.problems.map((p) => p.code)).toEqual(['attachment_store_not_shared']);
    expect(a.problems[0].message).toContain('KANAVA_DATA_DIR');
    // A failure before the last success is history, not a problem.
    const recovered = purged(minutesAgo(1), { last_failed_at: minutesAgo(10), last_error: 'QueryFailedError' });
    expect(assessJobs({ ...base, rows: [recovered] }).status).toBe('ok');
    expect(assessJobs({ ...base, rows: [purged(minutesAgo(1))], storeShared: false }).problems.map((p) => p.code)).toEqual(['attachment_store_not_shared']);
  });
});

describe('watchJobs', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('warns once per problem with its fix, and once when it cleared', async () => {
    const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
    let rows = [purged(minutesAgo(120))];
    const stop = watchJobs(async () => assessJobs({ ...base, rows }), logger, 1000);
    await jest.advanceTimersByTimeAsync(2500);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatchObject({ problem: 'purge_overdue', msg: expect.stringContaining('npm run start:worker') });
    rows = [purged(minutesAgo(1))];
    await jest.advanceTimersByTimeAsync(1000);
    expect(logger.log).toHaveBeenCalledWith(expect.objectContaining({ msg: 'background jobs healthy again' }), 'Jobs');
    await jest.advanceTimersByTimeAsync(3000);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    stop();
  });
});
