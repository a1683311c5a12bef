import type { QuestionDefinition, QuestionnaireVersionView } from '@kanava/api-contract';
import { answerProblems, answersValue, askedQuestions, questionText } from './questionnaire';

const q = (id: string, type: QuestionDefinition['type'], extra: Partial<QuestionDefinition> = {}): QuestionDefinition => ({
  id,
  type,
  required: false,
  label: { en: `${id}?`, fi: `${id}-fi?` },
  help: {},
  options: [],
  showIf: null,
  ...extra,
});

const QUESTIONS: QuestionDefinition[] = [
  q('ongoing', 'yes-no', { required: true }),
  q('since', 'date', { required: true, showIf: { questionId: 'ongoing', equals: 'yes' } }),
  q('still', 'short-text', { showIf: { questionId: 'since', equals: 'x' } }),
  q('how', 'multiple-choice', {
    options: [
      { id: 'saw', label: { en: 'I saw it', fi: 'Näin sen' } },
      { id: 'docs', label: { en: 'Documents' } },
    ],
  }),
  q('evidence', 'file', { required: true }),
];
const VERSION: QuestionnaireVersionView = {
  id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  version: 1,
  questions: QUESTIONS,
  createdAt: '2026-12-01T00:00:00.000Z',
};

describe('questionnaire answers in the portal', () => {
  it('asks a conditional question only when the question it depends on is asked and has that answer', () => {
    expect(askedQuestions(QUESTIONS, {}).map((x) => x.id)).toEqual(['ongoing', 'how', 'evidence']);
    expect(askedQuestions(QUESTIONS, { ongoing: 'yes' }).map((x) => x.id)).toEqual(['ongoing', 'since', 'how', 'evidence']);
    // "still" depends on "since", which is hidden again when "ongoing" turns to no.
    expect(askedQuestions(QUESTIONS, { ongoing: 'no', since: 'x' }).map((x) => x.id)).toEqual(['ongoing', 'how', 'evidence']);
  });

  it('names the required questions left open and a date that is not one, among the asked questions only', () => {
    const problems = (draft: Record<string, string | string[]>, files: Record<string, string[]> = {}) =>
      answerProblems(QUESTIONS, draft, files).map((p) => [p.question.id, p.problem]);
    expect(problems({})).toEqual([
      ['ongoing', 'required'],
      ['evidence', 'required'],
    ]);
    expect(problems({ ongoing: 'yes', since: '1.3.2026' }, { evidence: ['a.pdf'] })).toEqual([['since', 'date']]);
    expect(problems({ ongoing: 'no', since: '' }, { evidence: ['a.pdf'] })).toEqual([]);
  });

  it('sends the wording and the choices as the reporter read them, and nothing of the hidden questions', () => {
    const value = answersValue(VERSION, { ongoing: 'no', since: '2026-01-01', how: ['saw', 'docs'] }, { evidence: ['scan.pdf'] }, 'fi');
    expect(value).toEqual({
      questionnaireId: VERSION.id,
      answers: [
        { questionId: 'ongoing', type: 'yes-no', question: 'ongoing-fi?', value: 'no' },
        { questionId: 'how', type: 'multiple-choice', question: 'how-fi?', value: ['Näin sen', 'Documents'] },
        { questionId: 'evidence', type: 'file', question: 'evidence-fi?', value: ['scan.pdf'] },
      ],
    });
  });

  it('reads a question in a language the organisation added, else in English, Finnish, Swedish', () => {
    expect(questionText({ fi: 'Milloin?', en: 'When?', et: 'Millal?' }, 'et')).toEqual({ text: 'Millal?', language: 'et' });
    expect(questionText({ fi: 'Milloin?', en: 'When?' }, 'et')).toEqual({ text: 'When?', language: 'en' });
    expect(questionText({ sv: 'När?', fi: 'Milloin?' }, 'et')).toEqual({ text: 'Milloin?', language: 'fi' });
    // For a UI language, an added language's text comes only when no UI language has one
    // (the server refuses such a question now; a saved version may still have one).
    expect(questionText({ et: 'Millal?', sv: 'När?' }, 'fi')).toEqual({ text: 'När?', language: 'sv' });
    expect(questionText({ et: 'Millal?' }, 'en')).toEqual({ text: 'Millal?', language: 'et' });
    expect(questionText({}, 'en')).toEqual({ text: '', language: 'en' });
  });

  it('sends the wording in the added language the reporter read it in, with choices missing in it in English', () => {
    const questions = [
      q('how', 'single-choice', {
        label: { en: 'How?', et: 'Kuidas?' },
        options: [
          { id: 'saw', label: { en: 'I saw it', et: 'Nägin' } },
          { id: 'docs', label: { en: 'Documents', fi: 'Asiakirjat' } },
        ],
      }),
    ];
    expect(answersValue({ ...VERSION, questions }, { how: 'docs' }, {}, 'et').answers).toEqual([
      { questionId: 'how', type: 'single-choice', question: 'Kuidas?', value: 'Documents' },
    ]);
  });
});
