import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaseCounts as Counts, CaseList, CaseSummary } from '@kanava/api-contract';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { AsyncList } from '../async-list';
import { CaseContentWire, openContent } from '../case-client';
import { loadTrust, TrustedDirectory } from '../trust';
import { OrganisationTrustNotice } from './TrustNotices';
import { StaffShell } from '../layout';
import { Link } from '../router';
import { KeysetPage, useKeysetPages } from '../keyset';
import { query } from '../staff-api';
import { BulkAssign } from './inbox/BulkAssign';
import { InboxCounts } from './inbox/InboxCounts';
import { InboxFilters, InboxFilterValues, InboxLabel, NO_FILTERS } from './inbox/InboxFilters';
import { BulkLabel } from './inbox/BulkLabel';
import { SavedFilters } from './inbox/SavedFilters';
import { InboxTable } from './inbox/InboxTable';

const PAGE = 25;
/** What `POST /api/staff/cases/reports` takes at once. */
const REPORTS_PER_REQUEST = 50;

/** The handler's inbox: what is due at a glance, filtered, a page at a time (keyset). */
export function Inbox(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [filters, setFilters] = useState<InboxFilterValues>(NO_FILTERS);
  // Searched in this browser only, over what is loaded: the word is sent nowhere.
  const [search, setSearch] = useState('');
  const [counts, setCounts] = useState<Counts | null>(null);
  const [labels, setLabels] = useState<InboxLabel[]>([]);
  useEffect(() => {
    // Without them the inbox still works: no label filter and no labelling.
    session.api.get<InboxLabel[]>('/api/staff/labels').then(setLabels, () => undefined);
  }, [session]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Another filter shows other cases: a selection of cases no longer listed would be acted on unseen.
  useEffect(() => setSelected(new Set()), [filters]);
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
      <InboxFilters
        filters={filters}
        onFilters={setFilters}
        channels={channels}
        categories={categories}
        labels={labels}
        showTitles={showTitles}
        onShowTitles={setShowTitles}
        search={search}
        onSearch={setSearch}
        onRefresh={reload}
      />
      <SavedFilters session={session} filters={filters} onFilters={(f) => setFilters(f)} />
      {counts && <InboxCounts counts={counts} />}
      <AsyncList items={cases} error={error} empty={t('inbox.empty')} onRetry={reload}>
        {(cases) => (
          <>
            {needle && shown && (
              <p role="status" data-testid="search-result">
                {t('inbox.searchResult', { shown: shown.length, loaded: cases.length })}
              </p>
            )}
            <BulkAssign session={session} cases={cases} selected={selected} onSelected={setSelected} colleagues={colleagues} directory={directory} />
            <BulkLabel session={session} labels={labels} selected={selected} onDone={reload} />
            {shown && shown.length > 0 && (
              <InboxTable shown={shown} selected={selected} onToggle={toggle} showTitles={showTitles} titles={titles} now={now} navigate={props.navigate} />
            )}
          </>
        )}
      </AsyncList>
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
