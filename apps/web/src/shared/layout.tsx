import { ReactNode, useEffect, useRef } from 'react';
import { Language, LANGUAGES, useI18n } from './i18n';
import { autonym } from './i18n-core';

const LANGUAGE_NAMES: Record<Language, string> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };

/**
 * Quick exit: asks the server to have the browser clear this site's cache and
 * storage (`POST /api/public/leave`, Clear-Site-Data), then replaces this page in
 * the history with an empty one. A failed request must not keep the person here.
 */
export async function leave(): Promise<void> {
  try {
    await fetch('/api/public/leave', { method: 'POST', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', keepalive: true });
  } catch {
    // Leaving matters more than the clean-up.
  }
  window.location.replace('about:blank');
}

/**
 * The frame of every page: title, language switch, quick exit, and the page's own heading
 * that takes focus when the page changes. The switch offers the UI languages, then any
 * text languages the organisation added (the portal's, issue 22), each by its own name.
 * `headingContent` shows the heading with marked-up parts (an organisation's text in
 * its own `lang`); `heading` stays its plain text, for the window title.
 */
export function Shell(props: { title: string; heading: string; headingContent?: ReactNode; headingKey: string; children: ReactNode }) {
  const { t, contentLanguage, textLanguages, setContentLanguage } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.heading} – ${props.title}`;
  }, [props.heading, props.title]);
  // A new page (not a new language) moves focus to its heading, so screen-reader and keyboard users start at the top.
  useEffect(() => {
    heading.current?.focus();
  }, [props.headingKey]);
  return (
    <>
      <a className="skip" href="#main">
        {t('layout.skip')}
      </a>
      <header className="top">
        <p className="org">{props.title}</p>
        <nav aria-label={t('layout.languages')} className="languages">
          {[...LANGUAGES, ...textLanguages].map((l) => (
            <button key={l} type="button" lang={l} aria-pressed={l === contentLanguage} onClick={() => setContentLanguage(l)}>
              {LANGUAGE_NAMES[l as Language] ?? autonym(l)}
            </button>
          ))}
        </nav>
        <button type="button" className="leave" onClick={() => void leave()}>
          {t('layout.leave')}
        </button>
      </header>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>
          {props.headingContent ?? props.heading}
        </h1>
        {props.children}
      </main>
      <footer className="bottom">
        <p>{t('layout.footer')}</p>
      </footer>
    </>
  );
}
