/** The languages of the UI (issue 6: Finnish, Swedish and English for every string). */
export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A flat translation file: key → text; `{name}` marks a value filled in at use. */
export type Catalog = Record<string, string>;

/** A language an organisation may add for its own texts: ISO 639-1 or 639-3, lowercase (issue 22). */
const TEXT_LANGUAGE = /^[a-z]{2,3}$/;

export function isLanguage(code: string): code is Language {
  return (LANGUAGES as readonly string[]).includes(code);
}

/** The language part of a browser's language tag (`et-EE` → `et`). */
function base(tag: string): string {
  return tag.toLowerCase().split('-')[0];
}

/** The first of the browser's preferred languages we have; Finnish when none matches (the law the portal serves is Finnish). */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const code = base(tag);
    if (isLanguage(code)) return code;
  }
  return 'fi';
}

/**
 * The organisation's added text languages as the portal offers them: well-formed,
 * not one of the UI languages, each once, in the organisation's order. Anything
 * else from the server is left out rather than shown as a broken button.
 */
export function textLanguages(codes: readonly unknown[] | null | undefined): string[] {
  const out: string[] = [];
  for (const code of codes ?? []) {
    if (typeof code === 'string' && TEXT_LANGUAGE.test(code) && !isLanguage(code) && !out.includes(code)) out.push(code);
  }
  return out;
}

/**
 * The language of the organisation's texts to start with: the first of the browser's
 * preferred languages that is either a UI language or one the organisation added;
 * Finnish when none matches. An added language wins only when the browser prefers it
 * to every UI language it also knows.
 */
export function pickContentLanguage(preferred: readonly string[], added: readonly string[]): string {
  for (const tag of preferred) {
    const code = base(tag);
    if (isLanguage(code) || added.includes(code)) return code;
  }
  return 'fi';
}

/** The UI language for a language of the organisation's texts: itself when the UI has it, else English (we have no catalog for it). */
export function interfaceLanguage(content: string): Language {
  return isLanguage(content) ? content : 'en';
}

/**
 * The languages to look for an organisation's text in, best first: for a UI language
 * itself, then Finnish, Swedish, English; for an added language itself, then English
 * (the language of the page around it), Finnish, Swedish.
 */
export function textOrder(content: string): string[] {
  const rest: readonly string[] = isLanguage(content) ? LANGUAGES : ['en', 'fi', 'sv'];
  return [content, ...rest.filter((l) => l !== content)];
}

/** A language's name in its own language, as a language switch shows it ("Eesti"); the code itself when the browser does not know it. */
export function autonym(code: string): string {
  const name = displayName(code, code);
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/** A language's name in another language (`in`), e.g. Estonian in English; the code itself when the browser does not know it. */
export function displayName(code: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    // A code Intl refuses (not a valid tag): showing it as it is keeps the switch usable.
    return code;
  }
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than silently vanishing. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
