import type { LoggerService } from '@nestjs/common';
import type { JobProblem, JobsAssessment } from './job-status';

/**
 * Checks the jobs every `everyMs` and logs a warning naming the fix when they are
 * degraded (once per problem until it clears, then once that it cleared), so an
 * operator reading the API's log learns that cases are not being deleted.
 */
export function watchJobs(assess: () => Promise<JobsAssessment>, logger: LoggerService, everyMs: number): () => void {
  let reported = new Set<JobProblem['code']>();
  const check = async () => {
    try {
      const a = await assess();
      const now = new Set(a.problems.map((p) => p.code));
      for (const p of a.problems) if (!reported.has(p.code)) logger.warn({ msg: p.message, problem: p.code }, 'Jobs');
      for (const code of reported) if (!now.has(code)) logger.log({ msg: 'background jobs healthy again', problem: code }, 'Jobs');
      reported = now;
    } catch {
      // The database is away: readiness says so; nothing to add here.
    }
  };
  void check();
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
