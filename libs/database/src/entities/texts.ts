/**
 * Languages the organisation's own texts (channel names and descriptions, category
 * labels) can be given in. Adding a language is adding its code here: the column is
 * jsonb keyed by these codes, so no migration is needed, and the API validates
 * against this list.
 */
export const TEXT_LANGUAGES = ['fi', 'sv', 'en'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/** A channel's name and description per language; either may be missing for a language. */
export type ChannelTranslations = Partial<Record<TextLanguage, { name?: string; description?: string }>>;

/** A category's label per language. */
export type CategoryTranslations = Partial<Record<TextLanguage, { label: string }>>;
