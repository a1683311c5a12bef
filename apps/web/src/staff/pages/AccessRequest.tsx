import { FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { downloadFile } from '../../shared/download';
import type { PageProps } from '../page-props';
import { CaseViewWire, OpenedCase, openCase } from '../case-client';
import { formatDate, StaffShell } from '../layout';
import { KeysetPage } from '../keyset';
import { query } from '../staff-api';
import { ACCESS_DECISIONS, ACCESS_EXTENSIONS, ACCESS_GROUNDS, AccessRequestWire, answerPdf, itemText, mentions } from '../subject-access';
import { loadTrust } from '../trust';
import { actionError } from './CasePage';
import { StatusLine, useAction } from './confirm';

interface Match {
  opened: OpenedCase;
  items: { itemId: string; kind: string; text: string }[];
}

/** Kinds of item a requester's data can be in, and how the answer names them. */
const SEARCHED = ['report', 'subject', 'identity', 'message-reporter', 'message-handler', 'redaction'];

/**
 * One subject access request: its deadline and extension; a search, in this browser,
 * over every case the handler can open (each case opened is an audited access); the
 * decision per case; and the answer as a PDF in the requester's language, made here.
 * The search term, the matches and the requester's name never leave the browser.
 */
export function AccessRequest(props: PageProps & { requestId: string }) {
  const { t, language } = useI18n();
  const { session, requestId } = props;
  const [request, setRequest] = useState<AccessRequestWire | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [term, setTerm] = useState('');
  const [progress, setProgress] = useState<string | null>(null);
  const [matches, setMatches] = useState<Match[] | null>(null);
  const [choices, setChoices] = useState<Record<string, { decision: string; grounds: string[] }>>({});
  const [extension, setExtension] = useState('complex');
  const [requester, setRequester] = useState('');
  const action = useAction();
  const base = `/api/staff/subject-access-requests/${requestId}`;

  const load = useCallback(async () => {
    try {
      setRequest(await session.api.get<AccessRequestWire>(base));
    } catch {
      setError(t('error.load'));
    }
  }, [session, base, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    if (!term.trim()) return action.fail(t('access.termMissing'));
    setMatches(null);
    const directory = await loadTrust(session);
    const ids: string[] = [];
    for (let cursor: string | null = null; ;) {
      const page: KeysetPage<{ id: string }> & { cases: { id: string }[] } = await session.api.get(`/api/staff/cases${query({ limit: 200, cursor })}`);
      ids.push(...page.cases.map((c) => c.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const found: Match[] = [];
    for (const [i, id] of ids.entries()) {
      setProgress(t('access.searching', { done: String(i), total: String(ids.length) }));
      const opened = openCase(session, await session.api.get<CaseViewWire>(`/api/staff/cases/${id}`), directory);
      const items = opened.items.filter((item) => SEARCHED.includes(item.kind) && mentions(item, term));
      if (items.length) found.push({ opened, items: items.map((item) => ({ itemId: item.itemId, kind: item.kind, text: itemText(item) })) });
    }
    setProgress(t('access.searched', { total: String(ids.length), found: String(found.length) }));
    setMatches(found);
  };

  if (!request) {
    return (
      <StaffShell {...props} heading={t('access.requestTitle')} headingKey="access-request-loading">
        {error ? <p role="alert">{error}</p> : <p role="status">{t('common.loading')}</p>}
      </StaffShell>
    );
  }
  const open = !request.answeredAt;
  const decided = new Map(request.decisions.map((d) => [d.caseId, d]));
  const choiceOf = (caseId: string) =>
    choices[caseId] ?? { decision: decided.get(caseId)?.decision ?? 'released', grounds: decided.get(caseId)?.grounds ?? [] };
  const setChoice = (caseId: string, change: Partial<{ decision: string; grounds: string[] }>) =>
    setChoices((all) => ({ ...all, [caseId]: { ...choiceOf(caseId), ...change } }));

  const makeAnswer = () => {
    if (!requester.trim()) return action.fail(t('access.requesterMissing'));
    const parts = (matches ?? [])
      .filter((m) => decided.has(m.opened.view.id))
      .map((m) => {
        const d = decided.get(m.opened.view.id)!;
        return { reference: m.opened.view.reference, decision: d.decision, grounds: d.grounds, released: d.decision === 'withheld' ? [] : m.items };
      });
    const pdf = answerPdf(request, requester.trim(), parts, new Date().toISOString().slice(0, 10));
    downloadFile(`kanava-subject-access-${request.receivedAt.slice(0, 10)}.pdf`, [pdf as BlobPart], 'application/pdf');
    action.fail('');
  };

  return (
    <StaffShell {...props} heading={t('access.requestTitle')} headingKey={`access-${request.id}`}>
      <dl className="facts">
        <dt>{t('access.role')}</dt>
        <dd>{t(`access.role.${request.requesterRole}`)}</dd>
        <dt>{t('access.language')}</dt>
        <dd>{t(`access.language.${request.language}`)}</dd>
        <dt>{t('access.received')}</dt>
        <dd>{formatDate(request.receivedAt, language)}</dd>
        <dt>{t('access.due')}</dt>
        <dd data-testid="access-due">
          {request.overdue ? t('access.overdue', { date: formatDate(request.dueAt, language) }) : formatDate(request.dueAt, language)}
        </dd>
        {request.extension && (
          <>
            <dt>{t('access.extended')}</dt>
            <dd>{t(`access.extension.${request.extension.reason}`)}</dd>
          </>
        )}
        {request.answeredAt && (
          <>
            <dt>{t('access.answeredAt')}</dt>
            <dd>{formatDate(request.answeredAt, language)}</dd>
          </>
        )}
      </dl>
      {open && !request.extension && (
        <form
          aria-label={t('access.extend')}
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await session.api.post(`${base}/extend`, { reason: extension });
              await load();
            }, t('access.extendedDone'));
          }}
        >
          <div className="field">
            <label htmlFor="access-extension">{t('access.extensionReason')}</label>
            <select id="access-extension" value={extension} onChange={(e) => setExtension(e.target.value)}>
              {ACCESS_EXTENSIONS.map((x) => (
                <option key={x} value={x}>
                  {t(`access.extension.${x}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('access.extend')}</button>
        </form>
      )}
      <section className="panel" aria-labelledby="access-search-heading">
        <h2 id="access-search-heading">{t('access.search')}</h2>
        <p className="hint">{t('access.searchHint')}</p>
        <form onSubmit={(e) => void search(e).catch((err) => action.fail(actionError(t, err)))} noValidate>
          <div className="field">
            <label htmlFor="access-term">{t('access.term')}</label>
            <input id="access-term" value={term} onChange={(e) => setTerm(e.target.value)} autoComplete="off" />
          </div>
          <button type="submit">{t('access.searchSubmit')}</button>
        </form>
        {progress && <p role="status">{progress}</p>}
        {matches?.map((m) => {
          const id = m.opened.view.id;
          const choice = choiceOf(id);
          return (
            <article key={id} className="panel" data-testid="access-match" aria-label={t('access.caseLabel', { reference: m.opened.view.reference })}>
              <h3>{t('access.caseLabel', { reference: m.opened.view.reference })}</h3>
              <ul>
                {m.items.map((i) => (
                  <li key={i.itemId} className="pre">
                    {t(`access.pdf.kind.${i.kind}`)}: {i.text}
                  </li>
                ))}
              </ul>
              {open && (
                <>
                  <div className="field">
                    <label htmlFor={`access-decision-${id}`}>{t('access.decision')}</label>
                    <select id={`access-decision-${id}`} value={choice.decision} onChange={(e) => setChoice(id, { decision: e.target.value })}>
                      {ACCESS_DECISIONS.map((d) => (
                        <option key={d} value={d}>
                          {t(`access.decision.${d}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  {choice.decision !== 'released' && (
                    <fieldset>
                      <legend>{t('access.grounds')}</legend>
                      {ACCESS_GROUNDS.map((g) => (
                        <div className="choice" key={g}>
                          <input
                            id={`access-ground-${id}-${g}`}
                            type="checkbox"
                            checked={choice.grounds.includes(g)}
                            onChange={(e) => setChoice(id, { grounds: e.target.checked ? [...choice.grounds, g] : choice.grounds.filter((x) => x !== g) })}
                          />
                          <label htmlFor={`access-ground-${id}-${g}`}>{t(`access.ground.${g}`)}</label>
                        </div>
                      ))}
                    </fieldset>
                  )}
                  <button
                    type="button"
                    onClick={() =>
                      void action.run(
                        async () => {
                          await session.api.put(`${base}/cases/${id}`, {
                            decision: choice.decision,
                            grounds: choice.decision === 'released' ? [] : choice.grounds,
                          });
                          await load();
                        },
                        t('access.decided', { reference: m.opened.view.reference }),
                      )
                    }
                  >
                    {t('access.saveDecision')}
                  </button>
                  {decided.has(id) && <p className="ok">{t(`access.decision.${decided.get(id)!.decision}`)}</p>}
                </>
              )}
            </article>
          );
        })}
      </section>
      <section className="panel" aria-labelledby="access-answer-heading">
        <h2 id="access-answer-heading">{t('access.answer')}</h2>
        <p className="hint">{t('access.answerHint')}</p>
        <div className="field">
          <label htmlFor="access-requester">{t('access.requester')}</label>
          <input id="access-requester" value={requester} onChange={(e) => setRequester(e.target.value)} autoComplete="off" />
        </div>
        <div className="actions">
          <button type="button" onClick={makeAnswer}>
            {t('access.makePdf')}
          </button>
          {open && (
            <button
              type="button"
              onClick={() =>
                void action.run(async () => {
                  await session.api.post(`${base}/answered`, {});
                  await load();
                }, t('access.answeredDone'))
              }
            >
              {t('access.recordAnswered')}
            </button>
          )}
        </div>
      </section>
      <StatusLine status={action.status?.text ? action.status : null} />
    </StaffShell>
  );
}
