import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

import { Catalog, Language, format, interfaceLanguage, isLanguage, pickContentLanguage, pickLanguage, textLanguages } from './i18n-core';

export { LANGUAGES, pickLanguage, format } from './i18n-core';
export type { Catalog, Language } from './i18n-core';

export interface I18n {
  /** The UI language: the catalog `t` reads and `<html lang>`. */
  language: Language;
  t: (key: string, values?: Record<string, string | number>) => string;
  /** Sets the UI language and the language of the organisation's texts together. */
  setLanguage: (language: Language) => void;
  /**
   * The language the organisation's texts are picked in (issue 22): a UI language, or one
   * of `textLanguages`, in which case the UI is in English. The staff console never adds
   * any, so there it is always `language`.
   */
  contentLanguage: string;
  /** The organisation's added text languages the switch offers after the UI languages (none until `offerTextLanguages`). */
  textLanguages: readonly string[];
  /** Chooses a UI language or an offered text language; anything else is ignored. */
  setContentLanguage: (code: string) => void;
  /**
   * Offers the organisation's added text languages. Until the person has chosen a
   * language, the start is picked again from the browser's preferences with them.
   */
  offerTextLanguages: (codes: readonly unknown[] | null | undefined) => void;
}

const I18nContext = createContext<I18n | null>(null);

function preferred(): readonly string[] {
  return navigator.languages ?? [navigator.language];
}

/** Provides `t` for one set of catalogs (the portal's and the staff console's). */
export function I18nProvider(props: { catalogs: Record<Language, Catalog>; children: ReactNode }) {
  const [content, setContent] = useState<string>(() => pickLanguage(preferred()));
  const [offered, setOffered] = useState<readonly string[]>([]);
  // Once the person picks a language, a later offer must not take it away from them.
  const chosen = useRef(false);
  const language = interfaceLanguage(content);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const catalog = props.catalogs[language];
  const t = useCallback(
    (key: string, values?: Record<string, string | number>) => {
      const text = catalog[key];
      // A missing key is a bug the catalog test catches; showing the key keeps the page usable meanwhile.
      return text === undefined ? key : format(text, values);
    },
    [catalog],
  );
  const setContentLanguage = useCallback(
    (code: string) => {
      if (!isLanguage(code) && !offered.includes(code)) return;
      chosen.current = true;
      setContent(code);
    },
    [offered],
  );
  const setLanguage = useCallback((l: Language) => setContentLanguage(l), [setContentLanguage]);
  const offerTextLanguages = useCallback((codes: readonly unknown[] | null | undefined) => {
    const added = textLanguages(codes);
    setOffered((now) => (now.length === added.length && now.every((c, i) => c === added[i]) ? now : added));
    // A language no longer offered falls back to the UI language it was shown with.
    if (chosen.current) setContent((now) => (isLanguage(now) || added.includes(now) ? now : interfaceLanguage(now)));
    else setContent(pickContentLanguage(preferred(), added));
  }, []);
  const value = useMemo(
    () => ({ language, t, setLanguage, contentLanguage: content, textLanguages: offered, setContentLanguage, offerTextLanguages }),
    [language, t, setLanguage, content, offered, setContentLanguage, offerTextLanguages],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
