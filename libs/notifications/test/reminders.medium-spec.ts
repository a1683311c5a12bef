/**
 * Deadline reminders against a real database and a real SMTP sink: who is told, when,
 * once per stage, and in words that name no content. The console journeys are in
 * test/notifications.e2e-spec.ts.
 */
import { MailService } from '@kanava/common';
import { sendDeadlineReminders } from '@kanava/notifications';
import { insertCase, insertGrant, MediumBench, openMediumBench, seedChannel, seedHandler, SeededChannel } from '../../../test/helpers/medium';
import { startSmtpSink } from '../../../test/helpers/smtp-sink';

const DAY_MS = 86_400_000;

/** A mail's text with quoted-printable soft breaks undone and each case's link on its line. */
const plain = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/\r?\n {2}/g, ' ');

describe('sendDeadlineReminders (medium)', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let bench: MediumBench;
  let mail: MailService;
  let channel: SeededChannel;
  let granted: string;
  let excluded: string;
  const grantedEmail = 'granted@medium.kanava.test';
  const excludedEmail = 'excluded@medium.kanava.test';
  const ungrantedEmail = 'ungranted@medium.kanava.test';

  beforeAll(async () => {
    sink = await startSmtpSink();
    bench = await openMediumBench('medium_reminders', { KANAVA_SMTP_URL: sink.url, KANAVA_REMINDER_LEAD_DAYS: '2' });
    mail = new MailService(bench.config);
    channel = await seedChannel(bench, 'Reminders');
    granted = await seedHandler(bench, channel, grantedEmail);
    excluded = await seedHandler(bench, channel, excludedEmail);
    await seedHandler(bench, channel, ungrantedEmail);
  });
  afterAll(async () => {
    await bench.close();
    await sink.close();
  });

  const remind = () => sendDeadlineReminders(bench.db, mail, bench.clock, bench.config);

  it('tells the granted handlers once before the acknowledgement falls due and once when it has, and no one else', async () => {
    bench.clock.freeze(bench.clock.now());
    try {
      const c = await insertCase(bench, channel, { excludedUserIds: [excluded] });
      await insertGrant(bench, c, granted);
      await insertGrant(bench, c, excluded);

      expect(await remind()).toBe(0); // seven days away, the lead is two
      bench.clock.advance(5.5 * DAY_MS);
      expect(await remind()).toBe(1);
      expect(await remind()).toBe(0); // recorded: never twice
      bench.clock.advance(2 * DAY_MS);
      expect(await remind()).toBe(1);

      const mails = sink.mails.map((m) => ({ to: m.to, text: plain(m.raw) })).filter((m) => m.text.includes(c.id));
      expect(mails.map((m) => m.to)).toEqual([[grantedEmail], [grantedEmail]]);
      expect(mails[0].text).toMatch(/acknowledging receipt to the reporter[\s\S]*due soon/);
      expect(mails[1].text).toMatch(/acknowledging receipt to the reporter[\s\S]*due now/);
      expect(mails[0].text).not.toContain(c.reference);
      const stages = (await bench.db.query('SELECT kind, stage FROM deadline_reminders WHERE case_id = $1 ORDER BY sent_at', [c.id])) as unknown[];
      expect(stages).toEqual([
        { kind: 'acknowledgement', stage: 'before' },
        { kind: 'acknowledgement', stage: 'due' },
      ]);
    } finally {
      bench.clock.reset();
    }
  });

  it('marks an anonymous case’s acknowledgement as not legally required, and not a named reporter’s', async () => {
    bench.clock.freeze(bench.clock.now());
    try {
      const anonymous = await insertCase(bench, channel);
      const named = await insertCase(bench, channel, { identityKeyId: Buffer.alloc(16, 7) });
      await insertGrant(bench, anonymous, granted);
      await insertGrant(bench, named, granted);
      bench.clock.advance(8 * DAY_MS);
      const before = sink.mails.length;
      expect(await remind()).toBe(1); // one mail to the one handler, a line per case
      const [sent] = sink.mails.slice(before);
      const text = plain(sent.raw);
      const lineOf = (id: string) => text.split('\n- ').find((l) => l.includes(id)) ?? '';
      expect(lineOf(anonymous.id)).toContain('(not legally required for an anonymous report)');
      expect(lineOf(named.id)).toContain('acknowledging receipt');
      expect(lineOf(named.id)).not.toContain('not legally required');
    } finally {
      bench.clock.reset();
    }
  });

  it('stops reminding of a closed case’s acknowledgement and feedback', async () => {
    bench.clock.freeze(bench.clock.now());
    try {
      const c = await insertCase(bench, channel);
      await insertGrant(bench, c, granted);
      await bench.db.query("UPDATE cases SET closed_at = $2, status = 'closed', next_due_at = NULL WHERE id = $1", [c.id, bench.clock.now()]);
      bench.clock.advance(100 * DAY_MS);
      await remind();
      expect(await bench.db.query('SELECT kind FROM deadline_reminders WHERE case_id = $1', [c.id])).toEqual([]);
    } finally {
      bench.clock.reset();
    }
  });
});
