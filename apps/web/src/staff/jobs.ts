import { useEffect, useState } from 'react';
import type { StaffSession } from './session';

/** The background jobs the server reports (libs/jobs JOB_NAMES), for their labels. */
export const JOB_LABELS = [
  'retention-purge',
  'deadline-reminders',
  'activity-digest',
  'audit-checkpoints',
  'incomplete-uploads',
  'expired-expert-grants',
  'expired-challenges-sessions',
  'voice-recordings',
] as const;

/** What readiness can find wrong with the jobs (libs/jobs JobProblem codes). */
export const JOB_PROBLEMS = ['purge_overdue', 'purge_failing', 'attachment_store_not_shared'] as const;

/** GET /api/admin/jobs (libs/jobs JobsAssessment): when each background job last ran, and what is wrong. */
export interface JobsStatus {
  status: 'ok' | 'degraded';
  mode: 'inline' | 'off';
  staleAfterMinutes: number;
  purgeIntervalSeconds: number;
  jobs: {
    name: string;
    lastStartedAt: string | null;
    lastSucceededAt: string | null;
    lastFailedAt: string | null;
    lastError: string | null;
    lastCount: number | null;
  }[];
  problems: { code: (typeof JOB_PROBLEMS)[number]; message: string }[];
}

/** The jobs' status, read once; null while loading, 'error' when it could not be read. */
export function useJobsStatus(session: StaffSession): JobsStatus | null | 'error' {
  const [status, setStatus] = useState<JobsStatus | null | 'error'>(null);
  useEffect(() => {
    let live = true;
    session.api.get<JobsStatus>('/api/admin/jobs').then(
      (s) => live && setStatus(s),
      () => live && setStatus('error'),
    );
    return () => {
      live = false;
    };
  }, [session]);
  return status;
}
