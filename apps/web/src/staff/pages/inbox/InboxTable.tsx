import type { CaseSummary } from '@kanava/api-contract';
import { useI18n } from '../../../shared/i18n';
import { DeadlineBadges } from '../../deadlines';
import { formatDate } from '../../layout';
import { Link } from '../../router';

/**
 * The inbox's rows with their selection boxes. A title is the decrypted one, null when it
 * cannot be opened, false when the report was redacted; absent while it loads.
 */
export function InboxTable(props: {
  shown: CaseSummary[];
  selected: Set<string>;
  onToggle: (id: string, on: boolean) => void;
  showTitles: boolean;
  titles: Map<string, string | null | false>;
  now: number;
  navigate: (to: string) => void;
}) {
  const { t, language } = useI18n();
  const { shown } = props;
  const allSelected = shown.length > 0 && shown.every((c) => props.selected.has(c.id));
  return (
    <table className="list" data-testid="inbox">
      <caption className="visually-hidden">{t('inbox.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">
            <input
              type="checkbox"
              aria-label={t('inbox.selectAll')}
              checked={allSelected}
              onChange={(e) => {
                const on = e.target.checked;
                for (const c of shown) props.onToggle(c.id, on);
              }}
            />
          </th>
          <th scope="col">{t('inbox.reference')}</th>
          <th scope="col">{t('inbox.received')}</th>
          <th scope="col">{t('inbox.channel')}</th>
          <th scope="col">{t('inbox.status')}</th>
          <th scope="col">{t('inbox.deadlines')}</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((c) => (
          <tr
            key={c.id}
            className={[c.overdue ? 'overdue' : '', c.unread ? 'unread' : ''].join(' ').trim() || undefined}
            data-case-id={c.id}
            data-unread={c.unread}
          >
            <td>
              <input
                type="checkbox"
                aria-label={t('inbox.selectCase', { reference: c.reference })}
                checked={props.selected.has(c.id)}
                onChange={(e) => props.onToggle(c.id, e.target.checked)}
              />
            </td>
            <th scope="row">
              <Link to={`/staff/cases/${c.id}`} navigate={props.navigate}>
                {c.reference}
              </Link>
              {c.labels.length > 0 && (
                <span className="labels" data-testid="case-labels">
                  {c.labels.map((l) => (
                    <span key={l.id} className="badge label-badge">
                      {l.name}
                    </span>
                  ))}
                </span>
              )}
              {c.unread && (
                <span className="badge unread-badge" data-testid="unread-badge">
                  {t('inbox.unreadBadge')}
                </span>
              )}
              {props.showTitles && (
                <span className="case-title" data-testid="case-title">
                  {!props.titles.has(c.id)
                    ? t('common.loading')
                    : props.titles.get(c.id) === false
                      ? t('inbox.titleRedacted')
                      : (props.titles.get(c.id) ?? t('inbox.titleUnreadable'))}
                </span>
              )}
            </th>
            <td>{formatDate(c.receivedAt, language)}</td>
            <td>
              {c.channelName}
              {c.categoryLabel ? ` · ${c.categoryLabel}` : ''}
            </td>
            <td>
              {t(`status.${c.status}`)}
              {c.forwarded && (
                <span className="badge" data-testid="forwarded-badge">
                  {t('inbox.forwardedBadge')}
                </span>
              )}
              {c.specialData.length > 0 && (
                <span className="badge" data-testid="special-data-badge">
                  {t('inbox.specialDataBadge')}
                </span>
              )}
            </td>
            <td>
              <DeadlineBadges c={c} now={props.now} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
