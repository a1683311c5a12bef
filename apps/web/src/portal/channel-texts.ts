import { LANGUAGES, Language } from '../shared/i18n-core';
import type { Channel } from './reporter-client';

/** A text the organisation wrote and the language it is shown in (null: the default text, language not known). */
export interface Localised {
  text: string;
  language: Language | null;
}

/**
 * Picks one text: the reporter's language, else the first other language it was
 * written in (the portal's languages in order), else the single-language default
 * of API.md, whose language is not known (so no note is shown for it).
 */
export function localise(byLanguage: Partial<Record<string, string | undefined>>, fallback: string, language: Language): Localised {
  const own = byLanguage[language]?.trim();
  if (own) return { text: own, language };
  for (const other of LANGUAGES) {
    const text = byLanguage[other]?.trim();
    if (text) return { text, language: other };
  }
  return { text: fallback, language: null };
}

export interface ChannelTexts {
  name: Localised;
  description: Localised;
  categories: { id: string; label: Localised }[];
  /** Languages other than the reporter's that some of the channel's texts are shown in. */
  fallbacks: Language[];
}

/** The channel's name, description and category labels in the reporter's language, with what fell back. */
export function channelTexts(channel: Channel, language: Language): ChannelTexts {
  const pick = (field: 'name' | 'description') =>
    localise(Object.fromEntries(Object.entries(channel.translations ?? {}).map(([l, t]) => [l, t?.[field]])), channel[field] ?? '', language);
  const name = pick('name');
  const description = pick('description');
  const categories = channel.categories.map((c) => ({
    id: c.id,
    label: localise(Object.fromEntries(Object.entries(c.translations ?? {}).map(([l, t]) => [l, t?.label])), c.label, language),
  }));
  const shown = [name, ...(description.text ? [description] : []), ...categories.map((c) => c.label)].map((t) => t.language);
  const fallbacks = LANGUAGES.filter((l) => l !== language && shown.includes(l));
  return { name, description, categories, fallbacks };
}
