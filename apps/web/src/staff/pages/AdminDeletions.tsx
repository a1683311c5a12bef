import { useCallback } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { formatDate, StaffShell } from '../layout';
import { AsyncList } from '../async-list';
import { useJobsStatus } from '../jobs';
import { KeysetPage, useKeysetPages } from '../keyset';
import { Link } from '../router';
import { query } from '../staff-api';

interface UpcomingDeletion {
  caseId: string;
  reference: string;
  channelName: string;
  purgeAt: string;
  basis: string;
  onHold: boolean;
}

const PAGE = 50;

/** Cases in the order they will be deleted, with date, basis and hold: metadata only, keyset paging. */
export function AdminDeletions(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const fetchPage = useCallback(
    async (cursor: string | null): Promise<KeysetPage<UpcomingDeletion>> => {
      const page = await session.api.get<{ cases: UpcomingDeletion[]; nextCursor: string | null }>(
        '/api/admin/retention/upcoming' + query({ limit: PAGE, cursor }),
      );
      return { items: page.cases, nextCursor: page.nextCursor };
    },
    [session],
  );
  const { items: rows, next, error, more, reload } = useKeysetPages(fetchPage, t('error.load'));
  const jobs = useJobsStatus(session);
  const lastPurge = jobs && jobs !== 'error' ? jobs.jobs.find((j) => j.name === 'retention-purge')!.lastSucceededAt : null;
  const now = Date.now();

  return (
    <StaffShell {...props} heading={t('admin.deletions.title')} headingKey="admin-deletions">
      <p>{t('admin.deletions.intro')}</p>
      {jobs && jobs !== 'error' && (
        <p data-testid="last-purge">
          {lastPurge
            ? t('admin.deletions.lastPurge', {
                date: formatDate(lastPurge, language, true),
                minutes: String(Math.max(1, Math.round(jobs.purgeIntervalSeconds / 60))),
              })
            : t('admin.deletions.neverPurged')}
        </p>
      )}
      {jobs && jobs !== 'error' && jobs.status !== 'ok' && (
        <p className="warning" role="alert">
          <Link to="/staff/admin/jobs" navigate={props.navigate}>
            {t('admin.deletions.jobsProblem')}
          </Link>
        </p>
      )}
      <AsyncList items={rows} error={error} empty={t('admin.deletions.none')} onRetry={reload}>
        {(rows) => (
          <table className="list" data-testid="deletions">
            <caption className="visually-hidden">{t('admin.deletions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('inbox.reference')}</th>
                <th scope="col">{t('inbox.channel')}</th>
                <th scope="col">{t('admin.deletions.date')}</th>
                <th scope="col">{t('admin.deletions.basis')}</th>
                <th scope="col">{t('admin.deletions.hold')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const due = !r.onHold && Date.parse(r.purgeAt) <= now;
                return (
                  <tr key={r.caseId} className={due ? 'overdue' : undefined}>
                    <th scope="row">{r.reference}</th>
                    <td>{r.channelName}</td>
                    <td>
                      {formatDate(r.purgeAt, language)}
                      {due && ` (${t('admin.deletions.due')})`}
                    </td>
                    <td>{t(`retention.basis.${r.basis}`)}</td>
                    <td>{r.onHold ? t('admin.deletions.onHold') : t('admin.deletions.noHold')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </AsyncList>
      {next && (
        <div className="actions">
          <button type="button" onClick={more}>
            {t('admin.deletions.more')}
          </button>
        </div>
      )}
    </StaffShell>
  );
}
