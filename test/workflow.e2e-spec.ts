import { randomUUID } from 'node:crypto';
import { decryptItem, encryptItem, fromB64, generateKey, openBoxGrant, sealGrantToBox, toB64, verifyItem, WireGrant, WireItem } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { BuiltSubmission, loginStaff, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

/** The case workflow, deadlines in the inbox, internal notes and the removal of personal data. */
describe('case workflow, notes and minimisation', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let a: StaffSessionInfo;
  let b: StaffSessionInfo;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 0 });
    a = await loginStaff(t, org.handlers[0]);
    b = await loginStaff(t, org.handlers[1]);
  });
  afterAll(() => t.close());

  const sharedKeyOf = async (s: StaffSessionInfo, caseId: string) => {
    const res = await t.http.get(`/api/staff/cases/${caseId}`).set(s.headers).expect(200);
    const grant = (res.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared')!;
    return { view: res.body, key: openBoxGrant(grant, caseId, { publicKey: s.boxPublicKey, secretKey: s.bundle.boxSecretKey }, res.body.sharedKeyId) };
  };
  const status = (caseId: string, body: object) => t.http.post(`/api/staff/cases/${caseId}/status`).set(a.headers).send(body);

  it('walks a case through triage, investigation, conclusion and closure, and reopens it', async () => {
    const built = await submitReport(t, org);
    const caseId = built.body.caseId;
    const refusals: [object, number, string][] = [
      [{ status: 'investigating' }, 409, 'invalid_transition'],
      [{ status: 'triaged' }, 400, 'triage_required'],
      [{ status: 'triaged', triage: { priority: 'extreme', relevance: 'in_scope', retaliationRisk: 'low' } }, 400, 'invalid_request'],
    ];
    for (const [req, code, error] of refusals) {
      const res = await status(caseId, req);
      expect({ code: res.status, error: res.body.error }).toEqual({ code, error });
    }
    await status(caseId, { status: 'triaged', triage: { priority: 'high', relevance: 'in_scope', retaliationRisk: 'medium' } }).expect(200);
    await status(caseId, { status: 'investigating' }).expect(200);
    expect((await status(caseId, { status: 'concluded' })).body.error).toBe('outcome_required');
    await status(caseId, { status: 'concluded', conclusion: { outcome: 'substantiated' } }).expect(200);
    expect((await status(caseId, { status: 'closed', closure: { feedbackGiven: true, reporterAtRisk: false } })).body.error).toBe('not_acknowledged');
    await t.http.post(`/api/staff/cases/${caseId}/acknowledge`).set(a.headers).expect(200);
    expect((await t.http.post(`/api/staff/cases/${caseId}/acknowledge`).set(a.headers)).body.error).toBe('already_acknowledged');
    expect((await status(caseId, { status: 'closed', closure: { feedbackGiven: false, reporterAtRisk: false } })).status).toBe(400);
    const closed = await status(caseId, { status: 'closed', closure: { feedbackGiven: true, reporterAtRisk: false } }).expect(200);
    expect(closed.body).toEqual({ status: 'closed', nextDueAt: null });

    const view = await t.http.get(`/api/staff/cases/${caseId}`).set(a.headers).expect(200);
    expect(view.body).toMatchObject({
      status: 'closed',
      outcome: 'substantiated',
      triage: { priority: 'high', relevance: 'in_scope', retaliationRisk: 'medium' },
    });
    expect(view.body.feedbackGivenAt).not.toBeNull();
    // The reporter sees the status and dates in plain words on their side.
    const reporter = await t.http
      .get('/api/public/case')
      .set('Authorization', `Bearer ${toB64(built.reporter.lookupToken)}`)
      .expect(200);
    expect(reporter.body).toMatchObject({ status: 'closed', closedAt: expect.any(String), acknowledgedAt: expect.any(String) });
    expect(JSON.stringify(reporter.body)).not.toMatch(/retaliation|priority|substantiated/);

    await status(caseId, { status: 'investigating' }).expect(200);
    const reopened = await t.http.get(`/api/staff/cases/${caseId}`).set(a.headers).expect(200);
    expect(reopened.body).toMatchObject({ status: 'investigating', closedAt: null, outcome: null });
    expect(reopened.body.nextDueAt).toBe(reopened.body.feedbackDueAt);
    const events = await t.db.query("SELECT details FROM audit_events WHERE case_id = $1 AND action = 'case.status_changed' ORDER BY seq", [caseId]);
    expect(events.map((e: { details: { to: string } }) => e.details.to)).toEqual(['triaged', 'investigating', 'concluded', 'closed', 'investigating']);
  });

  const report = (content: Parameters<typeof submitReport>[2] = { title: 'T', body: 'B' }): Promise<BuiltSubmission> => submitReport(t, org, content);

  it('sorts and filters the inbox by the nearest deadline, flagging overdue cases', async () => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const h = await loginStaff(t, fresh.handlers[0]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submitReport(t, fresh)).body.caseId);
    // The second case is overdue for acknowledgement; the third was acknowledged (feedback due in ~3 months).
    await t.db.query("UPDATE cases SET acknowledgement_due_at = now() - interval '1 day', next_due_at = now() - interval '1 day' WHERE id = $1", [ids[1]]);
    await t.http.post(`/api/staff/cases/${ids[2]}/acknowledge`).set(h.headers).expect(200);

    const byDue = await t.http.get('/api/staff/cases').query({ sort: 'due' }).set(h.headers).expect(200);
    expect(byDue.body.cases.map((c: { id: string }) => c.id)).toEqual([ids[1], ids[0], ids[2]]);
    expect(byDue.body.cases.map((c: { overdue: boolean }) => c.overdue)).toEqual([true, false, false]);
    const overdue = await t.http.get('/api/staff/cases').query({ due: 'overdue' }).set(h.headers).expect(200);
    expect(overdue.body.cases.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
    const soon = await t.http.get('/api/staff/cases').query({ due: 'soon' }).set(h.headers).expect(200);
    expect(soon.body.cases.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { cases: { id: string }[]; nextCursor: string | null } } = await t.http
        .get('/api/staff/cases')
        .query({ sort: 'due', limit: 1, ...(cursor ? { cursor } : {}) })
        .set(h.headers)
        .expect(200);
      paged.push(...res.body.cases.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual([ids[1], ids[0], ids[2]]);
    const received = await t.http.get('/api/staff/cases').query({ status: 'received', channelId: fresh.channelId }).set(h.headers).expect(200);
    expect(received.body.cases).toHaveLength(3);
    expect((await t.http.get('/api/staff/cases').query({ sort: 'sideways' }).set(h.headers)).status).toBe(400);
  });

  it('keeps internal notes under a key the reporter never gets', async () => {
    const built = await report();
    const caseId = built.body.caseId;
    const internalKey = generateKey();
    const dir = (await t.http.get('/api/staff/directory').set(a.headers).expect(200)).body as { userId: string; boxPublicKey: string }[];
    const sealFor = (grantee: `user:${string}` | 'recovery', boxPublicKey: Uint8Array) =>
      sealGrantToBox({ caseId, keyKind: 'internal', key: internalKey, grantee, boxPublicKey, signSecretKey: a.bundle.signSecretKey });
    const toUser = (id: string) => sealFor(`user:${id}`, fromB64(dir.find((d) => d.userId === id)!.boxPublicKey, 32));
    const toRecovery = sealFor('recovery', org.recovery!.publicKey);

    const missingColleague = await t.http
      .post(`/api/staff/cases/${caseId}/internal-key`)
      .set(a.headers)
      .send({ grants: [toUser(a.userId), toRecovery] });
    expect(missingColleague.body.error).toBe('internal_grants_mismatch');
    const noteFirst = encryptItem({
      caseId,
      kind: 'note',
      itemId: randomUUID(),
      key: internalKey,
      value: { text: 'early' },
      signSecretKey: a.bundle.signSecretKey,
    });
    expect((await t.http.post(`/api/staff/cases/${caseId}/notes`).set(a.headers).send(noteFirst)).body.error).toBe('internal_key_missing');
    await t.http
      .post(`/api/staff/cases/${caseId}/internal-key`)
      .set(a.headers)
      .send({ grants: [toUser(a.userId), toUser(b.userId), toRecovery] })
      .expect(201);
    const again = await t.http
      .post(`/api/staff/cases/${caseId}/internal-key`)
      .set(b.headers)
      .send({ grants: [toUser(a.userId), toUser(b.userId), toRecovery] });
    expect(again.body.error).toBe('internal_key_exists');

    const note = encryptItem({
      caseId,
      kind: 'note',
      itemId: randomUUID(),
      key: internalKey,
      value: { text: 'NOTE-MARKER-44c1' },
      signSecretKey: a.bundle.signSecretKey,
    });
    await t.http.post(`/api/staff/cases/${caseId}/notes`).set(a.headers).send(note).expect(201);
    const underShared = encryptItem({
      caseId,
      kind: 'note',
      itemId: randomUUID(),
      key: built.sharedKey,
      value: { text: 'x' },
      signSecretKey: a.bundle.signSecretKey,
    });
    expect((await t.http.post(`/api/staff/cases/${caseId}/notes`).set(a.headers).send(underShared)).body.error).toBe('key_id_mismatch');

    // The colleague opens the note with their own internal grant.
    const view = await t.http.get(`/api/staff/cases/${caseId}`).set(b.headers).expect(200);
    const grant = (view.body.grants as WireGrant[]).find((g) => g.keyKind === 'internal')!;
    const key = openBoxGrant(grant, caseId, { publicKey: b.boxPublicKey, secretKey: b.bundle.boxSecretKey }, view.body.internalKeyId);
    const received = (view.body.items as WireItem[]).find((i) => i.kind === 'note')!;
    expect(decryptItem<{ text: string }>(received, caseId, key).text).toBe('NOTE-MARKER-44c1');
    // The reporter sees neither the note nor the internal grant.
    const reporter = await t.http
      .get('/api/public/case')
      .set('Authorization', `Bearer ${toB64(built.reporter.lookupToken)}`)
      .expect(200);
    expect(reporter.body.items.map((i: { kind: string }) => i.kind)).not.toContain('note');
    expect(reporter.body.grants.map((g: { keyKind: string }) => g.keyKind)).not.toContain('internal');
  });

  it('removes a persons-concerned entry and redacts a report; the originals are destroyed and the log says only that', async () => {
    const built = await report({
      title: 'REDACT-TITLE-91ab',
      body: 'Names REDACT-IRRELEVANT-PERSON-6d2e',
      subjects: [{ name: 'REDACT-SUBJECT-0f3a', role: 'r', details: 'd' }],
    });
    const caseId = built.body.caseId;
    const { key } = await sharedKeyOf(a, caseId);
    const subject = built.body.items.find((i) => i.kind === 'subject')!;
    const reportItem = built.body.items.find((i) => i.kind === 'report')!;

    expect((await t.http.post(`/api/staff/cases/${caseId}/items/${subject.itemId}/remove`).set(a.headers).send({})).status).toBe(400);
    expect((await t.http.post(`/api/staff/cases/${caseId}/items/${reportItem.itemId}/remove`).set(a.headers).send({ confirm: true })).body.error).toBe(
      'item_not_removable',
    );
    await t.http.post(`/api/staff/cases/${caseId}/items/${subject.itemId}/remove`).set(a.headers).send({ confirm: true }).expect(204);

    const original = decryptItem<{ title: string; body: string; handlerSignKeys: string[] }>(reportItem, caseId, key);
    const replacement = encryptItem({
      caseId,
      kind: 'redaction',
      itemId: randomUUID(),
      key,
      value: {
        redactedItemId: reportItem.itemId,
        redactedKind: 'report',
        redactedAt: new Date().toISOString(),
        replacement: { title: original.title, body: 'Names [removed]' },
      },
      signSecretKey: a.bundle.signSecretKey,
    });
    const [{ created_at: reportCreatedAt }] = await t.db.query('SELECT created_at FROM case_items WHERE id = $1', [reportItem.itemId]);
    const wrongKind = { ...replacement, kind: 'subject' };
    expect(
      (await t.http.post(`/api/staff/cases/${caseId}/items/${reportItem.itemId}/redact`).set(a.headers).send({ confirm: true, replacement: wrongKind })).status,
    ).toBe(400);
    await t.http.post(`/api/staff/cases/${caseId}/items/${reportItem.itemId}/redact`).set(a.headers).send({ confirm: true, replacement }).expect(200);

    // The reporter reads the redaction in the report's place, signed by the handler who redacted it.
    const seen = await t.http
      .get('/api/public/case')
      .set('Authorization', `Bearer ${toB64(built.reporter.lookupToken)}`)
      .expect(200);
    const items = seen.body.items as (WireItem & { signerPublicKey: string; authorKind: string; createdAt: string })[];
    expect(items.map((i) => i.kind)).toEqual(['redaction']);
    expect(items[0]).toMatchObject({ authorKind: 'handler', signerPublicKey: toB64(a.signPublicKey), createdAt: (reportCreatedAt as Date).toISOString() });
    verifyItem(items[0], caseId, a.signPublicKey);
    expect(decryptItem<{ replacement: { body: string } }>(items[0], caseId, key).replacement.body).toBe('Names [removed]');

    // The originals are gone from the database; the log records kinds, not content.
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM case_items WHERE id = ANY($1::uuid[])', [[subject.itemId, reportItem.itemId]]);
    expect(n).toBe(0);
    const events = await t.db.query(
      "SELECT action, details FROM audit_events WHERE case_id = $1 AND action IN ('case.personal_data_removed', 'case.item_redacted') ORDER BY seq",
      [caseId],
    );
    expect(events).toEqual([
      { action: 'case.personal_data_removed', details: { kind: 'subject' } },
      { action: 'case.item_redacted', details: { kind: 'report' } },
    ]);
  });

  it('tracks informing the persons concerned (GDPR 14) one month after receipt, or a documented deferral', async () => {
    const built = await report();
    const caseId = built.body.caseId;
    const view = async () => (await t.http.get(`/api/staff/cases/${caseId}`).set(a.headers).expect(200)).body;
    const before = await view();
    const due = new Date(before.receivedAt);
    due.setUTCMonth(due.getUTCMonth() + 1);
    expect(before.subjectInformed).toMatchObject({ informedAt: null, deferral: null, overdue: false });
    expect(Math.abs(new Date(before.subjectInformed.dueAt).getTime() - due.getTime())).toBeLessThan(3 * 86_400_000);

    const post = (body: object) => t.http.post(`/api/staff/cases/${caseId}/subject-informed`).set(a.headers).send(body);
    expect((await post({})).body.error).toBe('informed_or_deferral');
    expect((await post({ informed: true, deferral: 'protects_reporter' })).body.error).toBe('informed_or_deferral');
    expect((await post({ deferral: 'because' })).status).toBe(400);

    await t.db.query("UPDATE cases SET subject_informed_due_at = now() - interval '1 day' WHERE id = $1", [caseId]);
    expect((await view()).subjectInformed.overdue).toBe(true);
    await post({ deferral: 'jeopardises_investigation' }).expect(200);
    expect((await view()).subjectInformed).toMatchObject({ deferral: 'jeopardises_investigation', overdue: false });
    const informed = await post({ informed: true }).expect(200);
    expect(informed.body).toMatchObject({ subjectInformedAt: expect.any(String), deferral: null });
    const events = await t.db.query("SELECT action, details FROM audit_events WHERE case_id = $1 AND action LIKE 'case.subject_%' ORDER BY seq", [caseId]);
    expect(events).toEqual([
      { action: 'case.subject_information_deferred', details: { ground: 'jeopardises_investigation' } },
      { action: 'case.subject_informed', details: {} },
    ]);
  });
  /** Acknowledged, triaged, investigated and concluded: ready to close. */
  const concludedCase = async (content?: Parameters<typeof submitReport>[2]) => {
    const built = await report(content);
    const caseId = built.body.caseId;
    await t.http.post(`/api/staff/cases/${caseId}/acknowledge`).set(a.headers).expect(200);
    await status(caseId, { status: 'triaged', triage: { priority: 'normal', relevance: 'in_scope', retaliationRisk: 'high' } }).expect(200);
    await status(caseId, { status: 'investigating' }).expect(200);
    await status(caseId, { status: 'concluded', conclusion: { outcome: 'partly_substantiated' } }).expect(200);
    return caseId;
  };
  const viewOf = async (caseId: string) => (await t.http.get(`/api/staff/cases/${caseId}`).set(a.headers).expect(200)).body;
  const followUpDone = (caseId: string) => t.http.post(`/api/staff/cases/${caseId}/follow-up-done`).set(a.headers).send({});

  it('records at closure whether the reporter was at risk and what protected them, and keeps a follow-up as the closed case deadline (R40)', async () => {
    const caseId = await concludedCase();
    const close = (closure: object) => status(caseId, { status: 'closed', closure: { feedbackGiven: true, ...closure } });
    const DAY = 86_400_000;
    const now = t.clock.now().getTime();
    const refusals: [object, string][] = [
      [{}, 'invalid_request'],
      [{ reporterAtRisk: 'yes' }, 'invalid_request'],
      [{ reporterAtRisk: true, measures: ['moved_to_mars'] }, 'invalid_request'],
      [{ reporterAtRisk: true, measures: ['other', 'other'] }, 'invalid_request'],
      [{ reporterAtRisk: true, followUpAt: 'next week' }, 'invalid_request'],
      [{ reporterAtRisk: true, followUpAt: new Date(now - DAY).toISOString() }, 'follow_up_in_past'],
      // Past the case's deletion date (the channel's retention after closure): it could never happen.
      [{ reporterAtRisk: true, followUpAt: new Date(now + 40 * 365 * DAY).toISOString() }, 'follow_up_after_deletion'],
    ];
    for (const [closure, error] of refusals) {
      const res = await close(closure);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error });
    }
    // Nothing of a refused closure stayed.
    expect(await viewOf(caseId)).toMatchObject({ status: 'concluded', closedAt: null, closure: null });
    expect((await followUpDone(caseId)).body.error).toBe('no_follow_up');

    const followUpAt = new Date(now + 30 * DAY).toISOString();
    const closed = await close({ reporterAtRisk: true, measures: ['retaliation_monitoring', 'support_referral'], followUpAt }).expect(200);
    expect(closed.body).toEqual({ status: 'closed', nextDueAt: followUpAt });
    expect((await viewOf(caseId)).closure).toEqual({
      reporterAtRisk: true,
      measures: ['retaliation_monitoring', 'support_referral'],
      followUpAt,
      followUpDoneAt: null,
    });
    // The closed case stays in the deadline view until the follow-up is done.
    const byDue = await t.http.get('/api/staff/cases?sort=due&limit=200').set(a.headers).expect(200);
    expect(byDue.body.cases.find((c: { id: string }) => c.id === caseId)).toMatchObject({
      status: 'closed',
      nextDueAt: followUpAt,
      followUpAt,
      followUpDoneAt: null,
    });
    // Only a closed case can carry a follow-up, whoever writes the row.
    const open = await concludedCase();
    await expect(t.db.query('UPDATE cases SET follow_up_at = now() WHERE id = $1', [open])).rejects.toThrow(/ck_cases_follow_up/);
    await expect(t.db.query("UPDATE cases SET protective_measures = '{bribe}' WHERE id = $1", [caseId])).rejects.toThrow(/ck_cases_protective_measures/);

    const done = await followUpDone(caseId).expect(200);
    expect(done.body).toEqual({ followUpDoneAt: expect.any(String), nextDueAt: null });
    expect((await followUpDone(caseId)).body.error).toBe('follow_up_done_already');
    expect(await viewOf(caseId)).toMatchObject({ nextDueAt: null, closure: { followUpDoneAt: done.body.followUpDoneAt } });
    const events = await t.db.query(
      "SELECT action, details FROM audit_events WHERE case_id = $1 AND action IN ('case.status_changed', 'case.follow_up_done') ORDER BY seq",
      [caseId],
    );
    expect(events.slice(-2)).toEqual([
      {
        action: 'case.status_changed',
        details: { from: 'concluded', to: 'closed', reporterAtRisk: true, measures: 'retaliation_monitoring,support_referral', followUp: true },
      },
      { action: 'case.follow_up_done', details: {} },
    ]);

    // Reopening clears the closure record: the next closure records protection anew.
    await status(caseId, { status: 'investigating' }).expect(200);
    expect(await viewOf(caseId)).toMatchObject({ closure: null, closedAt: null });
    expect((await t.db.query('SELECT follow_up_at, protective_measures FROM cases WHERE id = $1', [caseId]))[0]).toEqual({
      follow_up_at: null,
      protective_measures: [],
    });
  });

  it('shows the deadlines of an anonymous case, marked as not legally required, and not those of a reporter who gave their identity (R8)', async () => {
    const anonymous = await report();
    const named = await report({ title: 'T', body: 'B', identity: { name: 'Rea Porter', contact: 'rea@example.test', details: '' } });
    expect(await viewOf(anonymous.body.caseId)).toMatchObject({ anonymous: true, acknowledgementDueAt: expect.any(String), nextDueAt: expect.any(String) });
    expect((await viewOf(named.body.caseId)).anonymous).toBe(false);
    const inbox = await t.http.get('/api/staff/cases?limit=200').set(a.headers).expect(200);
    const row = (id: string) => inbox.body.cases.find((c: { id: string }) => c.id === id);
    expect(row(anonymous.body.caseId)).toMatchObject({ anonymous: true, nextDueAt: expect.any(String) });
    expect(row(named.body.caseId)).toMatchObject({ anonymous: false });
  });

  it('flags a case as holding special-category or criminal-offence data only with an encrypted necessity note, and filters the inbox by it (R34)', async () => {
    const built = await report();
    const other = await report();
    const caseId = built.body.caseId;
    const internalKey = generateKey();
    const dir = (await t.http.get('/api/staff/directory').set(a.headers).expect(200)).body as { userId: string; boxPublicKey: string }[];
    const seal = (userId: string) =>
      sealGrantToBox({
        caseId,
        keyKind: 'internal',
        key: internalKey,
        grantee: `user:${userId}`,
        boxPublicKey: fromB64(dir.find((d) => d.userId === userId)!.boxPublicKey, 32),
        signSecretKey: a.bundle.signSecretKey,
      });
    const toRecovery = sealGrantToBox({
      caseId,
      keyKind: 'internal',
      key: internalKey,
      grantee: 'recovery',
      boxPublicKey: org.recovery!.publicKey,
      signSecretKey: a.bundle.signSecretKey,
    });
    const put = (body: object) => t.http.put(`/api/staff/cases/${caseId}/special-data`).set(a.headers).send(body);
    const note = (key: Uint8Array, text: string) =>
      encryptItem({ caseId, kind: 'note', itemId: randomUUID(), key, value: { text }, signSecretKey: a.bundle.signSecretKey });

    expect((await put({ categories: ['special_category'], note: note(internalKey, 'x') })).body.error).toBe('internal_key_missing');
    await t.http
      .post(`/api/staff/cases/${caseId}/internal-key`)
      .set(a.headers)
      .send({ grants: [seal(a.userId), seal(b.userId), toRecovery] })
      .expect(201);
    const refusals: [object, string][] = [
      [{ categories: ['special_category'] }, 'necessity_note_required'],
      [{ categories: ['religion'], note: note(internalKey, 'x') }, 'invalid_request'],
      [{ categories: [], note: note(internalKey, 'x') }, 'necessity_note_without_flag'],
      [{ categories: ['criminal_offence'], note: note(built.sharedKey, 'x') }, 'key_id_mismatch'],
      [{ note: note(internalKey, 'x') }, 'invalid_request'],
    ];
    for (const [body, error] of refusals) {
      const res = await put(body);
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error });
    }
    expect((await viewOf(caseId)).specialData).toEqual({ categories: [], necessityNoteId: null });
    expect((await viewOf(caseId)).items.filter((i: { kind: string }) => i.kind === 'note')).toEqual([]);

    const necessity = note(internalKey, 'NECESSITY-MARKER-9a3e: health data needed to assess the safety report');
    const flagged = await put({ categories: ['criminal_offence', 'special_category'], note: necessity }).expect(200);
    expect(flagged.body).toEqual({ categories: ['special_category', 'criminal_offence'], necessityNoteId: necessity.itemId });
    // The colleague reads the necessity note with their own internal grant.
    const view = (await t.http.get(`/api/staff/cases/${caseId}`).set(b.headers).expect(200)).body;
    expect(view.specialData).toEqual({ categories: ['special_category', 'criminal_offence'], necessityNoteId: necessity.itemId });
    const grant = (view.grants as WireGrant[]).find((g) => g.keyKind === 'internal')!;
    const key = openBoxGrant(grant, caseId, { publicKey: b.boxPublicKey, secretKey: b.bundle.boxSecretKey }, view.internalKeyId);
    const stored = (view.items as WireItem[]).find((i) => i.itemId === necessity.itemId)!;
    expect(decryptItem<{ text: string }>(stored, caseId, key).text).toMatch(/^NECESSITY-MARKER-9a3e/);

    const flaggedInbox = async () =>
      (
        (await t.http.get('/api/staff/cases?specialData=flagged&limit=200').set(a.headers).expect(200)).body.cases as { id: string; specialData: string[] }[]
      ).map((c) => [c.id, c.specialData]);
    expect(await flaggedInbox()).toEqual([[caseId, ['special_category', 'criminal_offence']]]);
    expect((await t.http.get('/api/staff/cases?specialData=all').set(a.headers)).status).toBe(400);
    const all = (await t.http.get('/api/staff/cases?limit=200').set(a.headers).expect(200)).body.cases as { id: string; specialData: string[] }[];
    expect(all.find((c) => c.id === other.body.caseId)!.specialData).toEqual([]);
    // A flag without its note cannot be stored, whoever writes the row.
    await expect(t.db.query('UPDATE cases SET special_data_note_id = NULL WHERE id = $1', [caseId])).rejects.toThrow(/ck_cases_special_data_note/);

    await put({ categories: [] }).expect(200);
    expect(await flaggedInbox()).toEqual([]);
    const events = await t.db.query("SELECT action, details FROM audit_events WHERE case_id = $1 AND action LIKE 'case.special_data%' ORDER BY seq", [caseId]);
    expect(events).toEqual([
      { action: 'case.special_data_flagged', details: { categories: 'special_category,criminal_offence' } },
      { action: 'case.special_data_cleared', details: { categories: '' } },
    ]);
    const log = JSON.stringify(await t.db.query('SELECT details FROM audit_events WHERE case_id = $1', [caseId]));
    expect(log).not.toContain('NECESSITY-MARKER');
  });
});
