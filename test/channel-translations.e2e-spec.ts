import { ProvisioningService } from '@kanava/staff';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo } from './helpers/clients';
import { RECORDED_EVENTS_SQL } from './helpers/audit';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

interface PublicChannel {
  id: string;
  name: string;
  description: string;
  translations?: Record<string, { name?: string; description?: string }>;
  categories: { id: string; label: string; translations?: Record<string, { label: string }> }[];
}

describe('channel names, descriptions and category labels per language', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let admin: StaffSessionInfo;

  const put = (channelId: string, body: unknown, as = admin) =>
    t.http
      .put(`/api/admin/channels/${channelId}/translations`)
      .set(as.headers)
      .send(body as object);
  const publicChannel = async (): Promise<PublicChannel> =>
    ((await t.http.get(`/api/public/organisations/${org.slug}`).expect(200)).body as { channels: PublicChannel[] }).channels.find(
      (c) => c.id === org.channelId,
    )!;
  const stored = async () => ({
    channel: (await t.db.query('SELECT name, description, translations FROM channels WHERE id = $1', [org.channelId]))[0],
    categories: await t.db.query('SELECT id, label, translations FROM categories WHERE channel_id = $1 ORDER BY position', [org.channelId]),
  });

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    admin = await loginStaff(t, org.admins[0]);
  });
  afterAll(() => t.close());

  it('a channel without translations reads exactly as before: the single-language fields, empty translations', async () => {
    const channel = await publicChannel();
    expect(channel).toMatchObject({ name: 'Reports', description: '', translations: {} });
    expect(channel.categories.map((c) => [c.label, c.translations])).toEqual([
      ['Fraud', {}],
      ['Safety', {}],
    ]);
  });

  it('an admin sets them; the public document and the admin list return them; the default fields stay', async () => {
    const [fraud, safety] = org.categoryIds;
    await put(org.channelId, {
      languages: [
        {
          language: 'fi',
          name: ' Ilmoitukset ',
          description: 'Kerro epäilystäsi.',
          categories: [
            { categoryId: fraud, label: 'Petos' },
            { categoryId: safety, label: 'Turvallisuus' },
          ],
        },
        { language: 'sv', name: 'Anmälningar', description: '   ', categories: [{ categoryId: fraud, label: 'Bedrägeri' }] },
      ],
    }).expect(204);

    const channel = await publicChannel();
    expect(channel.name).toBe('Reports');
    expect(channel.description).toBe('');
    expect(channel.translations).toEqual({ fi: { name: 'Ilmoitukset', description: 'Kerro epäilystäsi.' }, sv: { name: 'Anmälningar' } });
    expect(channel.categories.map((c) => [c.label, c.translations])).toEqual([
      ['Fraud', { fi: { label: 'Petos' }, sv: { label: 'Bedrägeri' } }],
      ['Safety', { fi: { label: 'Turvallisuus' } }],
    ]);

    const list = (await t.http.get('/api/admin/channels').set(admin.headers).expect(200)).body as PublicChannel[];
    const mine = list.find((c) => c.id === org.channelId)!;
    expect(mine.translations).toEqual(channel.translations);
    expect(mine.categories.map((c) => c.translations)).toEqual(channel.categories.map((c) => c.translations));

    const events = await t.db.query(`SELECT details FROM ${RECORDED_EVENTS_SQL} e WHERE organisation_id = $1 AND action = 'channel.translations_updated'`, [
      org.id,
    ]);
    expect(events).toEqual([{ details: { channelId: org.channelId, languages: 'fi,sv' } }]);
    expect(JSON.stringify(events)).not.toMatch(/Petos|Ilmoitukset/);
  });

  it('replaces all languages: a language left out loses its texts', async () => {
    await put(org.channelId, { languages: [{ language: 'en', name: 'Reports channel' }] }).expect(204);
    const channel = await publicChannel();
    expect(channel.translations).toEqual({ en: { name: 'Reports channel' } });
    expect(channel.categories.map((c) => c.translations)).toEqual([{}, {}]);
  });

  it('bad input answers a clear 400 and changes nothing', async () => {
    await put(org.channelId, {
      languages: [{ language: 'fi', name: 'Ilmoitukset', categories: [{ categoryId: org.categoryIds[0], label: 'Petos' }] }],
    }).expect(204);
    const before = await stored();
    const other = await new ProvisioningService(t.db, t.config).createChannel({ organisationId: org.id, name: 'Other', categories: ['Elsewhere'] });
    const cases: [unknown, string, RegExp][] = [
      [{}, 'invalid_request', /languages/],
      [{ languages: 'fi' }, 'invalid_request', /languages/],
      [{ languages: [{ language: 'de', name: 'Meldungen' }] }, 'unknown_text_language', /de is not one of the organisation's text languages \(fi, sv, en\)/],
      [{ languages: [{ language: 'DE', name: 'Meldungen' }] }, 'invalid_request', /language must be a lowercase ISO 639 language code/],
      [{ languages: [{ language: 'fi', name: 'x'.repeat(201) }] }, 'invalid_request', /name/],
      [{ languages: [{ language: 'fi', description: 'x'.repeat(5001) }] }, 'invalid_request', /description/],
      [{ languages: [{ language: 'fi', name: 5 }] }, 'invalid_request', /name/],
      [{ languages: [{ language: 'fi', colour: 'red' }] }, 'invalid_request', /colour/],
      [{ languages: [{ language: 'fi', categories: [{ categoryId: 'NOT-A-UUID', label: 'x' }] }] }, 'invalid_request', /categoryId/],
      [{ languages: [{ language: 'fi', categories: [{ categoryId: org.categoryIds[0] }] }] }, 'invalid_request', /label/],
      [
        {
          languages: [
            { language: 'fi', name: 'A' },
            { language: 'fi', name: 'B' },
          ],
        },
        'duplicate_language',
        /fi is given more than once/,
      ],
      [
        { languages: [{ language: 'sv', name: 'Ny', categories: [{ categoryId: other.categories[0].id, label: 'Annat' }] }] },
        'category_not_in_channel',
        /not one of this channel's categories/,
      ],
      [
        {
          languages: [
            {
              language: 'sv',
              categories: [
                { categoryId: org.categoryIds[0], label: 'A' },
                { categoryId: org.categoryIds[0], label: 'B' },
              ],
            },
          ],
        },
        'duplicate_category',
        /more than once for sv/,
      ],
    ];
    for (const [body, error, message] of cases) {
      const res = await put(org.channelId, body);
      expect({ body, status: res.status, error: res.body.error }).toEqual({ body, status: 400, error });
      expect(res.body.message).toMatch(message);
    }
    expect(await stored()).toEqual(before);
  });

  it("another organisation's channel is not found, and only admins may set texts", async () => {
    const foreign = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const res = await put(foreign.channelId, { languages: [{ language: 'fi', name: 'Vieras' }] }).expect(404);
    expect(res.body.error).toBe('channel_not_found');
    const handler = await loginStaff(t, org.handlers[0]);
    await put(org.channelId, { languages: [] }, handler).expect(403);
    await t.http.put(`/api/admin/channels/${org.channelId}/translations`).send({ languages: [] }).expect(401);
    const [row] = await t.db.query('SELECT translations FROM channels WHERE id = $1', [foreign.channelId]);
    expect(row.translations).toEqual({});
  });

  it('the information page text is read back per language for the editor', async () => {
    expect((await t.http.get('/api/admin/organisation/information-page').set(admin.headers).expect(200)).body).toEqual({});
    await t.http.put('/api/admin/organisation/information-page').set(admin.headers).send({ fi: 'Hei', en: 'Hello' }).expect(204);
    expect((await t.http.get('/api/admin/organisation/information-page').set(admin.headers).expect(200)).body).toEqual({ fi: 'Hei', en: 'Hello' });
  });

  it('both routes are in the OpenAPI description', async () => {
    const doc = (await t.http.get('/api/docs').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/admin/channels/{channelId}/translations'] ?? {})).toContain('put');
    expect(Object.keys(doc.paths['/api/admin/organisation/information-page'] ?? {})).toEqual(expect.arrayContaining(['get', 'put']));
  });
});
