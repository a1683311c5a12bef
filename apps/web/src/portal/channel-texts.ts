import { textOrder } from '../shared/i18n-core';
import type { Channel } from './reporter-client';

/** A text the organisation wrote and the language it is shown in (null: the default text, language not known). */
export interface Localised {
  text: string;
  /** A UI language or one the organisation added (issue 22). */
  language: string | null;
}

/**
 * Picks one text: the reporter's language, else the first other language it was
 * written in (`textOrder`: for Finnish, Swedish or English the others in that order;
 * for an added language English, Finnish, Swedish), else the single-language default
 * of API.md, whose language is not known (so no note is shown for it).
 */
export function localise(byLanguage: Partial<Record<string, string | undefined>>, fallback: string, language: string): Localised {
  for (const candidate of textOrder(language)) {
    const text = byLanguage[candidate]?.trim();
    if (text) return { text, language: candidate };
  }
  return { text: fallback, language: null };
}

/** The languages other than the reporter's that some of these texts are shown in, in the order they are looked for. */
export function fallbacksOf(texts: Localised[], language: string): string[] {
  const shown = texts.map((t) => t.language);
  return textOrder(language).filter((l) => l !== language && shown.includes(l));
}

export interface ChannelTexts {
  name: Localised;
  description: Localised;
  categories: { id: string; label: Localised }[];
  /** Languages other than the reporter's that some of the channel's texts are shown in. */
  fallbacks: string[];
}

/** The channel's name, description and category labels in the reporter's language (the content language), with what fell back. */
export function channelTexts(channel: Channel, language: string): ChannelTexts {
  const pick = (field: 'name' | 'description') =>
    localise(Object.fromEntries(Object.entries(channel.translations ?? {}).map(([l, t]) => [l, t?.[field]])), channel[field] ?? '', language);
  const name = pick('name');
  const description = pick('description');
  const categories = channel.categories.map((c) => ({
    id: c.id,
    label: localise(Object.fromEntries(Object.entries(c.translations ?? {}).map(([l, t]) => [l, t?.label])), c.label, language),
  }));
  const fallbacks = fallbacksOf([name, ...(description.text ? [description] : []), ...categories.map((c) => c.label)], language);
  return { name, description, categories, fallbacks };
}
