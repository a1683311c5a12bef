/**
 * Revocation's server half (R14) against a real database: which case keys a user loses
 * with a role, per channel, and the access review's count of cases each can open.
 */
import { Case, CaseGrant, ChannelMember } from '@kanava/database';
import { ProvisioningService } from '@kanava/staff';
import { CaseGrantsService } from '../src/case-grants.service';
import { insertCase, insertGrant, MediumBench, openMediumBench, seedChannel, SeededChannel, seedHandler } from '../../../test/helpers/medium';

describe('CaseGrantsService (medium)', () => {
  let bench: MediumBench;
  let grants: CaseGrantsService;
  let first: SeededChannel;
  let second: SeededChannel;

  beforeAll(async () => {
    bench = await openMediumBench('medium_case_grants');
    grants = new CaseGrantsService(bench.db);
    first = await seedChannel(bench, 'First');
    // A second channel of the same organisation.
    const { channel } = await new ProvisioningService(bench.db, bench.config).createChannel({ organisationId: first.organisationId, name: 'Second' });
    second = { organisationId: first.organisationId, channelId: channel.id };
  });
  afterAll(() => bench.close());

  const kinds = async (c: Case, userId: string) =>
    (await bench.db.manager.findBy(CaseGrant, { caseId: c.id, granteeUserId: userId })).map((g) => g.keyKind).sort();

  /** A user who handles both channels and is custodian of the first, holding all three keys of one case in each. */
  async function custodianHandler(email: string) {
    const userId = await seedHandler(bench, first, email);
    await bench.db.manager.insert(ChannelMember, [
      { channelId: second.channelId, userId, role: 'handler', designatedBy: null },
      { channelId: first.channelId, userId, role: 'custodian', designatedBy: null },
    ]);
    const inFirst = await insertCase(bench, first);
    const inSecond = await insertCase(bench, second);
    for (const c of [inFirst, inSecond]) for (const kind of ['shared', 'internal', 'identity'] as const) await insertGrant(bench, c, userId, kind);
    return { userId, inFirst, inSecond };
  }

  it("a handler's revocation keeps the identity key where the user is still custodian, and only in the channels named", async () => {
    const { userId, inFirst, inSecond } = await custodianHandler('both@medium.kanava.test');
    expect(await bench.db.transaction((em) => grants.revoke(em, userId, 'handler', [first.channelId]))).toBe(2);
    expect(await kinds(inFirst, userId)).toEqual(['identity']);
    expect(await kinds(inSecond, userId)).toEqual(['identity', 'internal', 'shared']);

    // Not custodian of the second channel: there the identity key goes with the handler's role.
    expect(await bench.db.transaction((em) => grants.revoke(em, userId, 'handler', null))).toBe(3);
    expect(await kinds(inFirst, userId)).toEqual(['identity']);
    expect(await kinds(inSecond, userId)).toEqual([]);
  });

  it("a custodian's revocation takes identity keys only; 'all' takes everything", async () => {
    const { userId, inFirst, inSecond } = await custodianHandler('custodian@medium.kanava.test');
    expect(await bench.db.transaction((em) => grants.revoke(em, userId, 'custodian', null))).toBe(2);
    expect(await kinds(inFirst, userId)).toEqual(['internal', 'shared']);
    expect(await bench.db.transaction((em) => grants.revoke(em, userId, 'all', null))).toBe(4);
    expect([...(await kinds(inFirst, userId)), ...(await kinds(inSecond, userId))]).toEqual([]);
  });

  it('a revocation rolls back with the transaction it joins', async () => {
    const { userId, inFirst } = await custodianHandler('rollback@medium.kanava.test');
    await expect(
      bench.db.transaction(async (em) => {
        await grants.revoke(em, userId, 'all', null);
        throw new Error('the designation change failed');
      }),
    ).rejects.toThrow('the designation change failed');
    expect(await kinds(inFirst, userId)).toEqual(['identity', 'internal', 'shared']);
  });

  it('counts the cases each user can open per channel, once per case however many keys', async () => {
    const org = await seedChannel(bench, 'Counted');
    const userId = await seedHandler(bench, org, 'counted@medium.kanava.test');
    const cases = [await insertCase(bench, org), await insertCase(bench, org)];
    await insertGrant(bench, cases[0], userId);
    await insertGrant(bench, cases[0], userId, 'internal');
    await insertGrant(bench, cases[1], userId);
    const counted = await grants.casesGranted(org.organisationId);
    expect([...counted]).toEqual([[`${userId}:${org.channelId}`, 2]]);
    // Another organisation's grants are not counted here.
    expect(counted.has(`${userId}:${first.channelId}`)).toBe(false);
  });
});
