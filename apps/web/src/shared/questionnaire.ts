import type { AnswersValue, AnswerValue } from '@kanava/crypto';
import type { QuestionDefinition, QuestionnaireVersionView, QuestionTexts } from '@kanava/api-contract';
import { textOrder } from './i18n-core';

/** What the reporter has given so far: text, date, `yes`/`no` and option ids by question id; a multiple choice as a list. */
export type AnswerDraft = Record<string, string | string[]>;

/**
 * A question's text in the reporter's language (a UI language or one the organisation
 * added), else the first language it was written in (`textOrder`; then marked with it).
 */
export function questionText(texts: QuestionTexts, language: string): { text: string; language: string } {
  for (const candidate of textOrder(language)) {
    const text = texts[candidate]?.trim();
    if (text) return { text, language: candidate };
  }
  // Last, a language the organisation added that the reporter did not choose (the server
  // asks for one of fi, sv or en, but a question must never be nameless).
  for (const [candidate, value] of Object.entries(texts)) {
    const text = value?.trim();
    if (text) return { text, language: candidate };
  }
  return { text: '', language };
}

/**
 * The questions asked with these answers: a question with a condition is asked only when
 * the earlier question it names is asked and has that answer (so hiding a question also
 * hides those that depend on it).
 */
export function askedQuestions(questions: QuestionDefinition[], draft: AnswerDraft): QuestionDefinition[] {
  const asked = new Set<string>();
  return questions.filter((q) => {
    const shown = !q.showIf || (asked.has(q.showIf.questionId) && draft[q.showIf.questionId] === q.showIf.equals);
    if (shown) asked.add(q.id);
    return shown;
  });
}

/** Whether the question has an answer: non-blank text, a choice, files chosen. */
export function answered(q: QuestionDefinition, draft: AnswerDraft, fileNames: Record<string, string[]>): boolean {
  if (q.type === 'file') return (fileNames[q.id] ?? []).length > 0;
  const value = draft[q.id];
  return Array.isArray(value) ? value.length > 0 : !!value?.trim();
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The asked questions whose answer is missing though required, or is not a date where one is asked. */
export function answerProblems(
  questions: QuestionDefinition[],
  draft: AnswerDraft,
  fileNames: Record<string, string[]>,
): { question: QuestionDefinition; problem: 'required' | 'date' }[] {
  const problems: { question: QuestionDefinition; problem: 'required' | 'date' }[] = [];
  for (const q of askedQuestions(questions, draft)) {
    if (!answered(q, draft, fileNames)) {
      if (q.required) problems.push({ question: q, problem: 'required' });
    } else if (q.type === 'date' && !DATE.test(String(draft[q.id]))) problems.push({ question: q, problem: 'date' });
  }
  return problems;
}

/**
 * The `answers` item's value: each asked and answered question with its wording and its
 * choices as the reporter read them, so the answers read the same after the questionnaire
 * changes (docs/reporter-protocol-extensions.md "Questionnaires").
 */
export function answersValue(questionnaire: QuestionnaireVersionView, draft: AnswerDraft, fileNames: Record<string, string[]>, language: string): AnswersValue {
  const optionText = (q: QuestionDefinition, id: string) => questionText(q.options.find((o) => o.id === id)?.label ?? {}, language).text || id;
  const answers: AnswerValue[] = askedQuestions(questionnaire.questions, draft)
    .filter((q) => answered(q, draft, fileNames))
    .map((q) => {
      const raw = draft[q.id];
      const value =
        q.type === 'file'
          ? [...fileNames[q.id]]
          : q.type === 'multiple-choice'
            ? (raw as string[]).map((id) => optionText(q, id))
            : q.type === 'single-choice'
              ? optionText(q, raw as string)
              : String(raw).trim();
      return { questionId: q.id, type: q.type, question: questionText(q.label, language).text, value };
    });
  return { questionnaireId: questionnaire.id, answers };
}

/** An answer as a person reads it: yes or no in the page's words, a date in the page's language, a list joined. */
export function answerText(answer: AnswerValue, words: { yes: string; no: string }, language: string): string {
  if (Array.isArray(answer.value)) return answer.value.join(', ');
  if (answer.type === 'yes-no') return answer.value === 'yes' ? words.yes : words.no;
  if (answer.type === 'date') {
    const day = new Date(`${answer.value}T00:00:00Z`);
    return Number.isNaN(day.getTime()) ? answer.value : new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(day);
  }
  return answer.value;
}
