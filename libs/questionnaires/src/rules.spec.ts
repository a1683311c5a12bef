import { DEFAULT_QUESTIONS } from '@kanava/staff';
import type { QuestionDto } from './dto/questionnaire.dto';
import { checkQuestions } from './rules';

describe('questionnaire rules', () => {
  it('take the demo questionnaire as it is: every rule holds for it', () => {
    expect(checkQuestions(DEFAULT_QUESTIONS as QuestionDto[])).toEqual(DEFAULT_QUESTIONS);
  });

  it('trim texts, leave out blank languages and give every question its empty help, choices and condition', () => {
    const [stored] = checkQuestions([{ id: 'a', type: 'short-text', required: false, label: { fi: '  Kysymys ', sv: ' ', en: '' } }]);
    expect(stored).toEqual({ id: 'a', type: 'short-text', required: false, label: { fi: 'Kysymys' }, help: {}, options: [], showIf: null });
  });

  it('name the question that breaks a rule, by position and id', () => {
    expect(() =>
      checkQuestions([
        { id: 'a', type: 'short-text', required: false, label: { en: 'A' } },
        { id: 'b', type: 'single-choice', required: false, label: { en: 'B' }, options: [{ id: 'x', label: { en: 'X' } }] },
      ]),
    ).toThrow(/^Question 2 \(b\): a single-choice question needs at least two choices\.$/);
  });
});
