import { JOB_NAMES, JobName } from './catalogue';

/** One job's last run as the status views show it (times ISO 8601, null when never). */
export interface JobRunView {
  name: JobName;
  lastStartedAt: string | null;
  lastSucceededAt: string | null;
  lastFailedAt: string | null;
  /** The last run's failure code, when the last run failed. */
  lastError: string | null;
  lastCount: number | null;
  lastDurationMs: number | null;
}

export interface JobRunRow {
  name: string;
  last_started_at: Date;
  last_finished_at: Date | null;
  last_succeeded_at: Date | null;
  last_failed_at: Date | null;
  last_error: string | null;
  last_count: number | null;
  last_duration_ms: number | null;
}

/** A problem readiness reports, with the fix in words for the operator. */
export interface JobProblem {
  code: 'purge_overdue' | 'purge_failing' | 'attachment_store_not_shared';
  message: string;
}

export interface JobsAssessment {
  status: 'ok' | 'degraded';
  /** Where this process runs jobs: `inline` (it runs them too) or `off` (workers do). */
  mode: 'inline' | 'off';
  staleAfterMinutes: number;
  purgeIntervalSeconds: number;
  jobs: JobRunView[];
  problems: JobProblem[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Every known job, in catalogue order, with its last run (or nulls). */
export function jobViews(rows: JobRunRow[]): JobRunView[] {
  const byName = new Map(rows.map((r) => [r.name, r]));
  return JOB_NAMES.map((name) => {
    const r = byName.get(name);
    const failedLast = !!r?.last_failed_at && (!r.last_succeeded_at || r.last_failed_at > r.last_succeeded_at);
    return {
      name,
      lastStartedAt: iso(r?.last_started_at ?? null),
      lastSucceededAt: iso(r?.last_succeeded_at ?? null),
      lastFailedAt: iso(r?.last_failed_at ?? null),
      lastError: failedLast ? (r?.last_error ?? null) : null,
      lastCount: r?.last_count ?? null,
      lastDurationMs: r?.last_duration_ms ?? null,
    };
  });
}

export interface AssessInput {
  rows: JobRunRow[];
  now: Date;
  mode: 'inline' | 'off';
  staleAfterMinutes: number;
  purgeIntervalSeconds: number;
  /** Since when jobs could have run here: a purge that never ran is overdue only after the stale period from then. */
  since: Date;
  /** This process's own check of the attachment store (null: not checked). */
  storeShared: boolean | null;
}

/**
 * The deployment's jobs are `degraded` when no retention purge has succeeded for
 * longer than the stale period (counted from `since` when none ever has), or the
 * attachment store is not shared: then cases stay past their deletion date, or
 * their files do. The messages name the fix.
 */
export function assessJobs(input: AssessInput): JobsAssessment {
  const jobs = jobViews(input.rows);
  const purge = jobs.find((j) => j.name === 'retention-purge')!;
  const problems: JobProblem[] = [];
  const staleMs = input.staleAfterMinutes * 60_000;
  const lastOk = purge.lastSucceededAt ? new Date(purge.lastSucceededAt) : null;
  const overdue = input.now.getTime() - (lastOk ?? input.since).getTime() > staleMs;
  const fix =
    input.mode === 'off'
      ? 'This API runs no jobs (KANAVA_JOBS=off): start a worker (`npm run start:worker`, or the worker service of docker/compose.yaml) against the same database, or set KANAVA_JOBS=inline.'
      : 'This API runs the jobs (KANAVA_JOBS=inline): see its log for "job failed" lines.';
  if (overdue) {
    problems.push({
      code: 'purge_overdue',
      message: `${lastOk ? `The retention purge last succeeded at ${lastOk.toISOString()}` : 'The retention purge has never run'}, over ${input.staleAfterMinutes} minutes ago, so cases past their deletion date are not being deleted. ${fix}`,
    });
  }
  if (purge.lastError) {
    problems.push({
      code: purge.lastError === 'attachment_store_not_shared' ? 'attachment_store_not_shared' : 'purge_failing',
      message:
        purge.lastError === 'attachment_store_not_shared'
          ? 'The last retention purge was refused: the process that ran it does not see the attachment store the API writes to. Give the API and every worker the same KANAVA_DATA_DIR volume (local storage) or the same S3 bucket.'
          : `The last retention purge failed (${purge.lastError}). See the log of the process that ran it.`,
    });
  }
  if (input.storeShared === false && !problems.some((p) => p.code === 'attachment_store_not_shared')) {
    problems.push({
      code: 'attachment_store_not_shared',
      message:
        "This API's attachment store is not the deployment's: files uploaded here are not where the other processes look, and the purge cannot delete them. Give the API and every worker the same KANAVA_DATA_DIR volume (local storage) or the same S3 bucket.",
    });
  }
  return {
    status: problems.length ? 'degraded' : 'ok',
    mode: input.mode,
    staleAfterMinutes: input.staleAfterMinutes,
    purgeIntervalSeconds: input.purgeIntervalSeconds,
    jobs,
    problems,
  };
}
