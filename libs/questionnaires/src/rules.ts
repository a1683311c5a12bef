import { BadRequestError } from '@kanava/common';
import { TEXT_LANGUAGES, type QuestionDefinition, type QuestionTexts } from '@kanava/database';
import type { QuestionDto, QuestionTextsDto } from './dto/questionnaire.dto';
import { QuestionnaireErrorCode } from './errors';

const CHOICE_TYPES: readonly QuestionDefinition['type'][] = ['single-choice', 'multiple-choice'];

/** The texts with blank languages left out and the rest trimmed; a language given twice is refused. */
function texts(dto: QuestionTextsDto | undefined, at: string): QuestionTexts {
  const out: QuestionTexts = {};
  for (const language of TEXT_LANGUAGES) {
    const text = dto?.[language]?.trim();
    if (text) out[language] = text;
  }
  const seen = new Set<string>();
  for (const { language, text } of dto?.others ?? []) {
    if (seen.has(language) || (TEXT_LANGUAGES as readonly string[]).includes(language))
      throw refuse(QuestionnaireErrorCode.DuplicateLanguage, `${at}: the language ${language} is given more than once.`);
    seen.add(language);
    if (text.trim()) out[language] = text.trim();
  }
  return out;
}

/**
 * Whether a text exists in one of the portal's own languages. A question or choice only in
 * an added language would have no name for every other reporter, so one of fi, sv, en is
 * required; the added languages come on top.
 */
function inPortalLanguage(texts: QuestionTexts): boolean {
  return TEXT_LANGUAGES.some((l) => texts[l]);
}

/** Every language the stored questions have a text in, for the organisation's language check. */
export function languagesOf(questions: QuestionDefinition[]): Set<string> {
  const all = new Set<string>();
  for (const q of questions) for (const t of [q.label, q.help, ...q.options.map((o) => o.label)]) for (const l of Object.keys(t)) all.add(l);
  return all;
}

const refuse = (code: QuestionnaireErrorCode, message: string) => new BadRequestError(code, message);

/**
 * The questions as stored, or the first rule they break: unique ids, a label in at least
 * one language, choices exactly for the choice types (at least two, unique ids), and a
 * condition only on an earlier yes-no or single-choice question, naming one of its answers
 * (so the portal can decide what to show from the answers above, in one pass).
 */
export function checkQuestions(questions: QuestionDto[]): QuestionDefinition[] {
  const earlier = new Map<string, QuestionDefinition>();
  return questions.map((q, index) => {
    const at = `Question ${index + 1} (${q.id})`;
    if (earlier.has(q.id)) throw refuse(QuestionnaireErrorCode.DuplicateQuestionId, `${at}: another question has the id ${q.id}.`);
    const label = texts(q.label, at);
    if (!inPortalLanguage(label))
      throw refuse(QuestionnaireErrorCode.LabelRequired, `${at}: give the question's text in Finnish, Swedish or English (at least one).`);
    const isChoice = CHOICE_TYPES.includes(q.type);
    const options = (q.options ?? []).map((o, i) => {
      const optionLabel = texts(o.label, `${at}, choice ${i + 1}`);
      if (!inPortalLanguage(optionLabel))
        throw refuse(QuestionnaireErrorCode.LabelRequired, `${at}, choice ${i + 1}: give its text in Finnish, Swedish or English (at least one).`);
      return { id: o.id, label: optionLabel };
    });
    if (isChoice && options.length < 2) throw refuse(QuestionnaireErrorCode.OptionsRequired, `${at}: a ${q.type} question needs at least two choices.`);
    if (!isChoice && options.length > 0) throw refuse(QuestionnaireErrorCode.OptionsNotAllowed, `${at}: only a choice question has choices.`);
    if (new Set(options.map((o) => o.id)).size !== options.length)
      throw refuse(QuestionnaireErrorCode.DuplicateOptionId, `${at}: two choices have the same id.`);

    let showIf: QuestionDefinition['showIf'] = null;
    if (q.showIf) {
      const on = earlier.get(q.showIf.questionId);
      if (!on) throw refuse(QuestionnaireErrorCode.ConditionUnknownQuestion, `${at}: the condition names no earlier question ${q.showIf.questionId}.`);
      if (on.type !== 'yes-no' && on.type !== 'single-choice')
        throw refuse(QuestionnaireErrorCode.ConditionNotChoice, `${at}: a condition depends on a yes-no or single-choice question.`);
      const values = on.type === 'yes-no' ? ['yes', 'no'] : on.options.map((o) => o.id);
      if (!values.includes(q.showIf.equals))
        throw refuse(QuestionnaireErrorCode.ConditionUnknownValue, `${at}: ${q.showIf.equals} is not an answer of ${on.id} (${values.join(', ')}).`);
      showIf = { questionId: on.id, equals: q.showIf.equals };
    }
    const question: QuestionDefinition = { id: q.id, type: q.type, required: q.required, label, help: texts(q.help, at), options, showIf };
    earlier.set(q.id, question);
    return question;
  });
}
