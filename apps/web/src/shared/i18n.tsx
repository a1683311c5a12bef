import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

import { Catalog, Language, pickLanguage, format } from './i18n-core';

export { LANGUAGES, pickLanguage, format } from './i18n-core';
export type { Catalog, Language } from './i18n-core';

export interface I18n {
  language: Language;
  t: (key: string, values?: Record<string, string | number>) => string;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n | null>(null);

/** Provides `t` for one set of catalogs (the portal's now, the staff console's later). */
export function I18nProvider(props: { catalogs: Record<Language, Catalog>; children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(() => pickLanguage(navigator.languages ?? [navigator.language]));
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
  const value = useMemo(() => ({ language, t, setLanguage }), [language, t]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
