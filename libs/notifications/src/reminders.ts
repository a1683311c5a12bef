import type { DataSource, EntityManager } from 'typeorm';
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
    const accessSent = (await remindSubjectAccess(em, mail, config, now, horizon)) + (await remindMeetings(em, mail, config, now));
    if (due.length === 0) return accessSent;
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
    let sent = accessSent;
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

/**
 * Reminds the handler who offered the times of a meeting or call the reporter agreed to
 * (R1), once, in the day before it. The mail names the channel and the time, and no one.
 */
async function remindMeetings(em: EntityManager, mail: MailService, config: KanavaConfig, now: Date): Promise<number> {
  const due = (await em.query(
    `UPDATE meetings m SET reminded_at = $1
      FROM staff_users u, cases c, channels ch
     WHERE m.reminded_at IS NULL AND m.agreed_at > $1 AND m.agreed_at <= $2
       AND u.id = m.offered_by_user_id AND u.active AND c.id = m.case_id AND ch.id = c.channel_id
     RETURNING m.case_id, m.kind, m.agreed_at, u.email, ch.name AS channel_name`,
    [now, new Date(now.getTime() + DAY_MS)],
  )) as [{ case_id: string; kind: string; agreed_at: Date; email: string; channel_name: string }[], number];
  const byEmail = byRecipient(due[0]);
  for (const [email, mine] of byEmail) {
    const lines = mine.map(
      (r) =>
        `- A ${r.kind === 'call' ? 'call' : 'meeting in person'} with the reporter of a case in channel "${r.channel_name}" is agreed for ${new Date(r.agreed_at).toISOString().slice(0, 16).replace('T', ' ')} UTC.\n  ${caseLink(config, r.case_id)}`,
    );
    await mail.send({
      to: email,
      subject: 'Kanava: a meeting with a reporter is coming up',
      text: `${lines.join('\n')}\n\nSign in to Kanava to see the case. This mail holds no case content.\n`,
    });
  }
  return byEmail.size;
}

/**
 * Reminds the handler who registered a data subject access request (R31) of its
 * deadline (a month, or three when extended), before and when it comes, once each,
 * as for cases. The mail names no one: the request has no name on the server.
 */
async function remindSubjectAccess(em: EntityManager, mail: MailService, config: KanavaConfig, now: Date, horizon: Date): Promise<number> {
  const due = (await em.query(
    `WITH candidates AS (
       SELECT id, due_at FROM subject_access_requests WHERE answered_at IS NULL AND due_at <= $2)
     INSERT INTO subject_access_reminders (request_id, stage, due_at, sent_at)
     SELECT id, CASE WHEN due_at <= $1 THEN 'due' ELSE 'before' END, due_at, $1 FROM candidates
     ON CONFLICT DO NOTHING
     RETURNING request_id, stage`,
    [now, horizon],
  )) as { request_id: string; stage: ReminderStage }[];
  if (due.length === 0) return 0;
  const to = (await em.query(
    `SELECT r.id, u.email FROM subject_access_requests r JOIN staff_users u ON u.id = r.registered_by_user_id WHERE r.id = ANY($1) AND u.active`,
    [due.map((d) => d.request_id)],
  )) as { id: string; email: string }[];
  const byEmail = new Map<string, string[]>();
  for (const d of due) {
    const email = to.find((r) => r.id === d.request_id)?.email;
    if (!email) continue;
    const line = `- A data subject access request is ${d.stage === 'due' ? 'due now' : 'due soon'}: answer it within the deadline (GDPR Art. 12(3)).\n  ${config.publicUrl}/staff/subject-access/${d.request_id}`;
    byEmail.set(email, [...(byEmail.get(email) ?? []), line]);
  }
  for (const [email, lines] of byEmail) {
    await mail.send({
      to: email,
      subject: 'Kanava: a subject access request needs your answer',
      text: `${lines.join('\n')}\n\nSign in to Kanava to see the request. This mail holds no personal data.\n`,
    });
  }
  return byEmail.size;
}

export function caseLink(config: KanavaConfig, caseId: string): string {
  return `${config.publicUrl}/staff/cases/${caseId}`;
}
