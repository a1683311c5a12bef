import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

describe('privacy notice and record of processing per channel', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let admin: StaffSessionInfo;

  const publicNotice = (channelId: string, language?: string) =>
    t.http.get(`/api/public/channels/${channelId}/privacy-notice${language === undefined ? '' : `?language=${language}`}`);
  const stored = async (channelId: string) => (await t.db.query('SELECT * FROM channel_privacy_notices WHERE channel_id = $1', [channelId]))[0] ?? null;

  beforeAll(async () => {
    t = await startTestApp({ KANAVA_AUDIT_RETENTION_DAYS: '4000' });
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    admin = await loginStaff(t, org.admins[0]);
  });
  afterAll(() => t.close());

  it('the template, in fi, sv and en, names the legal basis, the Ombudsman, §31 limits and the live retention and recipients', async () => {
    await t.http.put(`/api/admin/channels/${org.channelId}/retention`).set(admin.headers).send({ retentionDays: 1500, closedRetentionDays: 400 }).expect(200);
    const expected = {
      fi: [
        /6 artiklan 1 kohdan c alakohta/,
        /tietosuojavaltuutetulle/,
        /31 §/,
        /18 artikla/,
        /1500 päivän/,
        /400 päivän/,
        /2 käsittelijää/,
        /1 henkilöllisyyden haltijaa/,
      ],
      sv: [/artikel 6\.1 c/, /dataombudsmannen/, /31 §/, /artikel 18/, /1500 dagar/, /400 dagar/, /2 handläggare/, /1 identitetsförvaltare/],
      en: [
        /Article 6\(1\)\(c\)/,
        /Data Protection Ombudsman/,
        /section 31 of Act 1171\/2022/,
        /Article 18/,
        /1500 days/,
        /400 days/,
        /2 handler\(s\)/,
        /1 custodian\(s\)/,
      ],
    };
    for (const [language, patterns] of Object.entries(expected)) {
      const res = await publicNotice(org.channelId, language).expect(200);
      expect(res.body).toMatchObject({ channelId: org.channelId, language, source: 'template', updatedAt: null });
      for (const pattern of patterns) expect({ language, matches: pattern.test(res.body.text), pattern: String(pattern) }).toMatchObject({ matches: true });
      expect(res.body.text).toMatch(/tietosuoja\.fi/);
      expect(res.body.text).toMatch(/1171\/2022/);
      expect(res.body.text).toMatch(/EU\/EEA|EU:n tai ETA:n|EU\/EES/);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const byDefault = await publicNotice(org.channelId).expect(200);
    expect(byDefault.body.language).toBe('en');
  });

  it('an admin saves a Finnish text: the portal gets it in Finnish and the template in Swedish and English', async () => {
    const fi = 'Tietosuojaseloste\n\nTämä on organisaation oma teksti.';
    const saved = await t.http
      .put(`/api/admin/channels/${org.channelId}/privacy-notice`)
      .set(admin.headers)
      .send({ fi, sv: '   ', processor: 'Hosting Oy, tuki@hosting.example', storageLocation: 'Helsinki, Finland' })
      .expect(200);
    expect(saved.body.texts).toEqual({ fi, sv: null, en: null });
    expect(saved.body.templates.en).toMatch(/hosted by Hosting Oy/);
    expect((await publicNotice(org.channelId, 'fi').expect(200)).body).toMatchObject({ source: 'custom', text: fi });
    for (const language of ['sv', 'en']) {
      const res = await publicNotice(org.channelId, language).expect(200);
      expect(res.body.source).toBe('template');
      expect(res.body.text).toMatch(/Hosting Oy/);
      expect(res.body.text).toMatch(/Helsinki, Finland/);
    }
    // Saved again later: the time moves on.
    t.clock.advance(60_000);
    const again = await t.http
      .put(`/api/admin/channels/${org.channelId}/privacy-notice`)
      .set(admin.headers)
      .send({ fi, processor: 'Hosting Oy, tuki@hosting.example', storageLocation: 'Helsinki, Finland' })
      .expect(200);
    expect(Date.parse(again.body.updatedAt) - Date.parse(saved.body.updatedAt)).toBeGreaterThanOrEqual(60_000);
    t.clock.reset();
    const read = await t.http.get(`/api/admin/channels/${org.channelId}/privacy-notice`).set(admin.headers).expect(200);
    expect(read.body).toMatchObject({ texts: { fi, sv: null, en: null }, processor: 'Hosting Oy, tuki@hosting.example', storageLocation: 'Helsinki, Finland' });
    const events = await t.db.query(`SELECT details FROM audit_events WHERE organisation_id = $1 AND action = 'channel.privacy_notice_updated'`, [org.id]);
    expect(events.map((e: { details: unknown }) => e.details)).toEqual([
      { channelId: org.channelId, languages: 'fi' },
      { channelId: org.channelId, languages: 'fi' },
    ]);
    expect(JSON.stringify(events)).not.toContain('organisaation oma');
  });

  it('too long a text, a wrong type or a bad language answers 400 and changes nothing', async () => {
    const before = await stored(org.channelId);
    for (const body of [{ fi: 'x'.repeat(20001) }, { en: 5 }, { de: 'Hallo' }, { processor: 'p'.repeat(301) }]) {
      const res = await t.http.put(`/api/admin/channels/${org.channelId}/privacy-notice`).set(admin.headers).send(body);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'invalid_request' });
    }
    // At the limit it is accepted (then put back).
    await t.http
      .put(`/api/admin/channels/${org.channelId}/privacy-notice`)
      .set(admin.headers)
      .send({ en: 'y'.repeat(20000) })
      .expect(200);
    await t.http
      .put(`/api/admin/channels/${org.channelId}/privacy-notice`)
      .set(admin.headers)
      .send({ fi: before.text_fi, processor: before.processor, storageLocation: before.storage_location })
      .expect(200);
    for (const language of ['de', 'FI', '', 'fi&language=sv']) {
      const res = await publicNotice(org.channelId, language);
      expect({ language, status: res.status, error: res.body.error }).toEqual({ language, status: 400, error: 'invalid_request' });
      expect(res.body.message).toMatch(/language/);
    }
    const after = await stored(org.channelId);
    expect({ ...after, updated_at: null }).toEqual({ ...before, updated_at: null });
  });

  it('the public notice keeps no trace of who asked: no cookie, nothing of the address or user agent in logs or the database', async () => {
    const marker = 'privacy-marker-7f3a';
    const res = await publicNotice(org.channelId, 'sv')
      .set('User-Agent', `Mozilla/5.0 ${marker}`)
      .set('X-Forwarded-For', '203.0.113.77')
      .set('Referer', `https://example.test/${marker}`)
      .expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(t.logs.join('\n')).not.toMatch(new RegExp(`${marker}|203\\.0\\.113\\.77`));
    const found = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE details::text LIKE '%' || $1 || '%' OR details::text LIKE '%203.0.113.77%'`,
      [marker],
    );
    expect(found[0].n).toBe(0);
  });

  it('unknown and foreign channels answer 404 alike', async () => {
    const other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await publicNotice(unknown, 'fi')).status).toBe(404);
    expect((await publicNotice('not-a-uuid', 'fi')).status).toBe(400);
    for (const channelId of [unknown, other.channelId]) {
      for (const path of ['privacy-notice', 'processing-record']) {
        const res = await t.http.get(`/api/admin/channels/${channelId}/${path}`).set(admin.headers);
        expect({ status: res.status, error: res.body.error }).toEqual({ status: 404, error: 'channel_not_found' });
      }
      const put = await t.http.put(`/api/admin/channels/${channelId}/privacy-notice`).set(admin.headers).send({ fi: 'x' });
      expect(put.status).toBe(404);
    }
    expect(await stored(other.channelId)).toBeNull();
    // The other organisation's public notice is its own.
    expect((await publicNotice(other.channelId, 'en').expect(200)).body.text).toMatch(/1 handler\(s\)/);
  });

  it('the record of processing lists the live settings and follows a retention change', async () => {
    const first = await t.http.get(`/api/admin/channels/${org.channelId}/processing-record`).set(admin.headers).expect(200);
    expect(first.body).toMatchObject({
      controller: { organisationId: org.id },
      processing: { channelId: org.channelId },
      legalBasis: { gdpr: expect.stringMatching(/6\(1\)\(c\)/) },
      processors: [{ name: 'Hosting Oy, tuki@hosting.example', stated: true }],
      storage: { location: 'Helsinki, Finland', attachments: "The server's local disk" },
      thirdCountryTransfers: { any: false },
      retention: { retentionDays: 1500, closedRetentionDays: 400, auditRetentionDays: 4000 },
      missing: [],
    });
    expect(first.body.recipients).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'handler', count: 2 }),
        expect.objectContaining({ role: 'custodian', count: 1 }),
        expect.objectContaining({ role: 'admin', count: 1 }),
        expect.objectContaining({ role: 'auditor', count: 1 }),
      ]),
    );
    expect(first.body.securityMeasures.join(' ')).toMatch(/End-to-end encryption/);
    expect(first.body.dataSubjects.length).toBeGreaterThan(2);
    expect(first.body.purposes.length).toBeGreaterThan(0);

    await t.http.put(`/api/admin/channels/${org.channelId}/retention`).set(admin.headers).send({ retentionDays: 900, closedRetentionDays: null }).expect(200);
    const second = await t.http.get(`/api/admin/channels/${org.channelId}/processing-record`).set(admin.headers).expect(200);
    expect(second.body.retention).toMatchObject({ retentionDays: 900, closedRetentionDays: null });
    expect((await publicNotice(org.channelId, 'en').expect(200)).body.text).toMatch(/deleted 900 days/);
  });

  it('the record names what the organisation has not stated yet', async () => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const freshAdmin = await loginStaff(t, fresh.admins[0]);
    const res = await t.http.get(`/api/admin/channels/${fresh.channelId}/processing-record`).set(freshAdmin.headers).expect(200);
    expect(res.body.missing).toEqual(['processor', 'storageLocation']);
    expect(res.body.retention).toMatchObject({ retentionDays: 1826, closedRetentionDays: null });
    const notice = await t.http.get(`/api/admin/channels/${fresh.channelId}/privacy-notice`).set(freshAdmin.headers).expect(200);
    expect(notice.body).toMatchObject({ texts: { fi: null, sv: null, en: null }, processor: null, storageLocation: null, updatedAt: null });
    expect(notice.body.templates.fi).toMatch(/1826 päivän \(noin 5 vuoden\)/);
  });
});
