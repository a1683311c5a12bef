import { FormEvent, useCallback, useRef, useState } from 'react';
import { ApiError } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import type { PageProps } from '../page-props';
import { StaffShell } from '../layout';
import { useResource } from '../async-list';
import { BUILT_IN, textLanguageName } from '../text-languages';
import { Status, StatusLine } from '../../shared/status-line';
import { actionError } from './CasePage';

/** A removal the server asked to confirm: the language and how many texts go with it. */
interface PendingRemoval {
  language: string;
  texts: number;
}

/**
 * The languages the organisation writes its own texts in beyond the portal's three.
 * Each one added gets fields in the channel texts, information page and questionnaire
 * editors, and the portal offers it to reporters (its own wording stays English there).
 * Taking one away that has texts asks first, naming how many are deleted.
 */
export function AdminLanguages(props: PageProps) {
  const { t, language: consoleLanguage } = useI18n();
  const { session } = props;
  const [code, setCode] = useState('');
  const [pending, setPending] = useState<PendingRemoval | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const load = useCallback(() => session.api.get<{ languages: string[] }>('/api/admin/organisation/languages').then((r) => r.languages), [session]);
  const { data: added, error, reload } = useResource(load, t('error.load'));
  const name = (l: string) => textLanguageName(t, consoleLanguage, l);

  const wanted = code.trim().toLowerCase();
  const preview = /^[a-z]{2,3}$/.test(wanted) ? name(wanted) : null;
  const known = preview !== null && preview !== wanted;

  /** Saves the added languages; a removal the server wants confirmed turns into the question instead of an error. */
  const save = async (languages: string[], done: string, removing?: { language: string; confirm: boolean }): Promise<boolean> => {
    setBusy(true);
    setStatus(null);
    setPending(null);
    try {
      await session.api.put('/api/admin/organisation/languages', { languages, ...(removing?.confirm ? { confirm: true } : {}) });
      await reload();
      setStatus({ ok: true, text: done });
      return true;
    } catch (err) {
      if (removing && err instanceof ApiError && err.code === 'confirmation_required')
        setPending({ language: removing.language, texts: Number(err.fields.texts ?? 0) });
      else setStatus({ ok: false, text: actionError(t, err) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!added) return;
    if (!known) return setStatus({ ok: false, text: t('admin.languages.unknownCode') });
    if (BUILT_IN.includes(wanted) || added.includes(wanted)) return setStatus({ ok: false, text: t('admin.languages.already', { language: name(wanted) }) });
    // The list as saved now, not as loaded: saving replaces the set, so another admin's addition since must stay.
    void load()
      .then((current) => save([...current.filter((l) => l !== wanted), wanted], t('admin.languages.added', { language: name(wanted) })))
      .then((ok) => ok && setCode(''))
      .catch((err: unknown) => setStatus({ ok: false, text: actionError(t, err) }));
  };

  const remove = (language: string, confirm: boolean) =>
    void load()
      .then((current) =>
        save(
          current.filter((l) => l !== language),
          t('admin.languages.removed', { language: name(language) }),
          { language, confirm },
        ),
      )
      .then((ok) => {
        // The row and its focused button are gone: focus goes to the list's heading, not to the page's end.
        if (ok) listHeading.current?.focus();
      })
      .catch((err: unknown) => setStatus({ ok: false, text: actionError(t, err) }));

  return (
    <StaffShell {...props} heading={t('admin.languages.title')} headingKey="admin-languages">
      <p>{t('admin.languages.intro')}</p>
      {!added && !error && <p role="status">{t('common.loading')}</p>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {added && (
        <section aria-labelledby="languages-heading">
          <h2 id="languages-heading" ref={listHeading} tabIndex={-1}>
            {t('admin.languages.current')}
          </h2>
          <ul className="plain" data-testid="text-languages">
            {BUILT_IN.map((l) => (
              <li key={l}>
                {name(l)} <span className="hint">({t('admin.languages.builtIn')})</span>
              </li>
            ))}
            {added.map((l) => (
              <li key={l} data-language={l}>
                {name(l)} <span className="hint">({l})</span>{' '}
                <button type="button" disabled={busy} onClick={() => remove(l, false)}>
                  {t('admin.languages.remove', { language: name(l) })}
                </button>
                {pending?.language === l && (
                  <span className="actions" role="group" aria-labelledby={`remove-${l}-question`}>
                    <span className="warning" role="alert" id={`remove-${l}-question`}>
                      {t('admin.languages.removeConfirm', { language: name(l), n: pending.texts })}
                    </span>
                    <button type="button" disabled={busy} onClick={() => remove(l, true)}>
                      {t('admin.languages.removeYes')}
                    </button>
                    <button type="button" onClick={() => setPending(null)}>
                      {t('common.cancel')}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
          {added.length === 0 && <p>{t('admin.languages.none')}</p>}
        </section>
      )}
      <section className="panel" aria-labelledby="add-language-heading">
        <h2 id="add-language-heading">{t('admin.languages.add')}</h2>
        <form className="inline-form" onSubmit={add} noValidate>
          <div className="field">
            <label htmlFor="language-code">{t('admin.languages.code')}</label>
            <input
              id="language-code"
              maxLength={3}
              autoComplete="off"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-describedby="language-code-hint"
            />
            <p className="hint" id="language-code-hint" aria-live="polite">
              {known ? t('admin.languages.preview', { language: preview }) : t('admin.languages.codeHint')}
            </p>
          </div>
          <button type="submit" disabled={busy || !added}>
            {t('admin.languages.addButton')}
          </button>
        </form>
      </section>
      <StatusLine status={status} />
    </StaffShell>
  );
}
