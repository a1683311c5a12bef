import { useEffect, useState } from 'react';
import type { StaffSession } from './session';

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
  problems: { code: 'purge_overdue' | 'purge_failing' | 'attachment_store_not_shared'; message: string }[];
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
