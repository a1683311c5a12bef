import { useI18n } from '../../shared/i18n';
import { answerText } from '../../shared/questionnaire';
import { answersOf } from '../answers';
import type { OpenedCase, OpenedItem } from '../case-client';

/**
 * The reporter's answers to the channel's questionnaire, as a form reads: each question
 * in the words the reporter read, then the answer. The version is the server's record of
 * which questionnaire was asked; the wording comes from the signed answers themselves.
 */
export function Answers(props: { opened: OpenedCase; item: OpenedItem | undefined }) {
  const { t, language } = useI18n();
  const { questionnaire } = props.opened.view;
  if (!questionnaire && !props.item) return null;
  const answers = answersOf(props.item);
  return (
    <section className="panel" aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t('answers.title')}</h2>
      {questionnaire && <p className="hint">{t('answers.version', { version: questionnaire.version })}</p>}
      {answers === null ? (
        <p className="error-text">{t('case.unreadable')}</p>
      ) : answers.length === 0 ? (
        <p>{t('answers.none')}</p>
      ) : (
        <dl className="answers" data-testid="answers">
          {answers.map((a) => (
            <div key={a.questionId}>
              <dt>{a.question}</dt>
              <dd className="pre">{answerText(a, { yes: t('answers.yes'), no: t('answers.no') }, language)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
