import type { QuestionDefinition, QuestionnaireVersionView } from '@kanava/api-contract';
import { useI18n } from '../../../shared/i18n';
import { AnswerDraft, askedQuestions, questionText } from '../../../shared/questionnaire';
import { fallbacksOf } from '../../channel-texts';
import { FallbackNote, OrgText } from '../../notices';
import { ChosenFile, FileChooser, type SetFiles } from './files';

/** Most characters of a short and a long text answer: 50 long answers, even at three bytes a character, stay well inside one item (512 KiB). */
const SHORT_MAX = 500;
const LONG_MAX = 2000;

interface Props {
  id: string;
  questionnaire: QuestionnaireVersionView;
  draft: AnswerDraft;
  onDraft: (draft: AnswerDraft) => void;
  files: Record<string, ChosenFile[]>;
  onFiles: (update: (files: Record<string, ChosenFile[]>) => Record<string, ChosenFile[]>) => void;
}

/**
 * The channel's own questions, after the report's text: each in the reporter's language
 * (else the language it was written in, said so below), a question with a condition only
 * once the answer it depends on is given. Answers are encrypted with the report.
 */
export function QuestionsSection(props: Props) {
  const { t, contentLanguage } = useI18n();
  const asked = askedQuestions(props.questionnaire.questions, props.draft);
  const texts = props.questionnaire.questions.flatMap((q) => [q.label, ...q.options.map((o) => o.label)]).map((x) => questionText(x, contentLanguage));
  const fallbacks = fallbacksOf(texts, contentLanguage);
  return (
    <fieldset className="questions">
      <legend>{t('questions.title')}</legend>
      <p className="hint">{t('questions.lead')}</p>
      <FallbackNote shown={fallbacks} />
      {asked.map((q) => (
        <Question key={q.id} {...props} question={q} content={contentLanguage} />
      ))}
    </fieldset>
  );
}

/** One question; `content` is the language its texts are picked in. */
function Question(props: Props & { question: QuestionDefinition; content: string }) {
  const { t, language: page } = useI18n();
  const { question: q, content } = props;
  // `__` cannot occur in a question or choice id: no two questions' or choices' element ids can meet.
  const id = `${props.id}__q__${q.id}`;
  const label = questionText(q.label, content);
  const help = questionText(q.help, content);
  const value = props.draft[q.id];
  const set = (v: string | string[]) => props.onDraft({ ...props.draft, [q.id]: v });
  const describedBy = help.text ? `${id}__help` : undefined;
  const caption = (
    <>
      <OrgText value={label} />
      {q.required && <span className="required"> {t('questions.required')}</span>}
    </>
  );
  const helpText = help.text && (
    <p className="hint" id={`${id}__help`}>
      <OrgText value={help} />
    </p>
  );

  if (q.type === 'single-choice' || q.type === 'multiple-choice' || q.type === 'yes-no') {
    const options =
      q.type === 'yes-no'
        ? [
            { id: 'yes', text: t('questions.yes'), language: page },
            { id: 'no', text: t('questions.no'), language: page },
          ]
        : q.options.map((o) => ({ id: o.id, ...questionText(o.label, content) }));
    const multiple = q.type === 'multiple-choice';
    const chosen = multiple ? ((value as string[] | undefined) ?? []) : value;
    return (
      // "(required)" in the legend says it to everyone; a radio group also carries it as `required`.
      <fieldset className="question" aria-describedby={describedBy}>
        <legend>{caption}</legend>
        {helpText}
        {options.map((o) => (
          <div key={o.id} className="choice">
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={`${id}__${o.id}`}
              name={id}
              value={o.id}
              required={!multiple && q.required}
              checked={multiple ? (chosen as string[]).includes(o.id) : chosen === o.id}
              onChange={(e) =>
                multiple ? set(e.target.checked ? [...(chosen as string[]), o.id] : (chosen as string[]).filter((c) => c !== o.id)) : set(o.id)
              }
            />
            <label htmlFor={`${id}__${o.id}`}>
              <OrgText value={o} />
            </label>
          </div>
        ))}
      </fieldset>
    );
  }

  if (q.type === 'file') {
    const files = props.files[q.id] ?? [];
    // Updaters, not copies: two questions' files read at once must not overwrite each other.
    const setFiles: SetFiles = (update) => props.onFiles((all) => ({ ...all, [q.id]: update(all[q.id] ?? []) }));
    return (
      <fieldset className="question" aria-describedby={describedBy}>
        <legend>{caption}</legend>
        {helpText}
        <FileChooser id={id} setFiles={setFiles} label={t('questions.addFiles', { question: label.text })} />
        {files.length > 0 && (
          <ul className="files">
            {files.map((f, i) => (
              <li key={i}>
                {f.name}{' '}
                <button type="button" onClick={() => setFiles((now) => now.filter((_, j) => j !== i))}>
                  {t('files.remove', { name: f.name })}
                </button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
    );
  }

  const common = {
    id,
    value: (value as string | undefined) ?? '',
    'aria-describedby': describedBy,
    'aria-required': q.required || undefined,
    onChange: (e: { target: { value: string } }) => set(e.target.value),
  };
  return (
    <div className="field question">
      <label htmlFor={id}>{caption}</label>
      {helpText}
      {q.type === 'long-text' ? (
        <textarea {...common} rows={5} maxLength={LONG_MAX} />
      ) : q.type === 'date' ? (
        <input {...common} type="date" />
      ) : (
        <input {...common} maxLength={SHORT_MAX} autoComplete="off" />
      )}
    </div>
  );
}
