import { FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaseCounts as Counts, CaseList, CaseSummary } from '@kanava/api-contract';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { assignableColleagues, CaseContentWire, CaseViewWire, openCase, openContent, SealRefused, sealCaseKeysTo } from '../case-client';
import { loadTrust, TrustedDirectory } from '../trust';
import { OrganisationTrustNotice } from './TrustNotices';
import { DeadlineBadges } from '../deadlines';
import { formatDate, StaffShell } from '../layout';
import { Link } from '../router';
import { KeysetPage, useKeysetPages } from '../keyset';
import { ApiError, query } from '../staff-api';
import { normaliseReference, REFERENCE_PREFIX_PATTERN } from '../case-reference';
import { ColleagueSelect } from './ColleagueSelect';
import type { BulkReason } from '../bulk-assign';

interface BulkRun {
  name: string;
  total: number;
  done: number;
  assigned: number;
  failures: { id: string; reference: string; reason: BulkReason }[];
  running: boolean;
}

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
  reference: string;
  unread: string;
}

/** The handler's inbox: what is due at a glance, filtered, a page at a time (keyset). */
export function Inbox(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [filters, setFilters] = useState<Filters>({
    status: '',
    channelId: '',
    categoryId: '',
    due: '',
    sort: 'received',
    specialData: '',
    reference: '',
    unread: '',
  });
  // The reference as typed; it becomes a filter once it is the start of a reference.
  const [referenceText, setReferenceText] = useState('');
  const [referenceInvalid, setReferenceInvalid] = useState(false);
  // Searched in this browser only, over what is loaded: the word is sent nowhere.
  const [search, setSearch] = useState('');
  const [counts, setCounts] = useState<Counts | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [assignee, setAssignee] = useState('');
  const [bulk, setBulk] = useState<BulkRun | null>(null);
  const [bulkProblem, setBulkProblem] = useState<string | null>(null);
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
      const page = await session.api.get<CaseList>(
        '/api/staff/cases' + query({ ...filters, sort: filters.sort === 'received' ? undefined : filters.sort, limit: PAGE, cursor }),
      );
      if (!cursor) {
        // The counts follow the first page, so "Refresh" and a new filter renew them too; without them the inbox still works.
        session.api
          .get<Counts>('/api/staff/cases/counts')
          .then(setCounts)
          .catch(() => undefined);
      }
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
  const applyReference = (e: FormEvent) => {
    e.preventDefault();
    const typed = referenceText.trim();
    const normalised = normaliseReference(typed);
    if (typed && !REFERENCE_PREFIX_PATTERN.test(normalised)) return setReferenceInvalid(true);
    setReferenceInvalid(false);
    setFilters((f) => ({ ...f, reference: typed ? normalised : '' }));
  };

  const needle = search.trim().toLocaleLowerCase(language);
  const shown = useMemo(() => {
    if (!cases || !needle) return cases;
    return cases.filter((c) => {
      const title = titles.get(c.id);
      return c.reference.toLocaleLowerCase(language).includes(needle) || (typeof title === 'string' && title.toLocaleLowerCase(language).includes(needle));
    });
  }, [cases, needle, titles, language]);

  const colleagues = useMemo(
    () => (trust ? trust.colleagues.filter((c) => c.userId !== session.user.id && c.roles.includes('handler')) : []),
    [trust, session.user.id],
  );
  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allShownSelected = !!shown && shown.length > 0 && shown.every((c) => selected.has(c.id));

  /**
   * Assigns each selected case to the colleague as the case page does, one after another: the
   * case is opened in this browser (its access logged, its unread marker kept), its keys are
   * re-sealed to the colleague and signed, and the assignment is sent. A case that fails is
   * listed with the reason and the others go on.
   */
  const assignSelected = async (e: FormEvent) => {
    e.preventDefault();
    const colleague = colleagues.find((c) => c.userId === assignee);
    const targets = (cases ?? []).filter((c) => selected.has(c.id));
    if (!targets.length) return setBulkProblem(t('bulk.none'));
    if (!colleague) return setBulkProblem(t('bulk.choose'));
    setBulkProblem(null);
    setBulk({ name: colleague.displayName, total: targets.length, done: 0, assigned: 0, failures: [], running: true });
    let dir: TrustedDirectory;
    try {
      dir = directory.current ?? (await loadTrust(session));
      directory.current = dir;
    } catch {
      setBulk(null);
      return setBulkProblem(t('error.load'));
    }
    const assigned = new Set<string>();
    for (const c of targets) {
      let reason: BulkReason | null = null;
      try {
        const view = await session.api.get<CaseViewWire>(`/api/staff/cases/${c.id}?unread=keep`);
        const opened = openCase(session, view, dir);
        const target = assignableColleagues(opened).find((x) => x.userId === colleague.userId);
        if (!target) reason = 'holds';
        else {
          let grants;
          try {
            grants = sealCaseKeysTo(session, opened, target);
          } catch (err) {
            if (!(err instanceof SealRefused)) throw err;
            reason = 'keys';
          }
          if (!reason && !grants) reason = 'noKey';
          if (!reason) await session.api.post(`/api/staff/cases/${c.id}/assignments`, { userId: target.userId, grants });
        }
      } catch (err) {
        reason = err instanceof ApiError && err.code === 'assignee_conflict' ? 'conflict' : 'error';
      }
      const failed = reason;
      if (!failed) assigned.add(c.id);
      setBulk(
        (prev) =>
          prev && {
            ...prev,
            done: prev.done + 1,
            assigned: prev.assigned + (failed ? 0 : 1),
            failures: failed ? [...prev.failures, { id: c.id, reference: c.reference, reason: failed }] : prev.failures,
          },
      );
    }
    setBulk((prev) => prev && { ...prev, running: false });
    // The assigned ones leave the selection; the failed ones stay selected to try again.
    setSelected((prev) => new Set([...prev].filter((id) => !assigned.has(id))));
  };

  return (
    <StaffShell {...props} heading={t('inbox.title')} headingKey="inbox">
      {trust && <OrganisationTrustNotice session={session} trust={trust.organisation} onChange={refreshTrust} />}
      {trust && trust.organisationTrusted && !trust.listsSelf(session.user.id, session.user, 'handler') && (
        <p className="warning" data-testid="own-keys-unsigned">
          {t('trust.selfUnsigned')}
        </p>
      )}
      <p>
        <Link to="/staff/cases/forwarded" navigate={props.navigate}>
          {t('inbox.registerForwarded')}
        </Link>
      </p>
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
          <label htmlFor="filter-unread">{t('inbox.unreadFilter')}</label>
          <select id="filter-unread" value={filters.unread} onChange={set('unread')}>
            <option value="">{t('inbox.any')}</option>
            <option value="only">{t('inbox.unreadOnly')}</option>
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
      <div className="filters">
        <form className="inline-form" aria-label={t('inbox.referenceForm')} onSubmit={applyReference} noValidate>
          <div className="field">
            <label htmlFor="filter-reference">{t('inbox.referenceFilter')}</label>
            <input
              id="filter-reference"
              value={referenceText}
              onChange={(e) => setReferenceText(e.target.value)}
              aria-invalid={referenceInvalid || undefined}
              aria-describedby={referenceInvalid ? 'filter-reference-error' : undefined}
              autoComplete="off"
            />
          </div>
          <button type="submit">{t('inbox.referenceApply')}</button>
          {referenceInvalid && (
            <p className="error-text" id="filter-reference-error" role="alert">
              {t('inbox.referenceInvalid')}
            </p>
          )}
        </form>
        <div className="field" role="search">
          <label htmlFor="inbox-search">{t('inbox.search')}</label>
          <input
            id="inbox-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-describedby="inbox-search-hint"
            autoComplete="off"
          />
          <p id="inbox-search-hint" className="hint">
            {showTitles ? t('inbox.searchHint') : t('inbox.searchNeedsTitles')}
          </p>
        </div>
      </div>
      {counts && (
        <section aria-labelledby="counts-heading">
          <h2 id="counts-heading" className="visually-hidden">
            {t('inbox.counts')}
          </h2>
          <ul className="status-counts" data-testid="status-counts">
            <li data-status="all">{t('inbox.countTotal', { total: counts.total, unread: counts.unread })}</li>
            {STATUSES.map((st) => (
              <li key={st} data-status={st}>
                {t('inbox.countItem', { status: t(`status.${st}`), total: counts.statuses[st]?.total ?? 0, unread: counts.statuses[st]?.unread ?? 0 })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {!cases && !error && <p role="status">{t('common.loading')}</p>}
      {cases && cases.length === 0 && <p>{t('inbox.empty')}</p>}
      {cases && needle && shown && (
        <p role="status" data-testid="search-result">
          {t('inbox.searchResult', { shown: shown.length, loaded: cases.length })}
        </p>
      )}
      {cases && cases.length > 0 && (
        <form className="panel bulk" aria-labelledby="bulk-heading" onSubmit={(e) => void assignSelected(e)} noValidate>
          <h2 id="bulk-heading">{t('bulk.title')}</h2>
          <p className="hint">{t('bulk.hint')}</p>
          <ColleagueSelect id="bulk-colleague" label={t('bulk.colleague')} value={assignee} onChange={setAssignee} colleagues={colleagues} />
          <button type="submit" disabled={!!bulk?.running}>
            {t('bulk.submit', { count: selected.size })}
          </button>
          {bulkProblem && (
            <p className="error-text" role="alert">
              {bulkProblem}
            </p>
          )}
          {bulk && (
            <div data-testid="bulk-progress">
              <label htmlFor="bulk-progress-bar">{t('bulk.progress', { done: bulk.done, total: bulk.total })}</label>{' '}
              <progress id="bulk-progress-bar" max={bulk.total} value={bulk.done} />
              {!bulk.running && (
                <p role="status" className={bulk.failures.length ? 'warning' : 'ok'}>
                  {t('bulk.done', { count: bulk.assigned, total: bulk.total, name: bulk.name })}
                </p>
              )}
              {bulk.failures.length > 0 && (
                <>
                  <p>{t('bulk.failed')}</p>
                  <ul data-testid="bulk-failures">
                    {bulk.failures.map((f) => (
                      <li key={f.id} data-case-id={f.id}>
                        {t('bulk.errorItem', { reference: f.reference, reason: t(`bulk.reason.${f.reason}`) })}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
        </form>
      )}
      {shown && shown.length > 0 && (
        <table className="list" data-testid="inbox">
          <caption className="visually-hidden">{t('inbox.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label={t('inbox.selectAll')}
                  checked={allShownSelected}
                  onChange={(e) => {
                    const on = e.target.checked;
                    for (const c of shown) toggle(c.id, on);
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
                    checked={selected.has(c.id)}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                  />
                </td>
                <th scope="row">
                  <Link to={`/staff/cases/${c.id}`} navigate={props.navigate}>
                    {c.reference}
                  </Link>
                  {c.unread && (
                    <span className="badge unread-badge" data-testid="unread-badge">
                      {t('inbox.unreadBadge')}
                    </span>
                  )}
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
