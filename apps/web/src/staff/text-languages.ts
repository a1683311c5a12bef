import { displayName, LANGUAGES, type Language } from '../shared/i18n-core';

/** The portal's own languages, which every organisation writes its texts in. */
export const BUILT_IN: readonly string[] = LANGUAGES;

/**
 * A text language's name in the console's language: the catalog's for fi, sv and en,
 * the browser's (Intl) for a language the organisation added, the code if it knows none.
 */
export function textLanguageName(t: (key: string) => string, consoleLanguage: Language, code: string): string {
  switch (code) {
    case 'fi':
      return t('admin.texts.languageFi');
    case 'sv':
      return t('admin.texts.languageSv');
    case 'en':
      return t('admin.texts.languageEn');
  }
  return displayName(code, consoleLanguage);
}

/** The server's shape for a text in fi, sv, en and the added languages: `{fi, sv, en, others: [{language, text}]}`. */
export function toTextsBody(texts: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const others: { language: string; text: string }[] = [];
  for (const [language, text] of Object.entries(texts)) {
    if (!text.trim()) continue;
    if (BUILT_IN.includes(language)) body[language] = text;
    else others.push({ language, text });
  }
  if (others.length) body.others = others;
  return body;
}
