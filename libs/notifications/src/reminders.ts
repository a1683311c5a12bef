import type { DataSource } from 'typeorm';
import type { Clock, KanavaConfig, MailService } from '@kanava/common';
import type { ReminderKind, ReminderStage } from '@kanava/database';
import { byRecipient, caseHandlers } from './recipients';

const DAY_MS = 86_400_000;

/** What each deadline asks of the handler, in words that name no content. */
const WHAT: Record<ReminderKind, string> = {
  acknowledgement: 'acknowledging receipt to the reporter (7 days from receipt)',
  feedback: 'giving the reporter feedback (3 months)',
  subject_informed: 'informing the persons concerned, or recording why not (GDPR Art. 14, one month)',
  hold_review: 'reviewing a legal hold',
  closure_follow_up: 'following up with the reporter after closure (protection from retaliation)',
};

/** Deadlines the Act sets only for reports whose reporter is known (R8, FI 17 §): an anonymous case's still show, marked. */
const NOT_REQUIRED_WHEN_ANONYMOUS: ReminderKind[] = ['acknowledgement', 'feedback'];

interface Reminder {
  case_id: string;
  kind: ReminderKind;
  stage: ReminderStage;
}

/**
 * Reminds each case's handlers of open deadlines: once when the deadline is
 * `reminderLeadDays` away, once when it has come (only the latter when the first
 * was missed). Each reminder is recorded in deadline_reminders before it is
 * mailed, in one transaction: a second worker's insert finds the row and sends
 * nothing; a mail failure rolls the records back and the next run tries again.
 * Mails name the channel and link to the case: no content, no reporter data.
 * Returns the number of mails sent; none (and nothing recorded) without SMTP.
 */
export async function sendDeadlineReminders(db: DataSource, mail: MailService, clock: Clock, config: KanavaConfig): Promise<number> {
  if (!mail.enabled) return 0;
  const now = clock.now();
  const horizon = new Date(now.getTime() + config.reminderLeadDays * DAY_MS);
  return db.transaction(async (em) => {
    const due = (await em.query(
      `WITH candidates AS (
         SELECT id AS case_id, 'acknowledgement' AS kind, acknowledgement_due_at AS due_at FROM cases
          WHERE acknowledged_at IS NULL AND closed_at IS NULL AND acknowledgement_due_at <= $2
         UNION ALL
         SELECT id, 'feedback', feedback_due_at FROM cases
          WHERE feedback_given_at IS NULL AND closed_at IS NULL AND feedback_due_at <= $2
         UNION ALL
         SELECT id, 'subject_informed', subject_informed_due_at FROM cases
          WHERE subject_informed_at IS NULL AND subject_informed_deferral IS NULL AND subject_informed_due_at <= $2
         UNION ALL
         SELECT case_id, 'hold_review', min(review_at) FROM legal_holds
          WHERE released_at IS NULL AND review_at <= $2 GROUP BY case_id
         UNION ALL
         SELECT id, 'closure_follow_up', follow_up_at FROM cases
          WHERE follow_up_done_at IS NULL AND follow_up_at <= $2)
       INSERT INTO deadline_reminders (case_id, kind, stage, due_at, sent_at)
       SELECT case_id, kind, CASE WHEN due_at <= $1 THEN 'due' ELSE 'before' END, due_at, $1 FROM candidates
       ON CONFLICT DO NOTHING
       RETURNING case_id, kind, stage`,
      [now, horizon],
    )) as Reminder[];
    if (due.length === 0) return 0;
    const caseIds = [...new Set(due.map((r) => r.case_id))];
    const recipients = await caseHandlers(em, caseIds, now);
    // No identity given (or it was removed): the reporter is anonymous to the organisation.
    const anonymous = new Set(
      ((await em.query('SELECT id FROM cases WHERE id = ANY($1) AND identity_key_id IS NULL', [caseIds])) as { id: string }[]).map((r) => r.id),
    );
    const what = (caseId: string, kind: ReminderKind) =>
      anonymous.has(caseId) && NOT_REQUIRED_WHEN_ANONYMOUS.includes(kind) ? `${WHAT[kind]} (not legally required for an anonymous report)` : WHAT[kind];
    const remindersOf = new Map<string, Reminder[]>();
    for (const r of due) remindersOf.set(r.case_id, [...(remindersOf.get(r.case_id) ?? []), r]);
    let sent = 0;
    for (const [email, cases] of byRecipient(recipients)) {
      const lines = cases.flatMap((c) =>
        remindersOf
          .get(c.caseId)!
          .map(
            (r) =>
              `- A case in channel "${c.channelName}" needs attention: ${what(c.caseId, r.kind)} is ${r.stage === 'due' ? 'due now' : 'due soon'}.\n  ${caseLink(config, c.caseId)}`,
          ),
      );
      await mail.send({
        to: email,
        subject: 'Kanava: cases need your attention',
        text: `${lines.join('\n')}\n\nSign in to Kanava to see the cases. This mail holds no case content.\n`,
      });
      sent++;
    }
    return sent;
  });
}

export function caseLink(config: KanavaConfig, caseId: string): string {
  return `${config.publicUrl}/staff/cases/${caseId}`;
}
