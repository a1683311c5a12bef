/** The languages of the UI (issue 6: Finnish, Swedish and English for every string). */
export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A flat translation file: key → text; `{name}` marks a value filled in at use. */
export type Catalog = Record<string, string>;

/** The first of the browser's preferred languages we have; Finnish when none matches (the law the portal serves is Finnish). */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'fi';
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than silently vanishing. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
