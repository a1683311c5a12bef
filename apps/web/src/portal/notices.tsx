import { RefObject } from 'react';
import { ApiError } from '../shared/api';
import { useI18n } from '../shared/i18n';
import { displayName } from '../shared/i18n-core';
import type { Localised } from './channel-texts';

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

/**
 * A short note that some of the organisation's texts are shown in another language
 * than the one the reporter chose (the content language, which may be one the
 * organisation added while the page around it is in English).
 */
export function FallbackNote(props: { shown: string[] }) {
  const { t, language: page, contentLanguage } = useI18n();
  if (!props.shown.length) return null;
  return (
    <>
      {props.shown.map((language) => (
        <p key={language} className="hint fallback-note">
          {t('texts.fallback', { shown: languageName(t, language, page), missing: languageName(t, contentLanguage, page) })}
        </p>
      ))}
    </>
  );
}

/**
 * A language's name in the page's language: the catalogs name Finnish, Swedish and
 * English; a language the organisation added is named by the browser (Intl).
 */
function languageName(t: (key: string) => string, language: string, page: string): string {
  switch (language) {
    case 'fi':
      return t('texts.languageFi');
    case 'sv':
      return t('texts.languageSv');
    case 'en':
      return t('texts.languageEn');
    default:
      return displayName(language, page);
  }
}

/** An organisation's text, marked with its language when that is not the page's (`<html lang>`, the UI language). */
export function OrgText(props: { value: Localised }) {
  const { language: page } = useI18n();
  return props.value.language && props.value.language !== page ? <span lang={props.value.language}>{props.value.text}</span> : <>{props.value.text}</>;
}

/** A catalog text with one `{name}` placeholder filled with an organisation's text, which keeps its own `lang`. */
export function WithOrgText(props: { template: string; name: string; value: Localised }) {
  const [before, ...after] = props.template.split(`{${props.name}}`);
  if (!after.length) return <>{props.template}</>;
  return (
    <>
      {before}
      <OrgText value={props.value} />
      {after.join(`{${props.name}}`)}
    </>
  );
}
