import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo } from './helpers/clients';
import { RECORDED_EVENTS_SQL } from './helpers/audit';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

interface PublicOrganisation {
  textLanguages?: string[];
  informationPage: Record<string, string> | null;
  channels: { id: string; translations: Record<string, unknown>; categories: { translations: Record<string, unknown> }[] }[];
}

/** Languages an admin adds beyond fi, sv and en, and the texts written in them (docs/reporter-protocol-extensions.md). */
describe('text languages the organisation adds', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let admin: StaffSessionInfo;

  const setLanguages = (body: unknown, as = admin) =>
    t.http
      .put('/api/admin/organisation/languages')
      .set(as.headers)
      .send(body as object);
  const languages = async () =>
    ((await t.http.get('/api/admin/organisation/languages').set(admin.headers).expect(200)).body as { languages: string[] }).languages;
  const publicOrg = async () => (await t.http.get(`/api/public/organisations/${org.slug}`).expect(200)).body as PublicOrganisation;
  const stored = async () => ({
    org: (await t.db.query('SELECT text_languages, information_page FROM organisations WHERE id = $1', [org.id]))[0],
    channel: (await t.db.query('SELECT translations FROM channels WHERE id = $1', [org.channelId]))[0],
    categories: await t.db.query('SELECT translations FROM categories WHERE channel_id = $1 ORDER BY position', [org.channelId]),
    questionnaires: await t.db.query('SELECT version FROM questionnaires WHERE channel_id = $1', [org.channelId]),
  });
  const estonianTexts = () =>
    t.http
      .put(`/api/admin/channels/${org.channelId}/translations`)
      .set(admin.headers)
      .send({
        languages: [
          { language: 'fi', name: 'Ilmoitukset' },
          { language: 'et', name: 'Teated', categories: [{ categoryId: org.categoryIds[0], label: 'Pettus' }] },
        ],
      });

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    admin = await loginStaff(t, org.admins[0]);
  });
  afterAll(() => t.close());

  it('a new organisation has none, and a text in a language it did not add is refused', async () => {
    expect(await languages()).toEqual([]);
    expect((await publicOrg()).textLanguages).toEqual([]);
    const before = await stored();
    const refused = await estonianTexts().expect(400);
    expect(refused.body).toMatchObject({ error: 'unknown_text_language' });
    expect(refused.body.message).toMatch(/et is not one of the organisation's text languages \(fi, sv, en\); add it under Languages first/);
    const page = await t.http
      .put('/api/admin/organisation/information-page')
      .set(admin.headers)
      .send({ fi: 'Hei', others: [{ language: 'et', text: 'Tere' }] })
      .expect(400);
    expect(page.body.error).toBe('unknown_text_language');
    const questionnaire = await t.http
      .put(`/api/admin/channels/${org.channelId}/questionnaire`)
      .set(admin.headers)
      .send({ questions: [{ id: 'when', type: 'date', required: false, label: { en: 'When?', others: [{ language: 'et', text: 'Millal?' }] } }] })
      .expect(400);
    expect(questionnaire.body.error).toBe('unknown_text_language');
    expect(await stored()).toEqual(before);
  });

  it('an admin adds languages; the portal document lists them and carries the texts written in them', async () => {
    await setLanguages({ languages: ['et', 'uk'] }).expect(204);
    expect(await languages()).toEqual(['et', 'uk']);
    await estonianTexts().expect(204);
    await t.http
      .put('/api/admin/organisation/information-page')
      .set(admin.headers)
      .send({
        fi: 'Hei',
        others: [
          { language: 'et', text: ' Tere ' },
          { language: 'uk', text: '  ' },
        ],
      })
      .expect(204);
    await t.http
      .put(`/api/admin/channels/${org.channelId}/questionnaire`)
      .set(admin.headers)
      .send({ questions: [{ id: 'when', type: 'date', required: false, label: { en: 'When?', others: [{ language: 'et', text: 'Millal?' }] } }] })
      .expect(200);

    const doc = await publicOrg();
    expect(doc.textLanguages).toEqual(['et', 'uk']);
    // A blank text in an added language is no text, as for fi, sv and en.
    expect(doc.informationPage).toEqual({ fi: 'Hei', et: 'Tere' });
    const channel = doc.channels.find((c) => c.id === org.channelId)!;
    expect(channel.translations).toEqual({ fi: { name: 'Ilmoitukset' }, et: { name: 'Teated' } });
    expect(channel.categories[0].translations).toEqual({ et: { label: 'Pettus' } });
    const asked = (await t.http.get(`/api/public/channels/${org.channelId}/questionnaire`).expect(200)).body;
    expect(asked.questionnaire.questions[0].label).toEqual({ en: 'When?', et: 'Millal?' });
    expect((await t.http.get('/api/admin/organisation/information-page').set(admin.headers).expect(200)).body).toEqual({ fi: 'Hei', et: 'Tere' });

    const events = await t.db.query(
      `SELECT action, details FROM ${RECORDED_EVENTS_SQL} e WHERE organisation_id = $1 AND action IN ('organisation.text_languages_updated', 'channel.translations_updated') ORDER BY action`,
      [org.id],
    );
    expect(events).toEqual([
      { action: 'channel.translations_updated', details: { channelId: org.channelId, languages: 'fi,et' } },
      { action: 'organisation.text_languages_updated', details: { languages: 'et,uk', removed: '' } },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Teated|Tere/);
  });

  it('bad lists answer a clear 400 and change nothing', async () => {
    const before = await stored();
    const cases: [unknown, string, RegExp][] = [
      [{}, 'invalid_request', /languages/],
      [{ languages: 'et' }, 'invalid_request', /languages/],
      [{ languages: ['ET'] }, 'invalid_request', /ISO 639 language code/],
      [{ languages: ['estonian'] }, 'invalid_request', /ISO 639 language code/],
      [{ languages: Array.from({ length: 13 }, (_, i) => `a${String.fromCharCode(97 + i)}`) }, 'invalid_request', /languages/],
      [{ languages: ['fi'] }, 'invalid_language', /fi is one of the portal's own languages/],
      [{ languages: ['qq'] }, 'invalid_language', /qq is not a language code/],
      // One language, one code: another code of fi, sv or en, or an ICU alias, is refused.
      [{ languages: ['fin'] }, 'invalid_language', /fin is one of the portal's own languages/],
      [{ languages: ['est'] }, 'invalid_language', /est is written et: use that code/],
      [{ languages: ['zxx'] }, 'invalid_language', /zxx is not a language code/],
      [{ languages: ['qab'] }, 'invalid_language', /qab is not a language code/],
      [{ languages: ['et', 'et'] }, 'duplicate_language', /et is given more than once/],
      [{ languages: ['et'], confirm: 'yes' }, 'invalid_request', /confirm/],
    ];
    for (const [body, error, message] of cases) {
      const res = await setLanguages(body);
      expect({ body, status: res.status, error: res.body.error }).toEqual({ body, status: 400, error });
      expect(res.body.message).toMatch(message);
    }
    const page = await t.http
      .put('/api/admin/organisation/information-page')
      .set(admin.headers)
      .send({
        others: [
          { language: 'et', text: 'A' },
          { language: 'et', text: 'B' },
        ],
      })
      .expect(400);
    expect(page.body.error).toBe('duplicate_language');
    // A question only in an added language would be nameless for every other reporter.
    const nameless = await t.http
      .put(`/api/admin/channels/${org.channelId}/questionnaire`)
      .set(admin.headers)
      .send({ questions: [{ id: 'when', type: 'date', required: false, label: { others: [{ language: 'et', text: 'Millal?' }] } }] })
      .expect(400);
    expect(nameless.body).toMatchObject({ error: 'label_required' });
    expect(nameless.body.message).toMatch(/in Finnish, Swedish or English/);
    expect(await stored()).toEqual(before);
  });

  it('taking away a language with texts asks first, then deletes its texts; questionnaire versions keep theirs', async () => {
    const before = await stored();
    const asked = await setLanguages({ languages: ['uk'] }).expect(409);
    // The channel name, the category label and the information page.
    expect(asked.body).toMatchObject({ error: 'confirmation_required', texts: 3, languages: 'et' });
    expect(await stored()).toEqual(before);

    // A language without texts goes without asking.
    await setLanguages({ languages: ['et'] }).expect(204);
    await setLanguages({ languages: [], confirm: true }).expect(204);
    const after = await stored();
    expect(after.org).toEqual({ text_languages: [], information_page: { fi: 'Hei' } });
    expect(after.channel.translations).toEqual({ fi: { name: 'Ilmoitukset' } });
    expect(after.categories.map((c: { translations: unknown }) => c.translations)).toEqual([{}, {}]);
    const asked2 = (await t.http.get(`/api/public/channels/${org.channelId}/questionnaire`).expect(200)).body;
    expect(asked2.questionnaire.questions[0].label).toEqual({ en: 'When?', et: 'Millal?' });
    expect((await publicOrg()).textLanguages).toEqual([]);
  });

  it('only admins set languages; the routes are in the OpenAPI description', async () => {
    const handler = await loginStaff(t, org.handlers[0]);
    await setLanguages({ languages: ['et'] }, handler).expect(403);
    await t.http.get('/api/admin/organisation/languages').set(handler.headers).expect(403);
    await t.http
      .put('/api/admin/organisation/languages')
      .send({ languages: ['et'] })
      .expect(401);
    expect(await languages()).toEqual([]);
    const doc = (await t.http.get('/api/docs').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/admin/organisation/languages'] ?? {})).toEqual(expect.arrayContaining(['get', 'put']));
  });
});
