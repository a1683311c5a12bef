import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo } from './helpers/clients';
import { RECORDED_EVENTS_SQL } from './helpers/audit';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

describe('voice messages per channel (issue 20)', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let admin: StaffSessionInfo;

  const publicChannel = async (slug: string, channelId: string) => {
    const res = await t.http.get(`/api/public/organisations/${slug}`).expect(200);
    return res.body.channels.find((c: { id: string }) => c.id === channelId);
  };
  const stored = async (channelId: string): Promise<boolean> =>
    (await t.db.query('SELECT voice_enabled FROM channels WHERE id = $1', [channelId]))[0].voice_enabled;
  const updates = async (channelId: string): Promise<number> =>
    Number(
      (await t.db.query(`SELECT count(*) AS n FROM ${RECORDED_EVENTS_SQL} e WHERE action = 'channel.updated' AND details->>'channelId' = $1`, [channelId]))[0]
        .n,
    );

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    admin = await loginStaff(t, org.admins[0]);
  });
  afterAll(() => t.close());

  it('is off for a new channel, in the public channel document and the admin list', async () => {
    expect(await publicChannel(org.slug, org.channelId)).toMatchObject({ id: org.channelId, voiceEnabled: false });
    const list = await t.http.get('/api/admin/channels').set(admin.headers).expect(200);
    expect(list.body.find((c: { id: string }) => c.id === org.channelId)).toMatchObject({ voiceEnabled: false });
  });

  it('an admin turns it on and off: the portal sees it, and the change is audited by field name', async () => {
    await t.http.patch(`/api/admin/channels/${org.channelId}`).set(admin.headers).send({ voiceEnabled: true }).expect(204);
    expect(await publicChannel(org.slug, org.channelId)).toMatchObject({ voiceEnabled: true });
    const list = await t.http.get('/api/admin/channels').set(admin.headers).expect(200);
    expect(list.body.find((c: { id: string }) => c.id === org.channelId)).toMatchObject({ voiceEnabled: true });
    const event = await t.db.query(
      `SELECT details FROM ${RECORDED_EVENTS_SQL} e WHERE action = 'channel.updated' AND details->>'channelId' = $1 ORDER BY details->>'fields'`,
      [org.channelId],
    );
    expect(event.map((e: { details: { fields: string } }) => e.details.fields)).toEqual(['voiceEnabled']);

    await t.http.patch(`/api/admin/channels/${org.channelId}`).set(admin.headers).send({ voiceEnabled: false }).expect(204);
    expect(await publicChannel(org.slug, org.channelId)).toMatchObject({ voiceEnabled: false });
  });

  it('a channel created with it on says so', async () => {
    const res = await t.http.post('/api/admin/channels').set(admin.headers).send({ name: 'Voice channel', voiceEnabled: true }).expect(201);
    expect(await publicChannel(org.slug, res.body.id)).toMatchObject({ name: 'Voice channel', voiceEnabled: true });
  });

  it('a value that is not a boolean is refused with 400 and changes nothing', async () => {
    const before = await updates(org.channelId);
    for (const voiceEnabled of ['yes', 1, null, {}, [true]]) {
      const res = await t.http.patch(`/api/admin/channels/${org.channelId}`).set(admin.headers).send({ voiceEnabled });
      expect({ voiceEnabled, status: res.status, error: res.body.error }).toMatchObject({ voiceEnabled, status: 400, error: 'invalid_request' });
    }
    // Null for the other fields of a partial update is refused the same way, never written to a NOT NULL column.
    for (const field of ['name', 'description', 'allowAnonymous', 'exclusionEnabled']) {
      await t.http
        .patch(`/api/admin/channels/${org.channelId}`)
        .set(admin.headers)
        .send({ [field]: null })
        .expect(400);
    }
    expect(await stored(org.channelId)).toBe(false);
    expect(await updates(org.channelId)).toBe(before);
    const channels = Number((await t.db.query('SELECT count(*) AS n FROM channels WHERE organisation_id = $1', [org.id]))[0].n);
    await t.http.post('/api/admin/channels').set(admin.headers).send({ name: 'Refused', voiceEnabled: 'yes' }).expect(400);
    await t.http.post('/api/admin/channels').set(admin.headers).send({ name: 'Refused', voiceEnabled: null }).expect(400);
    expect(Number((await t.db.query('SELECT count(*) AS n FROM channels WHERE organisation_id = $1', [org.id]))[0].n)).toBe(channels);
  });

  it('handlers, custodians and auditors get 403 and the setting stays as it was', async () => {
    for (const staff of [org.handlers[0], org.custodians[0], org.auditors[0]]) {
      const session = await loginStaff(t, staff);
      await t.http.patch(`/api/admin/channels/${org.channelId}`).set(session.headers).send({ voiceEnabled: true }).expect(403);
    }
    await t.http.patch(`/api/admin/channels/${org.channelId}`).send({ voiceEnabled: true }).expect(401);
    expect(await stored(org.channelId)).toBe(false);
  });

  it('the OpenAPI description names the field on creating and updating a channel', async () => {
    const docs = await t.http.get('/api/docs').expect(200);
    const patch = docs.body.paths['/api/admin/channels/{channelId}'].patch;
    const ref = (schema: { $ref: string }) => schema.$ref.split('/').pop()!;
    const update = docs.body.components.schemas[ref(patch.requestBody.content['application/json'].schema)];
    expect(update.properties.voiceEnabled).toMatchObject({ type: 'boolean' });
    const post = docs.body.paths['/api/admin/channels'].post;
    const create = docs.body.components.schemas[ref(post.requestBody.content['application/json'].schema)];
    expect(create.properties.voiceEnabled).toMatchObject({ type: 'boolean', default: false });
  });

  it("another organisation's admin cannot change it (404, nothing changed)", async () => {
    const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const otherAdmin = await loginStaff(t, other.admins[0]);
    await t.http.patch(`/api/admin/channels/${org.channelId}`).set(otherAdmin.headers).send({ voiceEnabled: true }).expect(404);
    expect(await stored(org.channelId)).toBe(false);
  });
});
