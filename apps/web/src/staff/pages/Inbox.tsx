import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../App';
import { CaseContentWire, CaseViewWire, openContent } from '../case-client';
import { loadTrust, TrustedDirectory } from '../trust';
import { OrganisationTrustNotice } from './TrustNotices';
import { DeadlineBadges } from '../deadlines';
import { formatDate, StaffShell } from '../layout';
import { Link } from '../router';
import { KeysetPage, useKeysetPages } from '../keyset';
import { query } from '../staff-api';

/** `GET /api/staff/cases`: metadata only (reference, channel, category, status, deadlines), the case view's fields of those. */
type CaseSummary = Pick<
  CaseViewWire,
  | 'id'
  | 'reference'
  | 'channelId'
  | 'channelName'
  | 'categoryId'
  | 'categoryLabel'
  | 'status'
  | 'receivedAt'
  | 'acknowledgementDueAt'
  | 'acknowledgedAt'
  | 'feedbackDueAt'
  | 'closedAt'
  | 'nextDueAt'
  | 'subjectInformed'
  | 'anonymous'
> & { overdue: boolean; followUpAt: string | null; followUpDoneAt: string | null; specialData: string[] };

const STATUSES = ['received', 'triaged', 'investigating', 'concluded', 'closed'];
const PAGE = 25;
/** What `POST /api/staff/cases/reports` takes at once. */
const REPORTS_PER_REQUEST = 50;

interface Filters {
  status: string;
  channelId: string;
  categoryId: string;
  due: string;
  sort: string;
  specialData: string;
}

/** The handler's inbox: what is due at a glance, filtered, a page at a time (keyset). */
export function Inbox(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [filters, setFilters] = useState<Filters>({ status: '', channelId: '', categoryId: '', due: '', sort: 'received', specialData: '' });
  // The choices offered are those of the cases seen so far: the inbox has no other source of names it may show.
  const [channels, setChannels] = useState<Map<string, string>>(new Map());
  const [categories, setCategories] = useState<Map<string, string>>(new Map());
  const [now] = useState(() => Date.now());
  // Titles are off until asked for: showing one fetches the whole report, and the audit trail records that fetch per case.
  const [showTitles, setShowTitles] = useState(false);
  /** A case's decrypted title; null when it cannot be opened, false when the report was redacted (its title is no longer the reporter's). */
  const [titles, setTitles] = useState<Map<string, string | null | false>>(new Map());
  const requested = useRef(new Set<string>());
  const directory = useRef<TrustedDirectory | null>(null);
  const [trust, setTrust] = useState<TrustedDirectory | null>(null);
  const refreshTrust = useCallback(async () => {
    try {
      const loaded = await loadTrust(session);
      directory.current = loaded;
      setTrust(loaded);
    } catch {
      // The inbox works without it; the case page loads it again before anything is sealed or trusted.
    }
  }, [session]);
  useEffect(() => {
    void refreshTrust();
  }, [refreshTrust]);

  const fetchPage = useCallback(
    async (cursor: string | null): Promise<KeysetPage<CaseSummary>> => {
      const page = await session.api.get<{ cases: CaseSummary[]; nextCursor: string | null }>(
        '/api/staff/cases' + query({ ...filters, sort: filters.sort === 'received' ? undefined : filters.sort, limit: PAGE, cursor }),
      );
      setChannels((prev) => new Map([...prev, ...page.cases.map((c) => [c.channelId, c.channelName] as const)]));
      setCategories(
        (prev) => new Map([...prev, ...page.cases.flatMap((c) => (c.categoryId ? [[c.categoryId, c.categoryLabel ?? c.categoryId] as const] : []))]),
      );
      return { items: page.cases, nextCursor: page.nextCursor };
    },
    [session, filters],
  );
  const { items: cases, next, error, setError, more, reload } = useKeysetPages(fetchPage, t('error.load'));

  /** Decrypts the titles of the listed cases not asked for yet; a title that cannot be opened shows as such (null). */
  const loadTitles = useCallback(
    async (ids: string[]) => {
      for (const id of ids) requested.current.add(id);
      try {
        directory.current ??= await loadTrust(session);
        for (let i = 0; i < ids.length; i += REPORTS_PER_REQUEST) {
          const chunk = ids.slice(i, i + REPORTS_PER_REQUEST);
          const res = await session.api.post<{ cases: CaseContentWire[] }>('/api/staff/cases/reports', { caseIds: chunk });
          const opened = new Map<string, string | null | false>(chunk.map((id) => [id, null]));
          for (const c of res.cases) {
            // Every case has its report; without one signed by the reporter, a handler redacted it.
            const report = openContent(session, c, directory.current!).items.find((item) => item.kind === 'report' && item.authorKind === 'reporter');
            const title = report?.value?.title;
            opened.set(c.id, !report ? false : typeof title === 'string' && title.trim() ? title : null);
          }
          setTitles((prev) => new Map([...prev, ...opened]));
        }
      } catch {
        for (const id of ids) requested.current.delete(id);
        setError(t('inbox.titlesFailed'));
      }
    },
    [session, t],
  );
  useEffect(() => {
    if (!showTitles || !cases) return;
    const missing = cases.map((c) => c.id).filter((id) => !requested.current.has(id));
    if (missing.length) void loadTitles(missing);
  }, [showTitles, cases, loadTitles]);

  const set = (name: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [name]: e.target.value }));

  return (
    <StaffShell {...props} heading={t('inbox.title')} headingKey="inbox">
      {trust && <OrganisationTrustNotice session={session} trust={trust.organisation} onChange={refreshTrust} />}
      {trust && trust.organisationTrusted && !trust.listsSelf(session.user.id, session.user, 'handler') && (
        <p className="warning" data-testid="own-keys-unsigned">
          {t('trust.selfUnsigned')}
        </p>
      )}
      <form className="filters" aria-label={t('inbox.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-status">{t('inbox.status')}</label>
          <select id="filter-status" value={filters.status} onChange={set('status')}>
            <option value="">{t('inbox.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-channel">{t('inbox.channel')}</label>
          <select id="filter-channel" value={filters.channelId} onChange={set('channelId')}>
            <option value="">{t('inbox.any')}</option>
            {[...channels].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-category">{t('inbox.category')}</label>
          <select id="filter-category" value={filters.categoryId} onChange={set('categoryId')}>
            <option value="">{t('inbox.any')}</option>
            {[...categories].map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-due">{t('inbox.due')}</label>
          <select id="filter-due" value={filters.due} onChange={set('due')}>
            <option value="">{t('inbox.any')}</option>
            <option value="overdue">{t('inbox.dueOverdue')}</option>
            <option value="soon">{t('inbox.dueSoon')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-special">{t('inbox.specialData')}</label>
          <select id="filter-special" value={filters.specialData} onChange={set('specialData')}>
            <option value="">{t('inbox.any')}</option>
            <option value="flagged">{t('inbox.specialDataFlagged')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-sort">{t('inbox.sort')}</label>
          <select id="filter-sort" value={filters.sort} onChange={set('sort')}>
            <option value="received">{t('inbox.sortReceived')}</option>
            <option value="due">{t('inbox.sortDue')}</option>
          </select>
        </div>
        <div className="field">
          <button type="button" onClick={reload}>
            {t('inbox.refresh')}
          </button>
        </div>
        <div className="field">
          <div className="choice">
            <input
              id="show-titles"
              type="checkbox"
              checked={showTitles}
              onChange={(e) => setShowTitles(e.target.checked)}
              aria-describedby="show-titles-hint"
            />
            <label htmlFor="show-titles">{t('inbox.showTitles')}</label>
          </div>
          <p id="show-titles-hint" className="hint">
            {t('inbox.showTitlesHint')}
          </p>
        </div>
      </form>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {!cases && !error && <p role="status">{t('common.loading')}</p>}
      {cases && cases.length === 0 && <p>{t('inbox.empty')}</p>}
      {cases && cases.length > 0 && (
        <table className="list" data-testid="inbox">
          <caption className="visually-hidden">{t('inbox.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inbox.reference')}</th>
              <th scope="col">{t('inbox.received')}</th>
              <th scope="col">{t('inbox.channel')}</th>
              <th scope="col">{t('inbox.status')}</th>
              <th scope="col">{t('inbox.deadlines')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id} className={c.overdue ? 'overdue' : undefined} data-case-id={c.id}>
                <th scope="row">
                  <Link to={`/staff/cases/${c.id}`} navigate={props.navigate}>
                    {c.reference}
                  </Link>
                  {showTitles && (
                    <span className="case-title" data-testid="case-title">
                      {!titles.has(c.id)
                        ? t('common.loading')
                        : titles.get(c.id) === false
                          ? t('inbox.titleRedacted')
                          : (titles.get(c.id) ?? t('inbox.titleUnreadable'))}
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
                  {c.specialData.length > 0 && (
                    <span className="badge" data-testid="special-data-badge">
                      {t('inbox.specialDataBadge')}
                    </span>
                  )}
                </td>
                <td>
                  <DeadlineBadges c={c} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <div className="actions">
          <button type="button" onClick={more}>
            {t('inbox.more')}
          </button>
        </div>
      )}
    </StaffShell>
  );
}
