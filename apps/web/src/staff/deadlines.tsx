import { useI18n } from '../shared/i18n';
import { formatDate } from './layout';

/** The deadlines a case carries (R6 acknowledgement, R7 feedback, R33 persons concerned informed). */
export interface Deadlines {
  acknowledgementDueAt: string;
  acknowledgedAt: string | null;
  feedbackDueAt: string;
  closedAt: string | null;
  feedbackGivenAt?: string | null;
  subjectInformed?: { dueAt: string | null; informedAt: string | null; deferral: string | null; overdue: boolean };
  /** No identity given: acknowledgement and feedback still show, marked as not legally required (R8). */
  anonymous?: boolean;
  /** The follow-up after closure (R40): top level in the inbox, under `closure` in the case view. */
  followUpAt?: string | null;
  followUpDoneAt?: string | null;
  closure?: { followUpAt: string | null; followUpDoneAt: string | null } | null;
}

/**
 * One badge per deadline: done (with its date), due (with its date) or overdue
 * (highlighted, and said in words, not by colour alone). An anonymous report's
 * acknowledgement and feedback say that the Act does not require them (R8); a
 * closed case shows its follow-up with the reporter (R40).
 */
export function DeadlineBadges(props: { c: Deadlines; now: number }) {
  const { t, language } = useI18n();
  const { c, now } = props;
  const badge = (key: string, dueAt: string | null, doneAt: string | null, closed: boolean, notRequired = false) => {
    if (doneAt) return <Badge key={key} state="done" text={t(`due.${key}.done`, { date: formatDate(doneAt, language) })} />;
    if (!dueAt || closed) return null;
    const overdue = Date.parse(dueAt) < now;
    const text = t(overdue ? `due.${key}.overdue` : `due.${key}.open`, { date: formatDate(dueAt, language) });
    return <Badge key={key} state={overdue ? 'overdue' : 'open'} text={notRequired ? `${text} (${t('due.notRequired')})` : text} />;
  };
  const closed = !!c.closedAt;
  const followUpAt = c.followUpAt ?? c.closure?.followUpAt ?? null;
  const followUpDoneAt = c.followUpDoneAt ?? c.closure?.followUpDoneAt ?? null;
  return (
    <span className="deadlines">
      {badge('ack', c.acknowledgementDueAt, c.acknowledgedAt, closed, !!c.anonymous)}
      {badge('feedback', c.feedbackDueAt, c.feedbackGivenAt ?? null, closed, !!c.anonymous)}
      {c.subjectInformed && badge('subject', c.subjectInformed.dueAt, c.subjectInformed.informedAt ?? (c.subjectInformed.deferral ? c.closedAt : null), closed)}
      {closed && followUpAt && badge('followUp', followUpAt, followUpDoneAt, false)}
    </span>
  );
}

function Badge(props: { state: 'done' | 'open' | 'overdue'; text: string }) {
  return (
    <span className={`due ${props.state === 'open' ? '' : props.state}`.trim()} data-testid={`due-${props.state}`}>
      {props.text}
    </span>
  );
}
