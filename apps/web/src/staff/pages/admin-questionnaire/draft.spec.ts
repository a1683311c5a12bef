import type { QuestionDefinition } from '@kanava/api-contract';
import { choiceRows, toDraft } from './draft';

const question: QuestionDefinition = {
  id: 'how',
  type: 'single-choice',
  required: true,
  label: { en: 'How do you know?' },
  help: {},
  options: [
    { id: 'saw', label: { en: 'I saw it', fi: 'Näin sen' } },
    { id: 'told', label: { en: 'I was told', fi: 'Minulle kerrottiin' } },
    { id: 'docs', label: { en: 'Documents', fi: 'Asiakirjoista' } },
  ],
  showIf: null,
};

describe('questionnaire editor choices', () => {
  it('keep their ids when a line above them is removed or they move', () => {
    const draft = toDraft(question);
    const removed = { ...draft, options: { ...draft.options, en: 'I saw it\nDocuments', fi: 'Näin sen\nAsiakirjoista' } };
    expect(choiceRows(removed).map((o) => o.id)).toEqual(['saw', 'docs']);
    const moved = { ...draft, options: { ...draft.options, en: 'Documents\nI saw it\nI was told', fi: 'Asiakirjoista\nNäin sen\nMinulle kerrottiin' } };
    expect(choiceRows(moved).map((o) => o.id)).toEqual(['docs', 'saw', 'told']);
  });

  it('give a new line a new id, never one a saved choice had', () => {
    const draft = toDraft(question);
    const added = { ...draft, options: { ...draft.options, en: 'I saw it\nRumour', fi: 'Näin sen\nHuhu' } };
    expect(choiceRows(added)).toEqual([
      { id: 'saw', label: { en: 'I saw it', fi: 'Näin sen' } },
      { id: 'o1', label: { en: 'Rumour', fi: 'Huhu' } },
    ]);
  });
});
