import type { QuestionDefinition } from '@kanava/api-contract';
import { LANGUAGES, type Language } from '../../../shared/i18n-core';

export const QUESTION_TYPES: QuestionDefinition['type'][] = ['short-text', 'long-text', 'single-choice', 'multiple-choice', 'date', 'yes-no', 'file'];
export const isChoice = (type: QuestionDefinition['type']) => type === 'single-choice' || type === 'multiple-choice';

/** A question as the editor holds it: the choices as one line each per language, aligned by line. */
export interface QuestionDraft {
  id: string;
  type: QuestionDefinition['type'];
  required: boolean;
  label: Record<Language, string>;
  help: Record<Language, string>;
  /** The choices as last saved: a line that still reads as one of them keeps its id, so conditions on it hold. */
  saved: QuestionDefinition['options'];
  options: Record<Language, string>;
  showIf: { questionId: string; equals: string } | null;
}

const texts = (source: Partial<Record<Language, string>> = {}) => Object.fromEntries(LANGUAGES.map((l) => [l, source[l] ?? ''])) as Record<Language, string>;

export function toDraft(q: QuestionDefinition): QuestionDraft {
  return {
    id: q.id,
    type: q.type,
    required: q.required,
    label: texts(q.label),
    help: texts(q.help),
    saved: q.options,
    options: Object.fromEntries(LANGUAGES.map((l) => [l, q.options.map((o) => o.label[l] ?? '').join('\n')])) as Record<Language, string>,
    showIf: q.showIf,
  };
}

/** A new question with the next free id (q1, q2, …): ids are never typed, only conditions name them. */
export function newQuestion(existing: QuestionDraft[]): QuestionDraft {
  const taken = new Set(existing.map((q) => q.id));
  let n = existing.length + 1;
  while (taken.has(`q${n}`)) n++;
  return { id: `q${n}`, type: 'short-text', required: false, label: texts(), help: texts(), saved: [], options: texts(), showIf: null };
}

/**
 * The choice lines of a draft: one per line index that has text in some language. A line
 * keeps the id of the saved choice it reads as (the same text in a language both have), so
 * removing or moving a line never hands a condition to another choice; a new line gets a
 * new id (and a condition on a choice whose text changed everywhere is refused, not moved).
 */
export function choiceRows(q: QuestionDraft): { id: string; label: Partial<Record<Language, string>> }[] {
  const lines = Object.fromEntries(LANGUAGES.map((l) => [l, q.options[l].split('\n')])) as Record<Language, string[]>;
  const count = Math.max(...LANGUAGES.map((l) => lines[l].length));
  const rows: { id: string; label: Partial<Record<Language, string>> }[] = [];
  const taken = new Set<string>();
  const unused = [...q.saved];
  for (let i = 0; i < count; i++) {
    const label = Object.fromEntries(LANGUAGES.map((l) => [l, lines[l][i]?.trim() ?? '']).filter(([, text]) => text)) as Partial<Record<Language, string>>;
    if (Object.keys(label).length === 0) continue;
    const same = unused.findIndex((o) => LANGUAGES.some((l) => label[l] && o.label[l]?.trim() === label[l]));
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

/** The body of `PUT /api/admin/channels/:channelId/questionnaire`. */
export function toWire(drafts: QuestionDraft[]) {
  const trimmed = (t: Record<Language, string>) => Object.fromEntries(LANGUAGES.map((l) => [l, t[l].trim()]).filter(([, text]) => text));
  return {
    questions: drafts.map((q) => ({
      id: q.id,
      type: q.type,
      required: q.required,
      label: trimmed(q.label),
      help: trimmed(q.help),
      options: isChoice(q.type) ? choiceRows(q) : [],
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
