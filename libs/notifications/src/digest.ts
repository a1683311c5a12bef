import type { DataSource } from 'typeorm';
import type { Clock, KanavaConfig, MailService } from '@kanava/common';
import { byRecipient, caseHandlers } from './recipients';

const WATERMARK = 'activity-digest';

interface Activity {
  case_id: string;
  reports: number;
  messages: number;
}

/**
 * Tells handlers about new reports and new reporter messages or files, batched:
 * the digest covers activity up to the last multiple of `digestMinutes` and goes
 * out after it, so a mail's time says only in which period a reporter was active.
 * One mail per handler per period, naming channels and counts, linking to the
 * inbox. The watermark row is locked for the run, so with several workers each
 * period is mailed once; a mail failure rolls back and the next run retries.
 * Returns the number of mails sent; none (and the watermark kept) without SMTP.
 */
export async function sendActivityDigest(db: DataSource, mail: MailService, clock: Clock, config: KanavaConfig): Promise<number> {
  if (!mail.enabled) return 0;
  const now = clock.now();
  const period = config.digestMinutes * 60_000;
  const until = new Date(Math.floor(now.getTime() / period) * period);
  return db.transaction(async (em) => {
    await em.query('INSERT INTO notification_watermarks (name, until) VALUES ($1, $2) ON CONFLICT DO NOTHING', [WATERMARK, new Date(until.getTime() - period)]);
    const [{ until: from }] = (await em.query('SELECT until FROM notification_watermarks WHERE name = $1 FOR UPDATE', [WATERMARK])) as { until: Date }[];
    if (from >= until) return 0;
    const activity = (await em.query(
      `SELECT case_id, sum(reports)::int AS reports, sum(messages)::int AS messages FROM (
         SELECT id AS case_id, 1 AS reports, 0 AS messages FROM cases WHERE received_at > $1 AND received_at <= $2
         UNION ALL
         SELECT case_id, 0, 1 FROM case_items
          WHERE author_kind = 'reporter' AND kind IN ('message-reporter', 'identity') AND created_at > $1 AND created_at <= $2
            AND case_id IN (SELECT id FROM cases WHERE received_at <= $1)
         UNION ALL
         SELECT case_id, 0, 1 FROM attachments
          WHERE author_kind = 'reporter' AND complete AND completed_at > $1 AND completed_at <= $2) a
       GROUP BY case_id`,
      [from, until],
    )) as Activity[];
    await em.query('UPDATE notification_watermarks SET until = $2 WHERE name = $1', [WATERMARK, until]);
    const byCase = new Map(activity.map((a) => [a.case_id, a]));
    let sent = 0;
    for (const [email, cases] of byRecipient(await caseHandlers(em, [...byCase.keys()], now))) {
      const perChannel = new Map<string, { reports: number; messages: number }>();
      for (const c of cases) {
        const total = perChannel.get(c.channelName) ?? { reports: 0, messages: 0 };
        total.reports += byCase.get(c.caseId)!.reports;
        total.messages += byCase.get(c.caseId)!.messages;
        perChannel.set(c.channelName, total);
      }
      const lines = [...perChannel].map(
        ([channel, n]) =>
          `- Channel "${channel}": ${count(n.reports, 'new report', 'new reports')}, ${count(n.messages, 'new message or file', 'new messages or files')} from reporters.`,
      );
      await mail.send({
        to: email,
        subject: 'Kanava: new activity in your channels',
        text: `${lines.join('\n')}\n\n${config.publicUrl}/staff/cases\n\nSign in to Kanava to read them. This mail holds no case content.\n`,
      });
      sent++;
    }
    return sent;
  });
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
