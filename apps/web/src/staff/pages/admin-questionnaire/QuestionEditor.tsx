import { useI18n } from '../../../shared/i18n';
import { textLanguageName } from '../../text-languages';
import { conditionValues, isChoice, QUESTION_TYPES, QuestionDraft } from './draft';

interface Props {
  index: number;
  question: QuestionDraft;
  earlier: QuestionDraft[];
  last: boolean;
  onChange: (q: QuestionDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** One question in the editor: its type, its text and help per language, its choices, whether it is required, and when it is asked. */
export function QuestionEditor(props: Props) {
  const { t, language } = useI18n();
  const { question: q, index } = props;
  // The draft has a text for each of the organisation's languages, in order (see draft.ts).
  const languages = Object.keys(q.label);
  const languageName = (l: string) => textLanguageName(t, language, l);
  const id = `question-${q.id}`;
  const set = (change: Partial<QuestionDraft>) => props.onChange({ ...q, ...change });
  const title = t('admin.questionnaire.question', { n: index + 1 });
  // A condition may wait for an earlier yes-no or single-choice question.
  const conditionable = props.earlier.filter((e) => conditionValues(e, language) !== null);
  const on = props.earlier.find((e) => e.id === q.showIf?.questionId);
  const values = on ? (conditionValues(on, language) ?? []) : [];
  const earlierName = (e: QuestionDraft) => e.label[language]?.trim() || Object.values(e.label).find((x) => x.trim()) || e.id;

  return (
    <fieldset className="question-editor" data-question-id={q.id}>
      <legend>{title}</legend>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('admin.questionnaire.type')}</label>
        <select id={`${id}-type`} value={q.type} onChange={(e) => set({ type: e.target.value as QuestionDraft['type'] })}>
          {QUESTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`admin.questionnaire.types.${type}`)}
            </option>
          ))}
        </select>
      </div>
      {languages.map((l) => (
        <div className="field" key={l}>
          <label htmlFor={`${id}-label-${l}`}>{t('admin.questionnaire.text', { language: languageName(l) })}</label>
          <input id={`${id}-label-${l}`} lang={l} maxLength={1000} value={q.label[l]} onChange={(e) => set({ label: { ...q.label, [l]: e.target.value } })} />
        </div>
      ))}
      <details>
        <summary>{t('admin.questionnaire.help')}</summary>
        {languages.map((l) => (
          <div className="field" key={l}>
            <label htmlFor={`${id}-help-${l}`}>{t('admin.questionnaire.helpIn', { language: languageName(l) })}</label>
            <textarea
              id={`${id}-help-${l}`}
              lang={l}
              rows={2}
              maxLength={1000}
              value={q.help[l]}
              onChange={(e) => set({ help: { ...q.help, [l]: e.target.value } })}
            />
          </div>
        ))}
      </details>
      {isChoice(q.type) && (
        <>
          <p className="hint">{t('admin.questionnaire.choicesHint')}</p>
          {languages.map((l) => (
            <div className="field" key={l}>
              <label htmlFor={`${id}-options-${l}`}>{t('admin.questionnaire.choices', { language: languageName(l) })}</label>
              <textarea
                id={`${id}-options-${l}`}
                lang={l}
                rows={4}
                value={q.options[l] ?? ''}
                onChange={(e) => set({ options: { ...q.options, [l]: e.target.value } })}
              />
            </div>
          ))}
        </>
      )}
      <div className="choice">
        <input id={`${id}-required`} type="checkbox" checked={q.required} onChange={(e) => set({ required: e.target.checked })} />
        <label htmlFor={`${id}-required`}>{t('admin.questionnaire.required')}</label>
      </div>
      {conditionable.length > 0 && (
        <div className="inline-form">
          <div className="field">
            <label htmlFor={`${id}-when`}>{t('admin.questionnaire.askWhen')}</label>
            <select
              id={`${id}-when`}
              value={q.showIf?.questionId ?? ''}
              onChange={(e) => {
                const target = conditionable.find((c) => c.id === e.target.value);
                set({ showIf: target ? { questionId: target.id, equals: conditionValues(target, language)?.[0]?.value ?? '' } : null });
              }}
            >
              <option value="">{t('admin.questionnaire.always')}</option>
              {conditionable.map((c) => (
                <option key={c.id} value={c.id}>
                  {earlierName(c)}
                </option>
              ))}
            </select>
          </div>
          {on && (
            <div className="field">
              <label htmlFor={`${id}-equals`}>{t('admin.questionnaire.answerIs')}</label>
              <select id={`${id}-equals`} value={q.showIf?.equals ?? ''} onChange={(e) => set({ showIf: { questionId: on.id, equals: e.target.value } })}>
                {values.map((v) => (
                  <option key={v.value} value={v.value}>
                    {v.value === 'yes' && on.type === 'yes-no' ? t('answers.yes') : v.value === 'no' && on.type === 'yes-no' ? t('answers.no') : v.label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      )}
      <div className="actions">
        <button type="button" disabled={index === 0} onClick={() => props.onMove(-1)}>
          {t('admin.questionnaire.up', { n: index + 1 })}
        </button>
        <button type="button" disabled={props.last} onClick={() => props.onMove(1)}>
          {t('admin.questionnaire.down', { n: index + 1 })}
        </button>
        <button type="button" onClick={props.onRemove}>
          {t('admin.questionnaire.remove', { n: index + 1 })}
        </button>
      </div>
    </fieldset>
  );
}
