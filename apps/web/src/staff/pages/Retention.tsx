import { FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import { formatDate } from '../layout';
import { actionError } from './CasePage';

interface RetentionWire {
  purgeAt: string;
  basis: string;
  onHold: boolean;
  postponedByHold: boolean;
  holds: { id: string; reasonCode: string; justification: string; createdAt: string; reviewAt?: string; releasedAt?: string | null }[];
}

const REASONS = ['litigation', 'authority_request', 'ongoing_investigation', 'statutory_obligation'];

/** When and why the case will be deleted, and the legal holds that keep it: each placed or released only after a confirmation. */
export function Retention(props: PageProps & { caseId: string }) {
  const { t, language } = useI18n();
  const { session, caseId } = props;
  const [data, setData] = useState<RetentionWire | null>(null);
  const [form, setForm] = useState({ reasonCode: 'litigation', justification: '', reviewAt: '', confirmed: false });
  const [releasing, setReleasing] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await session.api.get<RetentionWire>(`/api/staff/cases/${caseId}/retention`));
    } catch {
      setStatus({ ok: false, text: t('error.load') });
    }
  }, [session, caseId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const place = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.justification.trim() || !form.reviewAt) return setStatus({ ok: false, text: t('hold.missing') });
    if (!form.confirmed) return setStatus({ ok: false, text: t('hold.mustConfirm') });
    try {
      await session.api.post(`/api/staff/cases/${caseId}/legal-holds`, {
        reasonCode: form.reasonCode,
        justification: form.justification.trim(),
        reviewAt: new Date(`${form.reviewAt}T12:00:00Z`).toISOString(),
      });
      setForm({ reasonCode: 'litigation', justification: '', reviewAt: '', confirmed: false });
      setStatus({ ok: true, text: t('hold.placed') });
      await load();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  const release = async (holdId: string) => {
    try {
      await session.api.post(`/api/staff/cases/${caseId}/legal-holds/${holdId}/release`, { confirm: true });
      setReleasing(null);
      setStatus({ ok: true, text: t('hold.released') });
      await load();
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  const active = data?.holds.filter((h) => !h.releasedAt) ?? [];
  return (
    <section className="panel" aria-labelledby="retention-heading">
      <h2 id="retention-heading">{t('retention.title')}</h2>
      {data && (
        <>
          <p data-testid="purge-at">{t('retention.purgeAt', { date: formatDate(data.purgeAt, language), basis: t(`retention.basis.${data.basis}`) })}</p>
          {data.onHold && <p className="warning">{t('retention.onHold')}</p>}
          {active.length > 0 && (
            <ul>
              {active.map((h) => (
                <li key={h.id}>
                  {t(`hold.reason.${h.reasonCode}`)}: {h.justification} ({formatDate(h.createdAt, language)})
                  {releasing === h.id ? (
                    <span className="actions">
                      <span>{t('hold.releaseConfirm')}</span>
                      <button type="button" onClick={() => void release(h.id)}>
                        {t('hold.releaseYes')}
                      </button>
                      <button type="button" onClick={() => setReleasing(null)}>
                        {t('common.cancel')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" onClick={() => setReleasing(h.id)}>
                      {t('hold.release')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <form aria-label={t('hold.place')} onSubmit={(e) => void place(e)} noValidate>
            <h3>{t('hold.place')}</h3>
            <div className="field">
              <label htmlFor="hold-reason">{t('hold.reasonLabel')}</label>
              <select id="hold-reason" value={form.reasonCode} onChange={(e) => setForm((f) => ({ ...f, reasonCode: e.target.value }))}>
                {REASONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`hold.reason.${r}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="hold-justification">{t('hold.justification')}</label>
              <input id="hold-justification" value={form.justification} onChange={(e) => setForm((f) => ({ ...f, justification: e.target.value }))} />
              <p className="hint">{t('hold.justificationHint')}</p>
            </div>
            <div className="field">
              <label htmlFor="hold-review">{t('hold.reviewAt')}</label>
              <input id="hold-review" type="date" value={form.reviewAt} onChange={(e) => setForm((f) => ({ ...f, reviewAt: e.target.value }))} />
            </div>
            <div className="choice">
              <input id="hold-confirm" type="checkbox" checked={form.confirmed} onChange={(e) => setForm((f) => ({ ...f, confirmed: e.target.checked }))} />
              <label htmlFor="hold-confirm">{t('hold.confirm')}</label>
            </div>
            <button type="submit">{t('hold.placeButton')}</button>
          </form>
        </>
      )}
      <StatusLine status={status} />
    </section>
  );
}
