import { FormEvent, useCallback, useEffect, useState } from 'react';
import type { AuditEventListed as AuditEvent, AuditEventPage, AuditStaffMember as StaffMember, AuditVerifyResult as VerifyResult } from '@kanava/api-contract';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { formatDate, StaffShell } from '../layout';
import { KeysetPage, useKeysetPages } from '../keyset';
import { query } from '../staff-api';
import { AUDIT_ACTIONS, detailLabelKey, sentenceKey, STAFF_ID_FIELDS } from '../audit-actions';
import { normaliseReference, REFERENCE_PATTERN } from '../case-reference';

interface Filters {
  reference: string;
  caseId: string;
  actorId: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { reference: '', caseId: '', actorId: '', action: '', from: '', to: '' };
const PAGE = 100;
const ROLES = ['admin', 'handler', 'custodian', 'auditor'];
/** Shown in the time column, not among the details. */
const HIDDEN_DETAILS = new Set(['timeRoundedToMinutes']);

/** The dates of the form as the API's ISO times: `from` at the day's start, `to` at the next day's start (UTC). */
function apiFilters(f: Filters): Record<string, string | undefined> {
  const day = (d: string, plus = 0) => (d ? new Date(Date.parse(`${d}T00:00:00Z`) + plus * 86_400_000).toISOString() : undefined);
  return {
    reference: f.reference.trim() ? normaliseReference(f.reference) : undefined,
    caseId: f.caseId.trim() || undefined,
    actorId: f.actorId.trim() || undefined,
    action: f.action.trim() || undefined,
    from: day(f.from),
    to: day(f.to, 1),
  };
}

/** The auditor's view: the access log (no content ever), filters, keyset paging, the chain's verification, CSV and JSON Lines exports. */
export function AuditLog(props: PageProps) {
  const { t, language } = useI18n();
  const { session } = props;
  const [form, setForm] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [verify, setVerify] = useState<VerifyResult | null>(null);
  const [staff, setStaff] = useState<Map<string, StaffMember>>(new Map());

  const fetchPage = useCallback(
    async (cursor: string | null): Promise<KeysetPage<AuditEvent>> => {
      const page = await session.api.get<AuditEventPage>('/api/audit/events' + query({ ...apiFilters(filters), limit: PAGE, cursor }));
      return { items: page.events, nextCursor: page.nextCursor };
    },
    [session, filters],
  );
  const { items: events, next, error, setError, more } = useKeysetPages(fetchPage, t('audit.filterError'));
  const runVerify = useCallback(async () => {
    try {
      setVerify(await session.api.get<VerifyResult>('/api/audit/verify'));
    } catch {
      setError(t('error.load'));
    }
  }, [session, t]);
  useEffect(() => {
    void runVerify();
  }, [runVerify]);
  useEffect(() => {
    // Names only make the log easier to read: without them it still shows roles and ids, so a failure is no error here.
    session.api
      .get<StaffMember[]>('/api/audit/staff')
      .then((list) => setStaff(new Map(list.map((m) => [m.id, m]))))
      .catch(() => undefined);
  }, [session]);
  const actorName = (e: AuditEvent) => {
    if (e.actorKind !== 'staff') return t(`audit.actorKind.${e.actorKind}`);
    const member = e.actorId ? staff.get(e.actorId) : undefined;
    const role = e.actorRole ? t('audit.asRole', { role: e.actorRole }) : '';
    return `${member ? member.displayName : (e.actorId ?? '')} ${role}`.trim();
  };
  const roleName = (role: string) => (ROLES.includes(role) ? t(`role.${role}`) : role);
  /** Who did it, as the subject of the event's sentence. */
  const subject = (e: AuditEvent) => {
    if (e.actorKind !== 'staff') return t(`audit.subject.${e.actorKind}`);
    const member = e.actorId ? staff.get(e.actorId) : undefined;
    const name = member ? member.displayName : (e.actorId ?? '');
    return e.actorRole ? t('audit.actorWithRole', { name, role: roleName(e.actorRole) }) : name;
  };
  const caseLabel = (e: AuditEvent) => e.caseReference ?? (e.caseId ? t('audit.deletedCase', { id: e.caseId.slice(0, 8) }) : '–');
  /** The event as a sentence in the reader's language: "Anna (Handler) viewed case K7QX-4M2P". */
  const sentence = (e: AuditEvent) => {
    const key = sentenceKey(e.action);
    const values = { actor: subject(e), case: caseLabel(e) };
    return key ? t(key, values) : t('audit.unknownAction', { actor: values.actor, action: e.action });
  };
  const detailValue = (name: string, value: unknown) => {
    if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
    if (value === null || value === undefined) return '–';
    if (typeof value === 'string' && STAFF_ID_FIELDS.includes(name)) return staff.get(value)?.displayName ?? value;
    if (name === 'role' && typeof value === 'string') return roleName(value);
    if (name === 'roles' && typeof value === 'string') return value.split(',').map(roleName).join(', ');
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  const details = (e: AuditEvent) => {
    const fields = Object.entries(e.details).filter(([name]) => !HIDDEN_DETAILS.has(name));
    if (!fields.length) return null;
    return (
      <dl className="facts audit-details">
        {fields.map(([name, value]) => {
          const label = detailLabelKey(name);
          return (
            <div key={name}>
              <dt>{label ? t(label) : name}</dt>
              <dd>{detailValue(name, value)}</dd>
            </div>
          );
        })}
      </dl>
    );
  };

  /**
   * When it happened, as exactly as the log knows: a reporter's event carries the start of its
   * period and the period's length (`timeRoundedToMinutes`), and is shown as that period.
   */
  const when = (e: AuditEvent) => {
    const minutes = e.details.timeRoundedToMinutes;
    if (typeof minutes !== 'number') return formatDate(e.occurredAt, language, true);
    const end = new Date(Date.parse(e.occurredAt) + minutes * 60_000).toISOString();
    return t('audit.timeRounded', { from: formatDate(e.occurredAt, language, true), to: formatDate(end, language, true) });
  };

  const [referenceError, setReferenceError] = useState(false);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const bad = !!form.reference.trim() && !REFERENCE_PATTERN.test(normaliseReference(form.reference));
    setReferenceError(bad);
    if (!bad) setFilters(form);
  };
  const caseHistory = (caseId: string) => {
    const f = { ...EMPTY, caseId };
    setForm(f);
    setFilters(f);
  };
  const field = (name: keyof Filters, label: string, type = 'text', describedBy?: string) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input
        id={`audit-${name}`}
        type={type}
        value={form[name]}
        aria-describedby={describedBy}
        aria-invalid={name === 'reference' && referenceError ? true : undefined}
        onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
      />
    </div>
  );
  // Each action as its sentence with blanks for who and which case, in the reader's order.
  const actionChoices = AUDIT_ACTIONS.map((code) => [code, t(`audit.sentence.${code}`, { actor: '…', case: '…' })] as const).sort((x, y) =>
    x[1].localeCompare(y[1], language),
  );
  const historyOf = filters.reference.trim() ? normaliseReference(filters.reference) : filters.caseId;
  const exportQuery = query(apiFilters(filters));

  return (
    <StaffShell {...props} heading={t('audit.title')} headingKey="audit">
      <section aria-labelledby="chain-heading">
        <h2 id="chain-heading">{t('audit.chain')}</h2>
        {verify ? (
          <p className={verify.ok ? 'chain-ok' : 'chain-bad'} data-testid="chain-result" role="status">
            {verify.ok
              ? t('audit.chainOk', { checked: verify.checked, head: verify.headSeq })
              : t('audit.chainBad', { seq: verify.firstBadSeq ?? '?', reason: verify.reason ?? '?' })}
          </p>
        ) : (
          <p role="status">{t('common.loading')}</p>
        )}
        {verify && <p className="hint mono">{t('audit.head', { hash: verify.headHash })}</p>}
        <button type="button" onClick={() => void runVerify()}>
          {t('audit.verifyAgain')}
        </button>
      </section>
      <section className="panel" aria-labelledby="events-heading">
        <h2 id="events-heading">{historyOf ? t('audit.caseHistory', { caseId: historyOf }) : t('audit.events')}</h2>
        <form className="filters" onSubmit={apply} aria-label={t('audit.filters')}>
          {field('reference', t('audit.reference'), 'text', 'audit-reference-hint')}
          {field('caseId', t('audit.caseId'))}
          <div className="field">
            <label htmlFor="audit-actorId">{t('audit.actorId')}</label>
            <select id="audit-actorId" value={form.actorId} onChange={(e) => setForm((f) => ({ ...f, actorId: e.target.value }))}>
              <option value="">{t('audit.anyone')}</option>
              {[...staff.values()].map((m) => (
                <option key={m.id} value={m.id}>
                  {m.active ? m.displayName : t('audit.deactivated', { name: m.displayName })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-action">{t('audit.action')}</label>
            <select id="audit-action" value={form.action} onChange={(e) => setForm((f) => ({ ...f, action: e.target.value }))}>
              <option value="">{t('audit.anyAction')}</option>
              {actionChoices.map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          {field('from', t('audit.from'), 'date')}
          {field('to', t('audit.to'), 'date')}
          <button type="submit">{t('audit.apply')}</button>
          <button type="button" onClick={() => (setForm(EMPTY), setFilters(EMPTY), setReferenceError(false))}>
            {t('audit.clear')}
          </button>
        </form>
        <p className="hint" id="audit-reference-hint">
          {t('audit.referenceHint')}
        </p>
        {referenceError && (
          <p className="error-text" role="alert">
            {t('audit.referenceInvalid')}
          </p>
        )}
        <p>
          <a href={`/api/audit/export${exportQuery ? exportQuery + '&' : '?'}format=csv`} download>
            {t('audit.exportCsv')}
          </a>{' '}
          ·{' '}
          <a href={`/api/audit/export${exportQuery ? exportQuery + '&' : '?'}format=jsonl`} download>
            {t('audit.exportJsonl')}
          </a>
        </p>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <p className="hint">{t('audit.reporterTimes')}</p>
        {events && events.length === 0 && <p>{t('audit.none')}</p>}
        {events && events.length > 0 && (
          <table className="list" data-testid="audit-events">
            <caption className="visually-hidden">{t('audit.events')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.seq')}</th>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.case')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.seq} data-action={e.action} data-actor-id={e.actorId ?? undefined}>
                  <td>{e.seq}</td>
                  <td>{when(e)}</td>
                  <td title={e.actorId ?? undefined}>{actorName(e)}</td>
                  <td className="audit-sentence">{sentence(e)}</td>
                  <td>
                    {e.caseId && (
                      <button
                        type="button"
                        className="link"
                        onClick={() => caseHistory(e.caseId!)}
                        aria-label={t('audit.showCase', { caseId: e.caseReference ?? e.caseId })}
                        title={e.caseId}
                      >
                        {e.caseReference ?? e.caseId.slice(0, 8)}
                      </button>
                    )}
                  </td>
                  <td>{details(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next && (
          <div className="actions">
            <button type="button" onClick={more}>
              {t('audit.more')}
            </button>
          </div>
        )}
      </section>
    </StaffShell>
  );
}
