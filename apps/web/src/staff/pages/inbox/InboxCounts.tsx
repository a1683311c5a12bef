import type { CaseCounts } from '@kanava/api-contract';
import { useI18n } from '../../../shared/i18n';
import { STATUSES } from './InboxFilters';

/** How many of the handler's cases are in each status, and how many of those are unread. */
export function InboxCounts(props: { counts: CaseCounts }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading" className="visually-hidden">
        {t('inbox.counts')}
      </h2>
      <ul className="status-counts" data-testid="status-counts">
        <li data-status="all">{t('inbox.countTotal', { total: props.counts.total, unread: props.counts.unread })}</li>
        {STATUSES.map((st) => (
          <li key={st} data-status={st}>
            {t('inbox.countItem', { status: t(`status.${st}`), total: props.counts.statuses[st]?.total ?? 0, unread: props.counts.statuses[st]?.unread ?? 0 })}
          </li>
        ))}
      </ul>
    </section>
  );
}
