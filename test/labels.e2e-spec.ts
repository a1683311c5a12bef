import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

describe('labels on cases and saved inbox filters', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let admin: StaffSessionInfo;
  let handler: StaffSessionInfo;
  let caseIds: string[];

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2 });
    admin = await loginStaff(t, org.admins[0]);
    handler = await loginStaff(t, org.handlers[0]);
    caseIds = [];
    for (let i = 0; i < 3; i++) caseIds.push((await submitReport(t, org, { title: `T${i}`, body: 'B' })).body.caseId);
  });
  afterAll(() => t.close());

  const inbox = async (query = '') =>
    (await t.http.get(`/api/staff/cases${query}`).set(handler.headers).expect(200)).body.cases as { id: string; labels: { id: string; name: string }[] }[];

  it('an admin defines labels; names are unique regardless of case; handlers list them; nobody else changes them', async () => {
    const legal = await t.http.post('/api/admin/labels').set(admin.headers).send({ name: 'Needs legal' }).expect(201);
    expect(legal.body).toEqual({ id: expect.any(String), name: 'Needs legal', cases: 0 });
    expect((await t.http.post('/api/admin/labels').set(admin.headers).send({ name: 'needs LEGAL' }).expect(409)).body.error).toBe('label_name_taken');
    expect((await t.http.post('/api/admin/labels').set(admin.headers).send({ name: '  ' }).expect(400)).body.error).toBe('invalid_request');
    expect(
      (
        await t.http
          .post('/api/admin/labels')
          .set(admin.headers)
          .send({ name: 'x'.repeat(61) })
          .expect(400)
      ).body.error,
    ).toBe('invalid_request');
    await t.http.post('/api/admin/labels').set(admin.headers).send({ name: 'Waiting for documents' }).expect(201);
    await t.http.post('/api/admin/labels').set(handler.headers).send({ name: 'Mine' }).expect(403);
    const listed = await t.http.get('/api/staff/labels').set(handler.headers).expect(200);
    expect(listed.body.map((l: { name: string }) => l.name)).toEqual(['Needs legal', 'Waiting for documents']);
  });

  it('a handler labels selected cases at once, filters the inbox by a label, and takes it off again', async () => {
    const [legal] = (await t.http.get('/api/staff/labels').set(handler.headers).expect(200)).body as { id: string }[];
    const added = await t.http
      .post('/api/staff/cases/labels')
      .set(handler.headers)
      .send({ caseIds: caseIds.slice(0, 2), labelId: legal.id, action: 'add' })
      .expect(200);
    expect(added.body.changed.sort()).toEqual(caseIds.slice(0, 2).sort());
    // Adding again changes nothing.
    expect(
      (
        await t.http
          .post('/api/staff/cases/labels')
          .set(handler.headers)
          .send({ caseIds: [caseIds[0]], labelId: legal.id, action: 'add' })
          .expect(200)
      ).body,
    ).toEqual({
      changed: [],
    });
    const filtered = await inbox(`?label=${legal.id}`);
    expect(filtered.map((c) => c.id).sort()).toEqual(caseIds.slice(0, 2).sort());
    expect(filtered[0].labels).toEqual([{ id: legal.id, name: 'Needs legal' }]);
    expect((await inbox()).find((c) => c.id === caseIds[2])!.labels).toEqual([]);

    await t.http
      .post('/api/staff/cases/labels')
      .set(handler.headers)
      .send({ caseIds: [caseIds[0]], labelId: legal.id, action: 'remove' })
      .expect(200);
    expect((await inbox(`?label=${legal.id}`)).map((c) => c.id)).toEqual([caseIds[1]]);
    const events = await t.db.query(
      `SELECT action, case_id, details FROM audit_events WHERE organisation_id = $1 AND action LIKE 'case.label_%' ORDER BY seq`,
      [org.id],
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual(['case.label_added', 'case.label_added', 'case.label_removed']);
    expect(events[2]).toEqual({ action: 'case.label_removed', case_id: caseIds[0], details: { labelId: legal.id } });
  });

  it('refuses a case the handler cannot work on, or another organisation’s label, and then changes nothing', async () => {
    const [legal] = (await t.http.get('/api/staff/labels').set(handler.headers).expect(200)).body as { id: string }[];
    const other = await makeOrganisation(t, { handlers: 1 });
    const foreignCase = (await submitReport(t, other, { title: 'F', body: 'B' })).body.caseId;
    const before = await t.db.query('SELECT count(*)::int AS n FROM case_labels');
    const refused = await t.http
      .post('/api/staff/cases/labels')
      .set(handler.headers)
      .send({ caseIds: [caseIds[2], foreignCase], labelId: legal.id, action: 'add' });
    expect([refused.status, refused.body.error]).toEqual([404, 'case_not_found']);
    const otherAdmin = await loginStaff(t, other.admins[0]);
    const foreignLabel = (await t.http.post('/api/admin/labels').set(otherAdmin.headers).send({ name: 'Theirs' }).expect(201)).body.id;
    const wrongLabel = await t.http
      .post('/api/staff/cases/labels')
      .set(handler.headers)
      .send({ caseIds: [caseIds[2]], labelId: foreignLabel, action: 'add' });
    expect([wrongLabel.status, wrongLabel.body.error]).toEqual([404, 'label_not_found']);
    for (const bad of [
      { caseIds: [], labelId: legal.id, action: 'add' },
      { caseIds: [caseIds[2]], labelId: legal.id, action: 'toggle' },
    ]) {
      expect((await t.http.post('/api/staff/cases/labels').set(handler.headers).send(bad).expect(400)).body.error).toBe('invalid_request');
    }
    expect(await t.db.query('SELECT count(*)::int AS n FROM case_labels')).toEqual(before);
  });

  it('an admin renames a label and deletes it, which takes it off every case', async () => {
    const [legal] = (await t.http.get('/api/admin/labels').set(admin.headers).expect(200)).body as { id: string; cases: number }[];
    expect(legal.cases).toBe(1);
    await t.http.patch(`/api/admin/labels/${legal.id}`).set(admin.headers).send({ name: 'Legal opinion' }).expect(204);
    expect((await inbox()).find((c) => c.id === caseIds[1])!.labels).toEqual([{ id: legal.id, name: 'Legal opinion' }]);
    await t.http.delete(`/api/admin/labels/${legal.id}`).set(admin.headers).expect(204);
    expect((await inbox()).find((c) => c.id === caseIds[1])!.labels).toEqual([]);
    await t.http.delete(`/api/admin/labels/${legal.id}`).set(admin.headers).expect(404);
  });

  it('a handler keeps filters by name, only their own, valid ones, at most 20', async () => {
    const saved = await t.http
      .post('/api/staff/saved-filters')
      .set(handler.headers)
      .send({ name: 'Overdue first', filter: { due: 'overdue', sort: 'due' } })
      .expect(201);
    expect(saved.body).toEqual({ id: expect.any(String), name: 'Overdue first', filter: { due: 'overdue', sort: 'due' } });
    expect((await t.http.post('/api/staff/saved-filters').set(handler.headers).send({ name: 'overdue FIRST', filter: {} }).expect(409)).body.error).toBe(
      'saved_filter_name_taken',
    );
    expect(
      (
        await t.http
          .post('/api/staff/saved-filters')
          .set(handler.headers)
          .send({ name: 'Bad', filter: { status: 'lost' } })
          .expect(400)
      ).body.error,
    ).toBe('invalid_request');
    const colleague = await loginStaff(t, org.handlers[1]);
    expect((await t.http.get('/api/staff/saved-filters').set(colleague.headers).expect(200)).body).toEqual([]);
    await t.http.delete(`/api/staff/saved-filters/${saved.body.id}`).set(colleague.headers).expect(404);
    for (let i = 1; i < 20; i++)
      await t.http
        .post('/api/staff/saved-filters')
        .set(handler.headers)
        .send({ name: `F${i}`, filter: {} })
        .expect(201);
    expect((await t.http.post('/api/staff/saved-filters').set(handler.headers).send({ name: 'One more', filter: {} }).expect(409)).body.error).toBe(
      'too_many_saved_filters',
    );
    await t.http.delete(`/api/staff/saved-filters/${saved.body.id}`).set(handler.headers).expect(204);
    expect((await t.http.get('/api/staff/saved-filters').set(handler.headers).expect(200)).body).toHaveLength(19);
  });
});
