import { FormEvent, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { expertCandidates, OpenedCase, sealCaseKeysTo } from '../case-client';
import { formatDate } from '../layout';
import { ApiError } from '../staff-api';
import { actionError } from './CasePage';
import { ColleagueSelect } from './ColleagueSelect';
import { Status, StatusLine } from './confirm';
import { useRefusal } from './TrustNotices';

/** The server's limit on one expert grant (R11). */
const MAX_DAYS = 90;
const DAY_MS = 86_400_000;

/** A day `days` from today, as the value of a date input (local time). */
function dayFromToday(days: number): string {
  const d = new Date(Date.now() + days * DAY_MS);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Read-only expert access (R11): a colleague, who need not handle the channel,
 * gets the case's shared key (never the notes' key) re-sealed to them in this
 * browser, with a reason and an expiry; the access lapses by itself.
 */
export function Experts(props: PageProps & { opened: OpenedCase; reload: () => Promise<void> }) {
  const { t, language } = useI18n();
  const { session, opened, reload } = props;
  const candidates = expertCandidates(opened, session.user.id);
  const [form, setForm] = useState({ userId: '', reason: '', until: dayFromToday(14) });
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<(Status & { conflict?: boolean }) | null>(null);
  const refusal = useRefusal(session, opened, reload);
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const colleague = candidates.find((c) => c.userId === form.userId);
    const reason = form.reason.trim();
    // The end of the chosen day, but never past the server's limit.
    const until = new Date(`${form.until}T23:59:00`).getTime();
    if (!colleague || reason.length < 3 || !(until > Date.now())) return setStatus({ ok: false, text: t('expert.missing') });
    const expiresAt = new Date(Math.min(until, Date.now() + MAX_DAYS * DAY_MS - 60_000)).toISOString();
    refusal.clear();
    let grants;
    try {
      grants = sealCaseKeysTo(session, opened, colleague, ['shared']);
    } catch (err) {
      setStatus(null);
      return refusal.refuse(err, colleague);
    }
    if (!grants) return setStatus({ ok: false, text: t('assign.noKey') });
    setBusy(true);
    setStatus(null);
    try {
      await session.api.post(`/api/staff/cases/${opened.view.id}/experts`, { userId: colleague.userId, reason, expiresAt, grants });
      setForm((f) => ({ ...f, userId: '', reason: '' }));
      setStatus({ ok: true, text: t('expert.done', { name: colleague.displayName, date: formatDate(expiresAt, language) }) });
      await reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'assignee_conflict')
        setStatus({ ok: false, conflict: true, text: t('assign.conflict', { name: colleague.displayName }) });
      else setStatus({ ok: false, text: actionError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="expert-heading">
      <h2 id="expert-heading">{t('expert.title')}</h2>
      <p className="hint">{t('expert.intro')}</p>
      {candidates.length === 0 ? (
        <p>{t('expert.noCandidates')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <ColleagueSelect
            id="expert-colleague"
            label={t('expert.colleague')}
            value={form.userId}
            onChange={(userId) => setForm((f) => ({ ...f, userId }))}
            colleagues={candidates}
          />
          <div className="field">
            <label htmlFor="expert-reason">{t('expert.reason')}</label>
            <textarea id="expert-reason" rows={2} maxLength={500} value={form.reason} onChange={set('reason')} aria-describedby="expert-reason-hint" />
            <p className="hint" id="expert-reason-hint">
              {t('expert.reasonHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="expert-until">{t('expert.until')}</label>
            <input id="expert-until" type="date" min={dayFromToday(0)} max={dayFromToday(MAX_DAYS - 1)} value={form.until} onChange={set('until')} />
          </div>
          <button type="submit" disabled={busy}>
            {t('expert.submit')}
          </button>
        </form>
      )}
      {status?.conflict ? (
        <p className="warning" role="alert">
          {status.text}
        </p>
      ) : (
        <StatusLine status={status} />
      )}
      {refusal.notice}
    </section>
  );
}
