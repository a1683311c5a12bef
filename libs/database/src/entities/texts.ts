/**
 * The portal's own languages, which every organisation's texts (channel names and
 * descriptions, category labels, the information page, questions) can be given in.
 * An organisation adds further languages as a setting (the organisation's
 * `textLanguages`, checked by the staff lib's `TextLanguagesService`); the texts' jsonb columns are
 * keyed by language code either way.
 */
export const TEXT_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/** A channel's name and description per language; either may be missing for a language. */
export type ChannelTranslations = Partial<Record<string, { name?: string; description?: string }>>;

/** A category's label per language. */
export type CategoryTranslations = Partial<Record<string, { label: string }>>;
