import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Questionnaire, type QuestionDefinition } from '@kanava/database';

const q = (question: Omit<QuestionDefinition, 'help' | 'options' | 'showIf'> & Partial<QuestionDefinition>): QuestionDefinition => ({
  help: {},
  options: [],
  showIf: null,
  ...question,
});

/**
 * The demo channel's questionnaire, after what the Whistleblower Act (1171/2022) and the
 * Directive ask a handler to establish: when and where, whether it goes on, how the
 * reporter knows, what evidence there is, and whether it was reported elsewhere. What
 * happened is the report's own text, and who is concerned the persons-concerned section
 * (under a key of its own), so the questionnaire does not ask them again.
 */
export const DEFAULT_QUESTIONS: QuestionDefinition[] = [
  q({
    id: 'when',
    type: 'short-text',
    required: false,
    label: { fi: 'Milloin se tapahtui?', sv: 'När hände det?', en: 'When did it happen?' },
    help: { fi: 'Likimääräinen aika riittää.', sv: 'En ungefärlig tid räcker.', en: 'An approximate time is fine.' },
  }),
  q({
    id: 'ongoing',
    type: 'yes-no',
    required: true,
    label: { fi: 'Jatkuuko se yhä?', sv: 'Pågår det fortfarande?', en: 'Is it still going on?' },
  }),
  q({
    id: 'where',
    type: 'short-text',
    required: false,
    label: { fi: 'Missä se tapahtui?', sv: 'Var hände det?', en: 'Where did it happen?' },
    help: {
      fi: 'Esimerkiksi yksikkö, toimipaikka tai järjestelmä.',
      sv: 'Till exempel enhet, arbetsplats eller system.',
      en: 'For example a unit, a site or a system.',
    },
  }),
  q({
    id: 'how',
    type: 'single-choice',
    required: true,
    label: { fi: 'Mistä tiedät asiasta?', sv: 'Hur vet du om det?', en: 'How do you know about it?' },
    options: [
      { id: 'saw', label: { fi: 'Näin sen itse', sv: 'Jag såg det själv', en: 'I saw it myself' } },
      { id: 'involved', label: { fi: 'Olin itse osallisena', sv: 'Jag var själv inblandad', en: 'I was involved' } },
      { id: 'told', label: { fi: 'Joku kertoi minulle', sv: 'Någon berättade det för mig', en: 'Someone told me' } },
      { id: 'documents', label: { fi: 'Asiakirjoista tai tiedoista', sv: 'Från dokument eller data', en: 'From documents or data' } },
      { id: 'other', label: { fi: 'Muuten', sv: 'På annat sätt', en: 'Another way' } },
    ],
  }),
  q({
    id: 'evidence',
    type: 'yes-no',
    required: false,
    label: {
      fi: 'Onko asiasta todisteita, kuten asiakirjoja tai viestejä?',
      sv: 'Finns det bevis, som dokument eller meddelanden?',
      en: 'Is there evidence, such as documents or messages?',
    },
  }),
  q({
    id: 'evidence-where',
    type: 'long-text',
    required: false,
    label: { fi: 'Mitä todisteita on ja missä ne ovat?', sv: 'Vilka bevis finns och var finns de?', en: 'What evidence is there, and where is it?' },
    help: { fi: 'Voit liittää tiedostoja alla.', sv: 'Du kan bifoga filer nedan.', en: 'You can add files below.' },
    showIf: { questionId: 'evidence', equals: 'yes' },
  }),
  q({
    id: 'reported-before',
    type: 'yes-no',
    required: false,
    label: {
      fi: 'Oletko ilmoittanut asiasta aiemmin muualle?',
      sv: 'Har du anmält det någon annanstans tidigare?',
      en: 'Have you reported this elsewhere before?',
    },
  }),
  q({
    id: 'reported-where',
    type: 'short-text',
    required: false,
    label: { fi: 'Minne ja milloin?', sv: 'Var och när?', en: 'Where and when?' },
    showIf: { questionId: 'reported-before', equals: 'yes' },
  }),
];

/** Gives a new channel the default questionnaire as its version 1 (the demo and the first-run set-up do). */
export async function addDefaultQuestionnaire(em: EntityManager, channelId: string): Promise<void> {
  await em.insert(Questionnaire, { id: randomUUID(), channelId, version: 1, questions: DEFAULT_QUESTIONS, createdBy: null, createdAt: new Date() });
}
