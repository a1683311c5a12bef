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
}

/** One badge per deadline: done (with its date), due (with its date) or overdue (highlighted, and said in words, not by colour alone). */
export function DeadlineBadges(props: { c: Deadlines; now: number }) {
  const { t, language } = useI18n();
  const { c, now } = props;
  const badge = (key: string, dueAt: string | null, doneAt: string | null, closed: boolean) => {
    if (doneAt) return <Badge key={key} state="done" text={t(`due.${key}.done`, { date: formatDate(doneAt, language) })} />;
    if (!dueAt || closed) return null;
    const overdue = Date.parse(dueAt) < now;
    return (
      <Badge
        key={key}
        state={overdue ? 'overdue' : 'open'}
        text={t(overdue ? `due.${key}.overdue` : `due.${key}.open`, { date: formatDate(dueAt, language) })}
      />
    );
  };
  const closed = !!c.closedAt;
  return (
    <span className="deadlines">
      {badge('ack', c.acknowledgementDueAt, c.acknowledgedAt, closed)}
      {badge('feedback', c.feedbackDueAt, c.feedbackGivenAt ?? null, closed)}
      {c.subjectInformed && badge('subject', c.subjectInformed.dueAt, c.subjectInformed.informedAt ?? (c.subjectInformed.deferral ? c.closedAt : null), closed)}
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
