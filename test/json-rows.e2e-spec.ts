import { toB64 } from '@kanava/crypto';
import { Attachment, Case, CaseGrant, CaseItem, entitiesFromJson, entityFromJson, Meeting } from '@kanava/database';
import { EntityTarget, ObjectLiteral } from 'typeorm';
import { startTestApp, TestApp } from './helpers/app';
import { prepareAttachment, submitCase } from './helpers/attachments';
import { makeOrganisation } from './helpers/factories';

/**
 * Rows read as JSON (one statement for several tables) must become exactly the
 * entities TypeORM itself reads, or a reporter would see different bytes or times
 * depending on the route.
 */
describe('entities from row_to_json', () => {
  let t: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await makeOrganisation(t);
    const submitted = await submitCase(t.http, org);
    caseId = submitted.caseId;
    // An unfinished upload: null completion time, a bigint size, jsonb state.
    const a = prepareAttachment({ caseId, sharedKey: submitted.built.sharedKey, signSecretKey: submitted.built.reporter.sign.secretKey, trueSize: 5000 });
    await t.http.post('/api/public/case/attachments').set('Authorization', submitted.bearer).send(a.create).expect(201);
    // Sub-millisecond digits, as now() writes them: both paths must round them alike.
    await t.db.query("UPDATE case_items SET created_at = '2026-03-01 10:00:00.123789+00' WHERE case_id = $1", [caseId]);
    await t.db.query("UPDATE cases SET excluded_user_ids = '{}', closed_at = '2026-03-02 10:00:00.999999+00' WHERE id = $1", [caseId]);
    // A timestamptz array (a meeting's offered times), with sub-millisecond digits too.
    await t.db.query(
      `INSERT INTO meetings (id, case_id, kind, offered_at, slots) VALUES (gen_random_uuid(), $1, 'call', now(),
         ARRAY['2026-04-01 09:00:00.000456+00', '2026-04-02 13:30:00+00']::timestamptz[])`,
      [caseId],
    );
  });
  afterAll(() => t.close());

  async function compare<T extends ObjectLiteral>(target: EntityTarget<T>, table: string): Promise<T[]> {
    const [{ rows }] = (await t.db.query(`SELECT coalesce(json_agg(r ORDER BY r.id), '[]') AS rows FROM ${table} r WHERE r.case_id = $1`, [caseId])) as {
      rows: Record<string, unknown>[];
    }[];
    const expected = await t.db.getRepository(target).find({ where: { caseId } as never, order: { id: 'ASC' } as never });
    expect(expected.length).toBeGreaterThan(0);
    expect(entitiesFromJson(t.db, target, rows)).toEqual(expected);
    return expected;
  }

  it('gives the same items, grants and attachments as TypeORM', async () => {
    const items = await compare(CaseItem, 'case_items');
    expect(items[0].createdAt.toISOString()).toBe('2026-03-01T10:00:00.123Z');
    await compare(CaseGrant, 'case_grants');
    const [attachment] = await compare(Attachment, 'attachments');
    expect(attachment).toMatchObject({ complete: false, completedAt: null });
    expect(typeof attachment.size).toBe('number');
    const [meeting] = await compare(Meeting, 'meetings');
    expect(meeting.slots.map((d) => d.toISOString())).toEqual(['2026-04-01T09:00:00.000Z', '2026-04-02T13:30:00.000Z']);
  });

  it('gives the same case as TypeORM, arrays and nulls included', async () => {
    const [{ row }] = (await t.db.query('SELECT row_to_json(c) AS row FROM cases c WHERE c.id = $1', [caseId])) as { row: Record<string, unknown> }[];
    const fromJson = entityFromJson(t.db, Case, row);
    const expected = await t.db.getRepository(Case).findOneByOrFail({ id: caseId });
    expect(fromJson).toEqual(expected);
    expect(fromJson).toBeInstanceOf(Case);
    expect(fromJson.identityKeyId).toBeNull();
    expect(toB64(fromJson.lookupTokenHash)).toBe(toB64(expected.lookupTokenHash));
  });
});
