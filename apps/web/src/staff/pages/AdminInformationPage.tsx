import { FormEvent, useEffect, useState } from 'react';
import { LANGUAGES, useI18n } from '../../shared/i18n';
import { StatusLine } from '../../shared/status-line';
import type { PageProps } from '../page-props';
import { StaffShell } from '../layout';
import { actionError } from './CasePage';

/** The longest text per language the server takes. */
const MAX_CHARS = 20000;
const LANGUAGE_NAMES = { fi: 'Suomi', sv: 'Svenska', en: 'English' } as const;

type Texts = Record<(typeof LANGUAGES)[number], string>;

/**
 * The organisation's own text on the reporter portal's information page (R3), in
 * Finnish, Swedish and English; plain text, paragraphs separated by blank lines.
 * It opens with the text as saved. Saving replaces the whole page: a language left
 * empty is removed, so a language that had a text and is now empty is confirmed first.
 */
export function AdminInformationPage(props: PageProps) {
  const { t } = useI18n();
  const [texts, setTexts] = useState<Texts>({ fi: '', sv: '', en: '' });
  // What the server holds: a language with a text there and none here is being removed.
  const [saved, setSaved] = useState<Texts>({ fi: '', sv: '', en: '' });
  const [confirmRemoval, setConfirmRemoval] = useState<(typeof LANGUAGES)[number][] | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [loaded, setLoaded] = useState(false);

  // Saving replaces the whole page, so the form starts from the text as saved.
  useEffect(() => {
    props.session.api
      .get<Partial<Texts>>('/api/admin/organisation/information-page')
      .then((page) => {
        const current = { fi: page.fi ?? '', sv: page.sv ?? '', en: page.en ?? '' };
        setTexts(current);
        setSaved(current);
        setLoaded(true);
      })
      .catch(() => setStatus({ ok: false, text: t('error.load') }));
    // Once per session, not again when the language changes: that would overwrite unsaved edits.
  }, [props.session]);

  const save = async (confirmed: boolean) => {
    setStatus(null);
    const filled = LANGUAGES.filter((l) => texts[l].trim() !== '');
    const removed = LANGUAGES.filter((l) => saved[l].trim() !== '' && texts[l].trim() === '');
    if (removed.length && !confirmed) return setConfirmRemoval(removed);
    setConfirmRemoval(null);
    try {
      await props.session.api.put('/api/admin/organisation/information-page', Object.fromEntries(filled.map((l) => [l, texts[l]])));
      setSaved({ fi: texts.fi.trim() ? texts.fi : '', sv: texts.sv.trim() ? texts.sv : '', en: texts.en.trim() ? texts.en : '' });
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
      {!loaded && !status && <p role="status">{t('common.loading')}</p>}
      <form onSubmit={submit} noValidate hidden={!loaded}>
        {LANGUAGES.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={`info-${l}`}>{t('admin.info.text', { language: LANGUAGE_NAMES[l] })}</label>
            <textarea
              id={`info-${l}`}
              lang={l}
              rows={10}
              maxLength={MAX_CHARS}
              value={texts[l]}
              onChange={(e) => {
                setConfirmRemoval(null);
                setTexts((x) => ({ ...x, [l]: e.target.value }));
              }}
              aria-describedby={`info-${l}-count`}
            />
            <p className="hint" id={`info-${l}-count`}>
              {t('admin.info.count', { count: texts[l].length, max: MAX_CHARS })}
            </p>
          </div>
        ))}
        <StatusLine status={status} />
        {confirmRemoval ? (
          <div className="warning" role="alert" data-testid="info-confirm-removal">
            <p>
              {confirmRemoval.length === LANGUAGES.filter((l) => saved[l].trim()).length && LANGUAGES.every((l) => !texts[l].trim())
                ? t('admin.info.removeAll')
                : t('admin.info.removeLanguages', { languages: confirmRemoval.map((l) => LANGUAGE_NAMES[l]).join(', ') })}
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
