import { randomUUID } from 'node:crypto';
import { encryptItem, generateStaffKeys, randomBytes, toB64 } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { BuiltSubmission, buildSubmission, fetchOrganisation, fetchRecipients, solveChallenge } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

describe('reporter follow-up with the case secret', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let built: BuiltSubmission;
  let bearer: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    const info = await fetchOrganisation(t.http, org.slug);
    const recipients = await fetchRecipients(t.http, org.channelId);
    built = buildSubmission({
      org: info,
      channelId: org.channelId,
      recipients,
      content: { title: 'T', body: 'B', identity: { name: 'N', contact: 'C', details: 'D' } },
    });
    await t.http
      .post('/api/public/reports')
      .send({ ...built.body, proof: await solveChallenge(t.http) })
      .expect(201);
    bearer = `Bearer ${toB64(built.reporter.lookupToken)}`;
  });
  afterAll(() => t.close());

  it('shows the reporter only their own grants and the items they may read', async () => {
    const res = await t.http.get('/api/public/case').set('Authorization', bearer).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.grants.map((g: { grantee: string; keyKind: string }) => `${g.keyKind}:${g.grantee}`).sort()).toEqual([
      'identity:reporter',
      'shared:reporter',
    ]);
    expect(res.body.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['identity', 'report']);
    expect(res.body).toMatchObject({ caseId: built.body.caseId, status: 'received', acknowledgedAt: null, closedAt: null, attachments: [] });
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'acknowledgedAt',
        'attachments',
        'caseId',
        'closedAt',
        'feedbackDueAt',
        'grants',
        'items',
        'receivedAt',
        'reference',
        'reporterSignPublicKey',
        'status',
        // Extensions (docs/reporter-protocol-extensions.md): transcripts, voice consents, meetings.
        'transcriptReviews',
        'voiceConsents',
        'meetings',
      ].sort(),
    );
  });

  it('never shows internal notes to the reporter', async () => {
    await t.db.query(
      `INSERT INTO case_items (id, case_id, kind, key_id, nonce, ciphertext, signature, author_kind, signer_public_key)
       VALUES ($1, $2, 'note', $3, $3, $3, $3, 'handler', $3)`,
      [randomUUID(), built.body.caseId, Buffer.alloc(16)],
    );
    const res = await t.http.get('/api/public/case').set('Authorization', bearer).expect(200);
    expect(res.body.items.map((i: { kind: string }) => i.kind)).not.toContain('note');
  });

  it('answers one 401 for a wrong, unknown or malformed case secret', async () => {
    const answers = await Promise.all([
      t.http.get('/api/public/case').set('Authorization', `Bearer ${toB64(randomBytes(32))}`),
      t.http.get('/api/public/case').set('Authorization', 'Bearer not-base64!'),
      t.http.get('/api/public/case').set('Authorization', `Basic ${toB64(built.reporter.lookupToken)}`),
      t.http.get('/api/public/case'),
    ]);
    for (const res of answers)
      expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { error: 'invalid_case_secret', message: 'The case secret is not valid.' } });
  });

  it('accepts a signed message and refuses forged or misplaced ones', async () => {
    const caseId = built.body.caseId;
    const ok = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: built.sharedKey,
      value: { text: 'hello' },
      signSecretKey: built.reporter.sign.secretKey,
    });
    await t.http.post('/api/public/case/messages').set('Authorization', bearer).send(ok).expect(201);

    const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM case_items WHERE case_id = $1', [caseId]))[0].n as number;
    const before = await count();
    const forged = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: built.sharedKey,
      value: { text: 'x' },
      signSecretKey: generateStaffKeys().sign.secretKey,
    });
    const asHandler = encryptItem({
      caseId,
      kind: 'message-handler',
      itemId: randomUUID(),
      key: built.sharedKey,
      value: { text: 'x' },
      signSecretKey: built.reporter.sign.secretKey,
    });
    const otherKey = encryptItem({
      caseId,
      kind: 'message-reporter',
      itemId: randomUUID(),
      key: built.identityKey!,
      value: { text: 'x' },
      signSecretKey: built.reporter.sign.secretKey,
    });
    const cases: [unknown, number, string][] = [
      [forged, 400, 'bad_item_signature'],
      [asHandler, 400, 'item_kind_not_allowed'],
      [otherKey, 400, 'key_id_mismatch'],
      [ok, 409, 'item_exists'],
      [{ ...ok, itemId: 'nope' }, 400, 'invalid_request'],
    ];
    for (const [body, status, error] of cases) {
      const res = await t.http
        .post('/api/public/case/messages')
        .set('Authorization', bearer)
        .send(body as object);
      expect({ status: res.status, error: res.body.error }).toEqual({ status, error });
    }
    const stranger = await t.http
      .post('/api/public/case/messages')
      .set('Authorization', `Bearer ${toB64(randomBytes(32))}`)
      .send(ok);
    expect(stranger.status).toBe(401);
    expect(await count()).toBe(before);
  });
});
