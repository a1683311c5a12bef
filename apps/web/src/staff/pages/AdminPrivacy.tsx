import { FormEvent, useEffect, useState } from 'react';
import { Language, LANGUAGES, useI18n } from '../../shared/i18n';
import { StatusLine } from '../../shared/status-line';
import { downloadFile } from '../../shared/download';
import type { PageProps } from '../page-props';
import { textPdf } from '../export/pdf';
import { documentLines } from '../export/record-pdf';
import { StaffShell } from '../layout';
import { ChannelPicker, useChannelChoice } from './channel-choice';
import { actionError } from './CasePage';

/** The longest own text per language, and the longest processor and storage descriptions, the server takes. */
const MAX_CHARS = 20000;
const FIELD_MAX_CHARS = 300;
const LANGUAGE_NAMES: Record<Language, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

interface NoticeWire {
  channelId: string;
  channelName: string;
  texts: Record<Language, string | null>;
  templates: Record<Language, string>;
  processor: string | null;
  storageLocation: string | null;
  updatedAt: string | null;
}

interface Form {
  texts: Record<Language, string>;
  processor: string;
  storageLocation: string;
}

const toForm = (n: NoticeWire): Form => ({
  texts: { fi: n.texts.fi ?? '', sv: n.texts.sv ?? '', en: n.texts.en ?? '' },
  processor: n.processor ?? '',
  storageLocation: n.storageLocation ?? '',
});

/** Plain text as paragraphs, line breaks kept; never HTML. */
function Preview(props: { text: string; lang: Language }) {
  return (
    <div className="note" lang={props.lang}>
      {props.text
        .split(/\n\s*\n/)
        .filter((b) => b.trim())
        .map((block, i) => (
          <p key={i}>
            {block.split('\n').map((line, j) => (
              <span key={j}>
                {j > 0 && <br />}
                {line}
              </span>
            ))}
          </p>
        ))}
    </div>
  );
}

/**
 * A channel's privacy notice per language (an empty language shows the built-in
 * template, which the page shows too), who hosts Kanava and where, and the record of
 * processing activities (GDPR 30) as JSON or as a PDF made in this browser.
 */
export function AdminPrivacy(props: PageProps) {
  const { t } = useI18n();
  const { session } = props;
  const [notice, setNotice] = useState<NoticeWire | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [recordStatus, setRecordStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const { channels, channelId, setChannelId } = useChannelChoice(session, () => setStatus({ ok: false, text: t('error.load') }));

  useEffect(() => {
    if (!channelId) return;
    setNotice(null);
    setForm(null);
    session.api.get<NoticeWire>(`/api/admin/channels/${channelId}/privacy-notice`).then(
      (n) => {
        setNotice(n);
        setForm(toForm(n));
      },
      () => setStatus({ ok: false, text: t('error.load') }),
    );
  }, [session, channelId]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || !notice) return;
    setStatus(null);
    try {
      const saved = await session.api.put<NoticeWire>(`/api/admin/channels/${channelId}/privacy-notice`, {
        ...form.texts,
        processor: form.processor,
        storageLocation: form.storageLocation,
      });
      setNotice(saved);
      setForm(toForm(saved));
      const names = (own: boolean) =>
        LANGUAGES.filter((l) => (saved.texts[l] !== null) === own)
          .map((l) => LANGUAGE_NAMES[l])
          .join(', ') || t('admin.privacy.none');
      setStatus({ ok: true, text: t('admin.privacy.saved', { channel: saved.channelName, own: names(true), template: names(false) }) });
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  const downloadRecord = async (format: 'json' | 'pdf') => {
    setRecordStatus(null);
    try {
      const record = await session.api.get<Record<string, unknown>>(`/api/admin/channels/${channelId}/processing-record`);
      const name = `processing-record-${notice?.channelName.replace(/[^A-Za-z0-9-]+/g, '-') ?? channelId}`;
      if (format === 'json') downloadFile(`${name}.json`, [JSON.stringify(record, null, 2)], 'application/json');
      else {
        const title = `${t('admin.privacy.recordTitle')}: ${notice?.channelName ?? ''}`;
        downloadFile(`${name}.pdf`, [textPdf(documentLines(record, title), title) as Uint8Array<ArrayBuffer>], 'application/pdf');
      }
      setRecordStatus({ ok: true, text: t('admin.privacy.recordDone') });
    } catch (err) {
      setRecordStatus({ ok: false, text: actionError(t, err) });
    }
  };

  const setText = (l: Language, value: string) => setForm((f) => (f ? { ...f, texts: { ...f.texts, [l]: value } } : f));

  return (
    <StaffShell {...props} heading={t('admin.privacy.title')} headingKey="admin-privacy">
      <p>{t('admin.privacy.intro')}</p>
      <p className="warning">{t('admin.privacy.legal')}</p>
      <ChannelPicker id="privacy-channel" label={t('admin.privacy.channel')} channels={channels} channelId={channelId} onChange={setChannelId} />
      {(!channels || (channelId && !form)) && !status && <p role="status">{t('common.loading')}</p>}
      {form && notice && (
        <>
          <form onSubmit={(e) => void save(e)} noValidate>
            {LANGUAGES.map((l) => {
              const own = form.texts[l].trim() !== '';
              return (
                <fieldset key={l}>
                  <legend>{LANGUAGE_NAMES[l]}</legend>
                  <div className="field">
                    <label htmlFor={`privacy-${l}`}>{t('admin.privacy.text', { language: LANGUAGE_NAMES[l] })}</label>
                    <textarea
                      id={`privacy-${l}`}
                      lang={l}
                      rows={8}
                      maxLength={MAX_CHARS}
                      value={form.texts[l]}
                      onChange={(e) => setText(l, e.target.value)}
                      aria-describedby={`privacy-${l}-source privacy-${l}-count`}
                    />
                    <p className="hint" id={`privacy-${l}-source`}>
                      {own ? t('admin.privacy.usesOwn') : t('admin.privacy.usesTemplate')}
                    </p>
                    <p className="hint" id={`privacy-${l}-count`}>
                      {t('admin.privacy.count', { count: form.texts[l].length, max: MAX_CHARS })}
                    </p>
                  </div>
                  {!own && (
                    <div className="actions">
                      <button type="button" onClick={() => setText(l, notice.templates[l])}>
                        {t('admin.privacy.copyTemplate', { language: LANGUAGE_NAMES[l] })}
                      </button>
                    </div>
                  )}
                  <details>
                    <summary>{t('admin.privacy.preview', { language: LANGUAGE_NAMES[l] })}</summary>
                    <Preview text={own ? form.texts[l] : notice.templates[l]} lang={l} />
                  </details>
                </fieldset>
              );
            })}
            <div className="field">
              <label htmlFor="privacy-processor">{t('admin.privacy.processor')}</label>
              <input
                id="privacy-processor"
                maxLength={FIELD_MAX_CHARS}
                value={form.processor}
                onChange={(e) => setForm({ ...form, processor: e.target.value })}
                aria-describedby="privacy-processor-hint"
              />
              <p className="hint" id="privacy-processor-hint">
                {t('admin.privacy.processorHint')}
              </p>
            </div>
            <div className="field">
              <label htmlFor="privacy-storage">{t('admin.privacy.storage')}</label>
              <input
                id="privacy-storage"
                maxLength={FIELD_MAX_CHARS}
                value={form.storageLocation}
                onChange={(e) => setForm({ ...form, storageLocation: e.target.value })}
                aria-describedby="privacy-storage-hint"
              />
              <p className="hint" id="privacy-storage-hint">
                {t('admin.privacy.storageHint')}
              </p>
            </div>
            {(!notice.processor || !notice.storageLocation) && <p className="warning">{t('admin.privacy.missing')}</p>}
            <StatusLine status={status} />
            <div className="actions">
              <button type="submit" className="primary">
                {t('admin.privacy.save')}
              </button>
            </div>
          </form>
          <section aria-labelledby="privacy-record">
            <h2 id="privacy-record">{t('admin.privacy.recordTitle')}</h2>
            <p>{t('admin.privacy.recordIntro')}</p>
            <div className="actions">
              <button type="button" onClick={() => void downloadRecord('json')}>
                {t('admin.privacy.recordJson')}
              </button>
              <button type="button" onClick={() => void downloadRecord('pdf')}>
                {t('admin.privacy.recordPdf')}
              </button>
            </div>
            <StatusLine status={recordStatus} />
          </section>
        </>
      )}
      {!form && status && (
        <p className="error-text" role="alert">
          {status.text}
        </p>
      )}
    </StaffShell>
  );
}
