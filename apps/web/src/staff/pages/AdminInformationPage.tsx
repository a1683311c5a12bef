import { FormEvent, useEffect, useState } from 'react';
import { LANGUAGES, useI18n } from '../../shared/i18n';
import type { PageProps } from '../App';
import { StaffShell } from '../layout';
import { actionError } from './CasePage';

/** The longest text per language the server takes. */
const MAX_CHARS = 20000;
const LANGUAGE_NAMES = { fi: 'Suomi', sv: 'Svenska', en: 'English' } as const;

/**
 * The organisation's own text on the reporter portal's information page (R3), in
 * Finnish, Swedish and English; plain text, paragraphs separated by blank lines.
 * Saving replaces the whole page: a language left empty is removed.
 */
export function AdminInformationPage(props: PageProps) {
  const { t } = useI18n();
  const [texts, setTexts] = useState<Record<(typeof LANGUAGES)[number], string>>({ fi: '', sv: '', en: '' });
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [loaded, setLoaded] = useState(false);

  // Saving replaces the whole page, so the form starts from what reporters see now: the portal's own public data.
  useEffect(() => {
    props.session.api
      .get<{ informationPage: Partial<Record<(typeof LANGUAGES)[number], string>> | null }>(
        `/api/public/organisations/${encodeURIComponent(props.session.organisationSlug)}`,
      )
      .then((org) => {
        setTexts({ fi: org.informationPage?.fi ?? '', sv: org.informationPage?.sv ?? '', en: org.informationPage?.en ?? '' });
        setLoaded(true);
      })
      .catch(() => setStatus({ ok: false, text: t('error.load') }));
    // Once per session, not again when the language changes: that would overwrite unsaved edits.
  }, [props.session]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    const filled = LANGUAGES.filter((l) => texts[l].trim() !== '');
    if (filled.length === 0 && !confirmEmpty) return setStatus({ ok: false, text: t('admin.info.emptyConfirm') });
    try {
      await props.session.api.put('/api/admin/organisation/information-page', Object.fromEntries(filled.map((l) => [l, texts[l]])));
      setStatus({ ok: true, text: filled.length ? t('admin.info.saved') : t('admin.info.cleared') });
      setConfirmEmpty(false);
    } catch (err) {
      setStatus({ ok: false, text: actionError(t, err) });
    }
  };

  return (
    <StaffShell {...props} heading={t('admin.info.title')} headingKey="admin-info">
      <p>{t('admin.info.intro')}</p>
      <p className="warning">{t('admin.info.replaces')}</p>
      {!loaded && !status && <p role="status">{t('common.loading')}</p>}
      <form onSubmit={(e) => void save(e)} noValidate hidden={!loaded}>
        {LANGUAGES.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={`info-${l}`}>{t('admin.info.text', { language: LANGUAGE_NAMES[l] })}</label>
            <textarea
              id={`info-${l}`}
              lang={l}
              rows={10}
              maxLength={MAX_CHARS}
              value={texts[l]}
              onChange={(e) => setTexts((x) => ({ ...x, [l]: e.target.value }))}
              aria-describedby={`info-${l}-count`}
            />
            <p className="hint" id={`info-${l}-count`}>
              {t('admin.info.count', { count: texts[l].length, max: MAX_CHARS })}
            </p>
          </div>
        ))}
        {LANGUAGES.every((l) => texts[l].trim() === '') && (
          <div className="choice">
            <input id="info-empty" type="checkbox" checked={confirmEmpty} onChange={(e) => setConfirmEmpty(e.target.checked)} />
            <label htmlFor="info-empty">{t('admin.info.emptyCheck')}</label>
          </div>
        )}
        {status && (
          <p className={status.ok ? 'ok' : 'error-text'} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            {t('admin.info.save')}
          </button>
        </div>
      </form>
    </StaffShell>
  );
}
