import { FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import { StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import { StaffShell } from '../layout';
import { actionError } from './CasePage';
import { textLanguageName, toTextsBody } from '../text-languages';
import { useTextLanguages } from '../use-text-languages';

/** The longest text per language the server takes. */
const MAX_CHARS = 20000;

type Texts = Record<string, string>;

/**
 * The organisation's own text on the reporter portal's information page (R3), in
 * Finnish, Swedish, English and the languages added under Languages; plain text,
 * paragraphs separated by blank lines.
 * It opens with the text as saved. Saving replaces the whole page: a language left
 * empty is removed, so a language that had a text and is now empty is confirmed first.
 */
export function AdminInformationPage(props: PageProps) {
  const { t, language: consoleLanguage } = useI18n();
  const { languages, error: languagesError } = useTextLanguages(props.session.api, t('error.load'));
  const [texts, setTexts] = useState<Texts>({});
  // What the server holds: a language with a text there and none here is being removed.
  const [saved, setSaved] = useState<Texts>({});
  const [confirmRemoval, setConfirmRemoval] = useState<string[] | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [loaded, setLoaded] = useState(false);
  const all = languages ?? [];
  const text = (l: string) => texts[l] ?? '';
  const name = (l: string) => textLanguageName(t, consoleLanguage, l);

  // Saving replaces the whole page, so the form starts from the text as saved.
  useEffect(() => {
    props.session.api
      .get<Texts>('/api/admin/organisation/information-page')
      .then((page) => {
        setTexts(page);
        setSaved(page);
        setLoaded(true);
      })
      .catch(() => setStatus({ ok: false, text: t('error.load') }));
    // Once per session, not again when the language changes: that would overwrite unsaved edits.
  }, [props.session]);

  const save = async (confirmed: boolean) => {
    setStatus(null);
    const filled = all.filter((l) => text(l).trim() !== '');
    const removed = all.filter((l) => (saved[l] ?? '').trim() !== '' && text(l).trim() === '');
    if (removed.length && !confirmed) return setConfirmRemoval(removed);
    setConfirmRemoval(null);
    try {
      await props.session.api.put('/api/admin/organisation/information-page', toTextsBody(Object.fromEntries(filled.map((l) => [l, text(l)]))));
      setSaved(Object.fromEntries(filled.map((l) => [l, text(l)])));
      setStatus({ ok: true, text: filled.length ? t('admin.info.saved') : t('admin.info.cleared') });
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  return (
    <StaffShell {...props} heading={t('admin.info.title')} headingKey="admin-info">
      <p>{t('admin.info.intro')}</p>
      <p className="warning">{t('admin.info.replaces')}</p>
      {!(loaded && languages) && !status && !languagesError && <p role="status">{t('common.loading')}</p>}
      {languagesError && (
        <p className="error-text" role="alert">
          {languagesError}
        </p>
      )}
      <form onSubmit={submit} noValidate hidden={!(loaded && languages)}>
        {all.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={`info-${l}`}>{t('admin.info.text', { language: name(l) })}</label>
            <textarea
              id={`info-${l}`}
              lang={l}
              rows={10}
              maxLength={MAX_CHARS}
              value={text(l)}
              onChange={(e) => {
                setConfirmRemoval(null);
                setTexts((x) => ({ ...x, [l]: e.target.value }));
              }}
              aria-describedby={`info-${l}-count`}
            />
            <p className="hint" id={`info-${l}-count`}>
              {t('admin.info.count', { count: text(l).length, max: MAX_CHARS })}
            </p>
          </div>
        ))}
        <StatusLine status={status} />
        {confirmRemoval ? (
          <div className="warning" role="alert" data-testid="info-confirm-removal">
            <p>
              {confirmRemoval.length === all.filter((l) => (saved[l] ?? '').trim()).length && all.every((l) => !text(l).trim())
                ? t('admin.info.removeAll')
                : t('admin.info.removeLanguages', { languages: confirmRemoval.map(name).join(', ') })}
            </p>
            <div className="actions">
              <button type="button" className="primary" onClick={() => void save(true)}>
                {t('admin.info.removeYes')}
              </button>
              <button type="button" onClick={() => setConfirmRemoval(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <button type="submit" className="primary">
              {t('admin.info.save')}
            </button>
          </div>
        )}
      </form>
    </StaffShell>
  );
}
