import { useCallback } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { useResource } from '../async-list';
import { formatDate, StaffShell } from '../layout';

interface Designation {
  channelId: string;
  channelName: string;
  role: 'handler' | 'custodian';
  userId: string;
  displayName: string;
  email: string;
  designatedBy: string | null;
  designatedByName: string | null;
  designatedAt: string;
  casesGranted: number;
  /** `operator`: made with the CLI or the demo seed, not through an invitation in the console (R38). */
  createdVia: 'invitation' | 'operator';
  createdByOperator: string | null;
}

interface Review {
  generatedAt: string;
  designations: Designation[];
}

/**
 * The periodic access review (R14): per channel, who is designated as handler or
 * custodian, by whom and since when, and how many of the channel's cases each
 * holds keys to, and which accounts an operator made outside the console (R38).
 * Names and counts only; nothing of any case.
 */
export function AccessReview(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const { data: review, error } = useResource(
    useCallback(() => session.api.get<Review>('/api/admin/access-review'), [session]),
    t('error.load'),
  );

  // The server orders by channel name, role and person; rows of one channel stay together under its heading.
  const channels: { id: string; name: string; rows: Designation[] }[] = [];
  for (const d of review?.designations ?? []) {
    const last = channels[channels.length - 1];
    if (last?.id === d.channelId) last.rows.push(d);
    else channels.push({ id: d.channelId, name: d.channelName, rows: [d] });
  }

  return (
    <StaffShell {...props} heading={t('admin.review.title')} headingKey="admin-access-review">
      <p>{t('admin.review.intro')}</p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {!review && !error && <p role="status">{t('common.loading')}</p>}
      {review && (
        <>
          <p data-testid="review-generated">{t('admin.review.generated', { date: formatDate(review.generatedAt, language, true) })}</p>
          {channels.length === 0 && <p>{t('admin.review.none')}</p>}
          {channels.map((c) => (
            <section key={c.id} className="panel" aria-labelledby={`review-${c.id}-heading`} data-channel-id={c.id}>
              <h2 id={`review-${c.id}-heading`}>{c.name}</h2>
              <table className="list" data-testid="access-review">
                <caption className="visually-hidden">{t('admin.review.caption', { channel: c.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('activate.name')}</th>
                    <th scope="col">{t('admin.review.role')}</th>
                    <th scope="col">{t('admin.review.designatedBy')}</th>
                    <th scope="col">{t('admin.review.since')}</th>
                    <th scope="col">{t('admin.review.cases')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.rows.map((d) => (
                    <tr key={`${d.userId}-${d.role}`} data-user-id={d.userId} data-role={d.role}>
                      <th scope="row">
                        {d.displayName}
                        <br />
                        <span className="hint">{d.email}</span>
                        {d.createdVia === 'operator' && (
                          <>
                            <br />
                            <span className="badge" data-testid="made-by-operator">
                              {d.createdByOperator
                                ? t('admin.review.madeByOperator', { operator: d.createdByOperator })
                                : t('admin.review.madeByUnknownOperator')}
                            </span>
                          </>
                        )}
                      </th>
                      <td>{t(`role.${d.role}`)}</td>
                      <td>{d.designatedByName ?? t('admin.review.byNobody')}</td>
                      <td>{formatDate(d.designatedAt, language)}</td>
                      <td>{d.casesGranted}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </StaffShell>
  );
}
