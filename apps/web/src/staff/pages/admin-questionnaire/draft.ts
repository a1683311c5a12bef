import type { QuestionDefinition } from '@kanava/api-contract';
import { LANGUAGES, type Language } from '../../../shared/i18n-core';
import { toTextsBody } from '../../text-languages';

/** A text per language code; the editor holds one key for every language the organisation writes in. */
type Texts = Record<string, string>;

export const QUESTION_TYPES: QuestionDefinition['type'][] = ['short-text', 'long-text', 'single-choice', 'multiple-choice', 'date', 'yes-no', 'file'];
export const isChoice = (type: QuestionDefinition['type']) => type === 'single-choice' || type === 'multiple-choice';

/**
 * A question as the editor holds it: the choices as one line each per language, aligned by
 * line. Its text maps have a key for each of the organisation's languages, in order, and
 * the editor shows a field for each key.
 */
export interface QuestionDraft {
  id: string;
  type: QuestionDefinition['type'];
  required: boolean;
  label: Texts;
  help: Texts;
  /** The choices as last saved: a line that still reads as one of them keeps its id, so conditions on it hold. */
  saved: QuestionDefinition['options'];
  options: Texts;
  showIf: { questionId: string; equals: string } | null;
}

const texts = (languages: readonly string[], source: Partial<Record<string, string>> = {}): Texts =>
  Object.fromEntries(languages.map((l) => [l, source[l] ?? '']));

/** The stored question as the editor holds it, with a field per language of `languages` (a text in another language is dropped). */
export function toDraft(q: QuestionDefinition, languages: readonly string[] = LANGUAGES): QuestionDraft {
  return {
    id: q.id,
    type: q.type,
    required: q.required,
    label: texts(languages, q.label),
    help: texts(languages, q.help),
    saved: q.options,
    options: Object.fromEntries(languages.map((l) => [l, q.options.map((o) => o.label[l] ?? '').join('\n')])),
    showIf: q.showIf,
  };
}

/** A new question with the next free id (q1, q2, …): ids are never typed, only conditions name them. */
export function newQuestion(existing: QuestionDraft[], languages: readonly string[] = LANGUAGES): QuestionDraft {
  const taken = new Set(existing.map((q) => q.id));
  let n = existing.length + 1;
  while (taken.has(`q${n}`)) n++;
  return {
    id: `q${n}`,
    type: 'short-text',
    required: false,
    label: texts(languages),
    help: texts(languages),
    saved: [],
    options: texts(languages),
    showIf: null,
  };
}

/**
 * The choice lines of a draft: one per line index that has text in some language. A line
 * keeps the id of the saved choice it reads as (the same text in a language both have), so
 * removing or moving a line never hands a condition to another choice; a new line gets a
 * new id (and a condition on a choice whose text changed everywhere is refused, not moved).
 */
export function choiceRows(q: QuestionDraft): { id: string; label: Texts }[] {
  const languages = Object.keys(q.options);
  const lines = Object.fromEntries(languages.map((l) => [l, q.options[l].split('\n')]));
  const count = Math.max(0, ...languages.map((l) => lines[l].length));
  const rows: { id: string; label: Texts }[] = [];
  const taken = new Set<string>();
  const unused = [...q.saved];
  for (let i = 0; i < count; i++) {
    const label: Texts = Object.fromEntries(languages.map((l) => [l, lines[l][i]?.trim() ?? '']).filter(([, text]) => text));
    if (Object.keys(label).length === 0) continue;
    const same = unused.findIndex((o) => languages.some((l) => label[l] && o.label[l]?.trim() === label[l]));
    let id: string;
    if (same >= 0) id = unused.splice(same, 1)[0].id;
    else {
      const used = new Set([...q.saved.map((o) => o.id), ...taken]);
      let n = 1;
      while (used.has(`o${n}`)) n++;
      id = `o${n}`;
    }
    taken.add(id);
    rows.push({ id, label });
  }
  return rows;
}

/** The body of `PUT /api/admin/channels/:channelId/questionnaire` (texts as `{fi, sv, en, others}`). */
export function toWire(drafts: QuestionDraft[]) {
  const trimmed = (t: Texts) => toTextsBody(Object.fromEntries(Object.entries(t).map(([l, text]) => [l, text.trim()])));
  return {
    questions: drafts.map((q) => ({
      id: q.id,
      type: q.type,
      required: q.required,
      label: trimmed(q.label),
      help: trimmed(q.help),
      options: isChoice(q.type) ? choiceRows(q).map((o) => ({ id: o.id, label: toTextsBody(o.label) })) : [],
      showIf: q.showIf,
    })),
  };
}

/** The answers a condition may wait for on an earlier question: yes and no, or its choices. */
export function conditionValues(q: QuestionDraft, language: Language): { value: string; label: string }[] | null {
  if (q.type === 'yes-no')
    return [
      { value: 'yes', label: '' },
      { value: 'no', label: '' },
    ];
  if (q.type !== 'single-choice') return null;
  return choiceRows(q).map((o) => ({ value: o.id, label: o.label[language] ?? Object.values(o.label)[0] ?? o.id }));
}
