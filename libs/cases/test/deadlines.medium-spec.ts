/**
 * The acknowledgement (R6) and the deadlines it moves (R7), against a real database:
 * once only, even when two handlers acknowledge at the same moment.
 */
import { Case, feedbackDue } from '@kanava/database';
import { acknowledgeOnce, nextDue } from '../src/deadlines';
import { insertCase, MediumBench, openMediumBench, seedChannel, SeededChannel } from '../../../test/helpers/medium';

const DAY_MS = 86_400_000;

describe('acknowledgeOnce (medium)', () => {
  let bench: MediumBench;
  let channel: SeededChannel;

  beforeAll(async () => {
    bench = await openMediumBench('medium_deadlines');
    channel = await seedChannel(bench, 'Deadlines');
  });
  afterAll(() => bench.close());

  const reload = (c: Case) => bench.db.manager.findOneByOrFail(Case, { id: c.id });

  it('acknowledges once and moves feedback to three months after the acknowledgement', async () => {
    const c = await insertCase(bench, channel);
    const at = new Date(c.receivedAt.getTime() + 2 * DAY_MS);
    expect(await acknowledgeOnce(bench.db.manager, c, at)).toBe(true);
    const after = await reload(c);
    expect(after.acknowledgedAt).toEqual(at);
    expect(after.feedbackDueAt).toEqual(feedbackDue(c.receivedAt, at));
    expect(after.feedbackDueAt.getTime()).toBeLessThan(c.feedbackDueAt.getTime()); // earlier than the 7 days + 3 months bound
    expect(after.nextDueAt).toEqual(after.feedbackDueAt);
    expect(nextDue(after)).toEqual(after.feedbackDueAt);

    expect(await acknowledgeOnce(bench.db.manager, after, new Date(at.getTime() + DAY_MS))).toBe(false);
    expect((await reload(c)).acknowledgedAt).toEqual(at);
  });

  it('lets exactly one of two simultaneous acknowledgements through', async () => {
    const c = await insertCase(bench, channel);
    const at = new Date(c.receivedAt.getTime() + DAY_MS);
    const results = await Promise.all([
      bench.db.transaction((em) => acknowledgeOnce(em, c, at)),
      bench.db.transaction((em) => acknowledgeOnce(em, c, new Date(at.getTime() + 1000))),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const acknowledgedAt = (await reload(c)).acknowledgedAt!;
    expect([at.getTime(), at.getTime() + 1000]).toContain(acknowledgedAt.getTime());
  });

  it('leaves a closed case with no next deadline, unless a follow-up is open', async () => {
    const c = await insertCase(bench, channel);
    const closedAt = new Date(c.receivedAt.getTime() + 10 * DAY_MS);
    expect(await acknowledgeOnce(bench.db.manager, { ...c, closedAt } as Case, closedAt)).toBe(true);
    expect((await reload(c)).nextDueAt).toBeNull();
    const followUpAt = new Date(closedAt.getTime() + 30 * DAY_MS);
    expect(nextDue({ ...c, closedAt, followUpAt, followUpDoneAt: null })).toEqual(followUpAt);
    expect(nextDue({ ...c, closedAt, followUpAt, followUpDoneAt: followUpAt })).toBeNull();
  });
});
