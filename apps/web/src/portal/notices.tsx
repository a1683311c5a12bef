import { RefObject } from 'react';
import { ApiError } from '../shared/api';
import { useI18n } from '../shared/i18n';

/** True when the request never got an answer (offline, connection dropped): the reporter can only try again. */
export function isNetworkFailure(err: unknown): boolean {
  return (err instanceof ApiError && err.status === 0) || err instanceof TypeError;
}

/**
 * A request that did not reach the server: said on its own, not as something the
 * reporter has to correct, with a button that sends it again. The page gives it the
 * focus (`box`) after its own heading took it, so a keyboard or screen reader user lands here.
 */
export function NetworkProblem(props: { onRetry: () => void; box?: RefObject<HTMLDivElement | null> }) {
  const { t } = useI18n();
  return (
    <div ref={props.box} className="network-problem" role="alert" tabIndex={-1} data-testid="network-problem">
      <p>{t('error.network')}</p>
      <button type="button" onClick={props.onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}

/** A short note that some of the organisation's texts are shown in another language. */
export function FallbackNote(props: { shown: string[] }) {
  const { t, language: page } = useI18n();
  if (!props.shown.length) return null;
  return (
    <>
      {props.shown.map((language) => (
        <p key={language} className="hint fallback-note">
          {t('texts.fallback', { shown: languageName(t, language), missing: languageName(t, page) })}
        </p>
      ))}
    </>
  );
}

/** The language's name in the page's language (a new text language adds a key here and in the catalogs). */
function languageName(t: (key: string) => string, language: string): string {
  switch (language) {
    case 'fi':
      return t('texts.languageFi');
    case 'sv':
      return t('texts.languageSv');
    default:
      return t('texts.languageEn');
  }
}
