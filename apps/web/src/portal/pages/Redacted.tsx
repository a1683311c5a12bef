import { useI18n } from '../../shared/i18n';
import type { Redaction } from '../reporter-client';

/**
 * Something a handler redacted, as the reporter sees it: who and when, and the
 * handler's version set apart and marked as theirs, never as the reporter's words.
 * `fields` are the text fields of the redacted kind to show, in order.
 */
export function Redacted(props: { redaction: Redaction; fields: string[]; testId?: string }) {
  const { t, language } = useI18n();
  const { redaction } = props;
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(redaction.at));
  const text = redaction.replacement && props.fields.map((f) => redaction.replacement![f] ?? '').filter(Boolean);
  return (
    <div className="redacted" data-testid={props.testId}>
      <p className="badge">{t('redaction.by', { date })}</p>
      {redaction.verified ? (
        <p className="badge signed">
          <span aria-hidden="true">✓ </span>
          {t('case.signed')}
        </p>
      ) : (
        <p className="badge unverified">
          <span aria-hidden="true">! </span>
          {t('redaction.unverified')}
        </p>
      )}
      {text ? (
        <blockquote>
          <p className="meta">{t('redaction.version')}</p>
          {text.map((line, i) => (
            <p key={i} className="pre">
              {line}
            </p>
          ))}
        </blockquote>
      ) : (
        <p>{t('redaction.unreadable')}</p>
      )}
    </div>
  );
}
