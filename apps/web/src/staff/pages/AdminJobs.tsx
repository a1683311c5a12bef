import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { useJobsStatus } from '../jobs';
import { formatDate, StaffShell } from '../layout';

/**
 * The background jobs (retention purge, reminders, digest, audit checkpoints, sweeps):
 * when each last succeeded or failed, in whichever server process, and, when the
 * deletion duty is not being kept, what the operator must do. Admins and auditors.
 */
export function AdminJobs(props: PageProps) {
  const { t, language } = useI18n();
  const status = useJobsStatus(props.session);
  return (
    <StaffShell {...props} heading={t('admin.jobs.title')} headingKey="admin-jobs">
      <p>{t('admin.jobs.intro')}</p>
      {status === null && <p role="status">{t('common.loading')}</p>}
      {status === 'error' && (
        <p className="error-text" role="alert">
          {t('error.load')}
        </p>
      )}
      {status && status !== 'error' && (
        <>
          {status.status === 'ok' ? (
            <p role="status" data-testid="jobs-status">
              {t('admin.jobs.ok')}
            </p>
          ) : (
            <div className="warning" role="alert" data-testid="jobs-status">
              <p>{t('admin.jobs.degraded')}</p>
              <ul>
                {status.problems.map((p) => (
                  <li key={p.code}>{t(`admin.jobs.problem.${p.code}`, { minutes: String(status.staleAfterMinutes) })}</li>
                ))}
              </ul>
            </div>
          )}
          <p>{status.mode === 'inline' ? t('admin.jobs.modeInline') : t('admin.jobs.modeOff')}</p>
          <table className="list" data-testid="jobs">
            <caption className="visually-hidden">{t('admin.jobs.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.jobs.job')}</th>
                <th scope="col">{t('admin.jobs.lastSucceeded')}</th>
                <th scope="col">{t('admin.jobs.lastFailed')}</th>
              </tr>
            </thead>
            <tbody>
              {status.jobs.map((j) => (
                <tr key={j.name} className={j.lastError ? 'overdue' : undefined}>
                  <th scope="row">{t(`admin.jobs.name.${j.name}`)}</th>
                  <td>{j.lastSucceededAt ? formatDate(j.lastSucceededAt, language, true) : t('admin.jobs.never')}</td>
                  <td>{j.lastFailedAt ? formatDate(j.lastFailedAt, language, true) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </StaffShell>
  );
}
