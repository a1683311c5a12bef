import { FormEvent, useState } from 'react';
import { downloadFile } from '../../shared/download';
import { useI18n } from '../../shared/i18n';
import { StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import type { OpenedCase } from '../case-client';
import { buildDisclosureExport } from '../export/build';
import { formatDate } from '../layout';
import { standsFor } from '../redactions';
import { actionError } from './CasePage';

const GROUNDS = ['consent', 'authority', 'pre_trial_investigation', 'prosecutor', 'subject_legal_claim', 'expert'];
const SUPPRESSIONS = ['jeopardises_investigation', 'jeopardises_proceedings'];

/**
 * Export for disclosure (R20): the ground (the reporter's consent or a legal
 * ground) and the recipient are recorded first, with the advance notice to the
 * reporter or the reason it was not given; then the case is decrypted here and
 * saved as a ZIP with a PDF of the case, the original files and their SHA-256.
 */
export function Disclosure(props: PageProps & { opened: OpenedCase }) {
  const { t, language } = useI18n();
  const { session, opened } = props;
  // Consent is the reporter's own words: a message they signed, never a handler's redaction of one.
  const reporterMessages = opened.items.filter((i) => i.kind === 'message-reporter' && i.authorKind === 'reporter' && i.trusted);
  const handlerMessages = opened.items.filter((i) => i.kind === 'message-handler');
  // Persons concerned go only where the recorded ground covers them (R21), and only from someone who can read them.
  // A redacted entry counts too: it still stands for a person concerned.
  const canDiscloseConcerned = opened.items.some((i) => standsFor(i, 'subject') && i.value) || (!!opened.view.concernedKeyId && !!opened.keys.concerned);
  const [form, setForm] = useState({
    ground: 'authority',
    recipient: '',
    identity: false,
    // Ticked for someone who can read them: an authority investigating usually needs to know whom the report is about;
    // the handler unticks it to withhold them, and the server records the choice on the disclosure either way.
    concerned: canDiscloseConcerned,
    consentItemId: '',
    notice: handlerMessages.at(-1)?.itemId ?? '',
  });
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));
  const label = (text: string) => (text.length > 60 ? text.slice(0, 60) + '…' : text);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form.recipient.trim() || !form.notice || (form.ground === 'consent' && !form.consentItemId))
      return setStatus({ ok: false, text: t('export.missing') });
    setBusy(true);
    setStatus(null);
    try {
      const suppressed = SUPPRESSIONS.includes(form.notice);
      const { id } = await session.api.post<{ id: string }>(`/api/staff/cases/${opened.view.id}/disclosures`, {
        ground: form.ground,
        recipient: form.recipient.trim(),
        includesIdentity: form.identity,
        includesPersonsConcerned: canDiscloseConcerned && form.concerned,
        ...(form.ground === 'consent' ? { consentItemId: form.consentItemId } : {}),
        ...(suppressed ? { noticeSuppressed: form.notice } : { noticeItemId: form.notice }),
      });
      const built = await buildDisclosureExport(session, opened.view.id, id, opened.directory, t, (iso) => formatDate(iso, language, true), language);
      downloadFile(built.name, [built.zip as Uint8Array<ArrayBuffer>], 'application/zip');
      setStatus({ ok: true, text: t('export.done', { name: built.name }) });
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('export.title')}</h2>
      <p className="hint">{t('export.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="export-ground">{t('export.ground')}</label>
          <select id="export-ground" value={form.ground} onChange={set('ground')}>
            {GROUNDS.map((g) => (
              <option key={g} value={g}>
                {t(`export.ground.${g}`)}
              </option>
            ))}
          </select>
        </div>
        {form.ground === 'consent' && (
          <div className="field">
            <label htmlFor="export-consent">{t('export.consent')}</label>
            <select id="export-consent" value={form.consentItemId} onChange={set('consentItemId')}>
              <option value="">{t('export.choose')}</option>
              {reporterMessages.map((m) => (
                <option key={m.itemId} value={m.itemId}>
                  {formatDate(m.createdAt, language, true)}: {label(String(m.value?.text ?? ''))}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="export-recipient">{t('export.recipient')}</label>
          <input id="export-recipient" value={form.recipient} onChange={set('recipient')} aria-describedby="export-recipient-hint" />
          <p className="hint" id="export-recipient-hint">
            {t('export.recipientHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="export-notice">{t('export.notice')}</label>
          <select id="export-notice" value={form.notice} onChange={set('notice')}>
            <option value="">{t('export.choose')}</option>
            {handlerMessages.map((m) => (
              <option key={m.itemId} value={m.itemId}>
                {t('export.noticeMessage', { date: formatDate(m.createdAt, language, true), text: label(String(m.value?.text ?? '')) })}
              </option>
            ))}
            {SUPPRESSIONS.map((s) => (
              <option key={s} value={s}>
                {t(`export.suppressed.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {opened.keys.identity && (
          <div className="choice">
            <input id="export-identity" type="checkbox" checked={form.identity} onChange={(e) => setForm((f) => ({ ...f, identity: e.target.checked }))} />
            <label htmlFor="export-identity">{t('export.identity')}</label>
          </div>
        )}
        {canDiscloseConcerned && (
          <div className="choice">
            <input id="export-concerned" type="checkbox" checked={form.concerned} onChange={(e) => setForm((f) => ({ ...f, concerned: e.target.checked }))} />
            <label htmlFor="export-concerned">{t('export.concerned')}</label>
          </div>
        )}
        <StatusLine status={status} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? t('export.busy') : t('export.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
