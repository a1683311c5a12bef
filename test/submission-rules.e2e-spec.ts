import { SUBMISSION_LIMITS } from '@kanava/protocol';
import { randomUUID } from 'node:crypto';
import { encryptItem, generateKey, generateStaffKeys, keyId, sealGrantToBox, sealGrantToReporter, toB64, WireGrant, WireItem } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import { BuiltSubmission, buildSubmission, fetchOrganisation, fetchRecipients, ReportContent, solveChallenge } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

type Body = BuiltSubmission['body'] & Record<string, unknown>;

/** Every rule of API.md "Submit": a violating request gets its own 4xx code and stores nothing. */
describe('submission rules', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let strictOrg: TestOrganisation;
  let closedOrg: TestOrganisation;

  beforeAll(async () => {
    t = await startTestApp({ KANAVA_MAX_ITEM_BYTES: '65536', KANAVA_JSON_BODY_LIMIT: '262144' });
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    strictOrg = await makeOrganisation(t, { handlers: 1, custodians: 1, allowAnonymous: false, withRecovery: false });
    closedOrg = await makeOrganisation(t, { handlers: 2, custodians: 0, exclusionEnabled: false, withRecovery: false });
  });
  afterAll(() => t.close());

  async function build(target: TestOrganisation, content: ReportContent = { title: 'T', body: 'B' }, excludedUserIds: string[] = []) {
    const info = await fetchOrganisation(t.http, target.slug);
    const recipients = await fetchRecipients(t.http, target.channelId);
    return buildSubmission({ org: info, channelId: target.channelId, categoryId: target.categoryIds[0], recipients, content, excludedUserIds });
  }

  async function casesOf(target: TestOrganisation): Promise<number> {
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM cases WHERE organisation_id = $1', [target.id]);
    return n as number;
  }

  /** Sends the body (with a fresh proof unless given) and checks the refusal and that nothing was stored. */
  async function expectRefused(target: TestOrganisation, body: Body, status: number, error: string, proof?: unknown) {
    const before = await casesOf(target);
    const res = await t.http.post('/api/public/reports').send({ proof: proof ?? (await solveChallenge(t.http)), ...body });
    expect({ status: res.status, error: res.body.error }).toEqual({ status, error });
    expect(typeof res.body.message).toBe('string');
    expect(await casesOf(target)).toBe(before);
    const itemIds = (body.items ?? []).map((i) => i.itemId).filter((id) => typeof id === 'string');
    if (itemIds.length) {
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM case_items WHERE id = ANY($1::uuid[])', [itemIds]);
      expect(n).toBe(0);
    }
  }

  /** A report accepted in `target`, whose case id, lookup token or item ids a test then reuses. */
  async function accepted(target: TestOrganisation): Promise<BuiltSubmission> {
    const b = await build(target);
    await t.http
      .post('/api/public/reports')
      .send({ ...b.body, proof: await solveChallenge(t.http) })
      .expect(201);
    return b;
  }

  const sign = (b: BuiltSubmission) => b.reporter.sign.secretKey;
  const item = (b: BuiltSubmission, kind: 'report' | 'subject' | 'identity' | 'note', value: unknown, key = b.sharedKey) =>
    encryptItem({ caseId: b.body.caseId, kind, itemId: randomUUID(), key, value, signSecretKey: sign(b) });

  it('accepts a valid submission (the control for every refusal below)', async () => {
    const b = await build(org, {
      title: 'T',
      body: 'B',
      subjects: [{ name: 'n', role: 'r', details: 'd' }],
      identity: { name: 'I', contact: 'c', details: '' },
    });
    await t.http
      .post('/api/public/reports')
      .send({ ...b.body, proof: await solveChallenge(t.http) })
      .expect(201);
  });

  describe('proof of work', () => {
    it('refuses a wrong nonce', async () => {
      const b = await build(org);
      const proof = await solveChallenge(t.http);
      // Difficulty 4: a nonce whose hash fails is found quickly by trying.
      const { verifyProof, fromB64, proofHash } = await import('@kanava/crypto');
      void proofHash;
      const [row] = await t.db.query('SELECT salt, difficulty FROM challenges WHERE id = $1', [proof.challengeId]);
      let bad = new Uint8Array(8);
      for (let i = 0; verifyProof(new Uint8Array(row.salt), bad, row.difficulty); i++) bad = new Uint8Array([i + 1, 0, 0, 0, 0, 0, 0, 0]);
      expect(fromB64(proof.nonce, 8)).not.toEqual(bad);
      await expectRefused(org, b.body, 400, 'invalid_proof', { challengeId: proof.challengeId, nonce: toB64(bad) });
    });

    it('refuses a spent proof', async () => {
      const proof = await solveChallenge(t.http);
      const first = await build(org);
      await t.http
        .post('/api/public/reports')
        .send({ ...first.body, proof })
        .expect(201);
      await expectRefused(org, (await build(org)).body, 400, 'invalid_proof', proof);
    });

    it('refuses an unknown challenge', async () => {
      await expectRefused(org, (await build(org)).body, 400, 'invalid_proof', { challengeId: randomUUID(), nonce: 'AAAAAAAAAAA' });
    });

    it('refuses an expired proof', async () => {
      const proof = await solveChallenge(t.http);
      await t.db.query("UPDATE challenges SET expires_at = now() - interval '1 second' WHERE id = $1", [proof.challengeId]);
      await expectRefused(org, (await build(org)).body, 400, 'proof_expired', proof);
    });
  });

  describe('identity of the case', () => {
    it('takes one of two identical submissions sent at once and refuses the other as case_exists', async () => {
      // Both may pass the checks before either is stored; the unique keys then decide.
      const b = await build(org);
      const send = async () => t.http.post('/api/public/reports').send({ ...b.body, proof: await solveChallenge(t.http) });
      const answers = await Promise.all([send(), send(), send()]);
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(answers.filter((r) => r.status === 409).map((r) => r.body.error)).toEqual(['case_exists', 'case_exists']);
      const [{ cases, items, grants }] = await t.db.query(
        `SELECT (SELECT count(*)::int FROM cases WHERE id = $1) AS cases, (SELECT count(*)::int FROM case_items WHERE case_id = $1) AS items,
                (SELECT count(*)::int FROM case_grants WHERE case_id = $1) AS grants`,
        [b.body.caseId],
      );
      expect({ cases, items, grants }).toEqual({ cases: 1, items: b.body.items.length, grants: b.body.grants.length });
    });

    it('refuses a case id that exists', async () => {
      const first = await accepted(org);
      // Re-sign everything for the reused case id, so only the id is wrong.
      const info = await fetchOrganisation(t.http, org.slug);
      const recipients = await fetchRecipients(t.http, org.channelId);
      const rebuilt = buildSubmission({ org: info, channelId: org.channelId, recipients, content: { title: 'x', body: 'y' } });
      const before = await casesOf(org);
      const res = await t.http.post('/api/public/reports').send({ ...rebuilt.body, caseId: first.body.caseId, proof: await solveChallenge(t.http) });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('case_exists');
      expect(await casesOf(org)).toBe(before);
    });

    it('refuses a lookup token in use', async () => {
      const first = await accepted(org);
      const second = await build(org);
      await expectRefused(org, { ...second.body, lookupToken: first.body.lookupToken as string }, 409, 'lookup_token_in_use');
    });

    it('refuses an item id another case holds, storing nothing of the second case', async () => {
      const first = await accepted(org);
      const second = await build(org);
      const taken = first.body.items.find((i) => i.kind === 'report')!.itemId;
      // Signed for the second case, so only the id is wrong; the unique key is what refuses it.
      const reused = encryptItem({
        caseId: second.body.caseId,
        kind: 'subject',
        itemId: taken,
        key: second.sharedKey,
        value: { name: 'n', role: 'r', details: 'd' },
        signSecretKey: sign(second),
      });
      const items = [...second.body.items, reused];
      const before = await casesOf(org);
      const res = await t.http.post('/api/public/reports').send({ ...second.body, items, proof: await solveChallenge(t.http) });
      expect({ status: res.status, error: res.body.error }).toEqual({ status: 409, error: 'item_exists' });
      expect(await casesOf(org)).toBe(before);
      const [{ owners }] = await t.db.query('SELECT array_agg(case_id)::text[] AS owners FROM case_items WHERE id = $1', [taken]);
      expect(owners).toEqual([first.body.caseId]);
    });

    it('refuses an unknown channel', async () => {
      const b = await build(org);
      await expectRefused(org, { ...b.body, channelId: randomUUID() }, 400, 'unknown_channel');
    });

    it("refuses another channel's category", async () => {
      const b = await build(org);
      await expectRefused(org, { ...b.body, categoryId: closedOrg.categoryIds[0] }, 400, 'unknown_category');
    });
  });

  describe('items', () => {
    it('refuses a submission without a report item', async () => {
      const b = await build(org, { title: 'T', body: 'B', subjects: [{ name: 'n', role: 'r', details: 'd' }] });
      await expectRefused(org, { ...b.body, items: b.body.items.filter((i) => i.kind !== 'report') }, 400, 'report_item_missing');
    });

    it('refuses two report items', async () => {
      const b = await build(org);
      const extra = item(b, 'report', { title: 'again', body: 'again', handlerSignKeys: [] });
      await expectRefused(org, { ...b.body, items: [...b.body.items, extra] }, 400, 'too_many_report_items');
    });

    it('refuses two identity items', async () => {
      const b = await build(org, { title: 'T', body: 'B', identity: { name: 'a', contact: 'b', details: 'c' } });
      const extra = item(b, 'identity', { name: 'x', contact: 'y', details: 'z' }, b.identityKey!);
      await expectRefused(org, { ...b.body, items: [...b.body.items, extra] }, 400, 'too_many_identity_items');
    });

    it('requires identity where the channel takes no anonymous reports', async () => {
      const b = await build(strictOrg);
      await expectRefused(strictOrg, b.body, 400, 'identity_required');
      const withIdentity = await build(strictOrg, { title: 'T', body: 'B', identity: { name: 'N', contact: 'C', details: '' } });
      await t.http
        .post('/api/public/reports')
        .send({ ...withIdentity.body, proof: await solveChallenge(t.http) })
        .expect(201);
    });

    it('refuses more than 50 persons concerned', async () => {
      const subjects = Array.from({ length: 51 }, (_, i) => ({ name: `p${i}`, role: 'r', details: '' }));
      const b = await build(org, { title: 'T', body: 'B', subjects });
      await expectRefused(org, b.body, 400, 'too_many_subject_items');
    });

    it('refuses item kinds other than report, subject and identity', async () => {
      const b = await build(org);
      await expectRefused(org, { ...b.body, items: [...b.body.items, item(b, 'note', { text: 'x' })] }, 400, 'item_kind_not_allowed');
    });

    it('refuses duplicate item ids', async () => {
      const b = await build(org, { title: 'T', body: 'B', subjects: [{ name: 'n', role: 'r', details: 'd' }] });
      const [report, subject] = b.body.items;
      const clash = encryptItem({
        caseId: b.body.caseId,
        kind: 'subject',
        itemId: report.itemId,
        key: b.sharedKey,
        value: { name: 'n', role: 'r', details: 'd' },
        signSecretKey: sign(b),
      });
      void subject;
      await expectRefused(org, { ...b.body, items: [report, clash] }, 400, 'duplicate_item_id');
    });

    it('refuses an item signed by another key', async () => {
      const b = await build(org);
      const stranger = generateStaffKeys().sign.secretKey;
      const forged = encryptItem({
        caseId: b.body.caseId,
        kind: 'report',
        itemId: randomUUID(),
        key: b.sharedKey,
        value: { title: 'x', body: 'y', handlerSignKeys: [] },
        signSecretKey: stranger,
      });
      await expectRefused(org, { ...b.body, items: [forged] }, 400, 'bad_item_signature');
    });

    it('refuses an item whose signature was made for another case', async () => {
      const b = await build(org);
      const elsewhere = encryptItem({
        caseId: randomUUID(),
        kind: 'report',
        itemId: randomUUID(),
        key: b.sharedKey,
        value: { title: 'x', body: 'y', handlerSignKeys: [] },
        signSecretKey: sign(b),
      });
      await expectRefused(org, { ...b.body, items: [elsewhere] }, 400, 'bad_item_signature');
    });

    it('refuses an item that is not padded', async () => {
      const b = await build(org);
      const [report] = b.body.items;
      await expectRefused(org, { ...b.body, items: [{ ...report, ciphertext: toB64(new Uint8Array(100)) }] }, 400, 'invalid_item_size');
    });

    it('refuses an item over the configured size', async () => {
      const b = await build(org, { title: 'T', body: 'x'.repeat(70_000) });
      await expectRefused(org, b.body, 413, 'item_too_large');
    });
  });

  describe('grants', () => {
    it('refuses shared grants that leave out a handler', async () => {
      const b = await build(org);
      await expectRefused(org, { ...b.body, grants: b.body.grants.filter((g) => g.grantee !== `user:${org.handlers[1].id}`) }, 400, 'shared_grants_mismatch');
    });

    it('refuses shared grants that leave out recovery', async () => {
      const b = await build(org);
      await expectRefused(org, { ...b.body, grants: b.body.grants.filter((g) => g.grantee !== 'recovery') }, 400, 'shared_grants_mismatch');
    });

    it('refuses a shared grant to an excluded handler', async () => {
      const excluded = org.handlers[1];
      const b = await build(org, { title: 'T', body: 'B' }, [excluded.id]);
      const recipients = await fetchRecipients(t.http, org.channelId);
      const boxKey = recipients.handlers.find((h) => h.userId === excluded.id)!.boxPublicKey;
      const { fromB64 } = await import('@kanava/crypto');
      const leak = sealGrantToBox({
        caseId: b.body.caseId,
        keyKind: 'shared',
        key: b.sharedKey,
        grantee: `user:${excluded.id}`,
        boxPublicKey: fromB64(boxKey, 32),
        signSecretKey: sign(b),
      });
      await expectRefused(org, { ...b.body, grants: [...b.body.grants, leak] }, 400, 'shared_grants_mismatch');
    });

    it('refuses a grant to a stranger', async () => {
      const b = await build(org);
      const stranger = generateStaffKeys().box.publicKey;
      const extra = sealGrantToBox({
        caseId: b.body.caseId,
        keyKind: 'shared',
        key: b.sharedKey,
        grantee: `user:${randomUUID()}`,
        boxPublicKey: stranger,
        signSecretKey: sign(b),
      });
      await expectRefused(org, { ...b.body, grants: [...b.body.grants, extra] }, 400, 'shared_grants_mismatch');
    });

    it('refuses identity grants without an identity item', async () => {
      const b = await build(org);
      const key = generateKey();
      const extra = sealGrantToReporter({ caseId: b.body.caseId, keyKind: 'identity', key, wrapKey: b.reporter.wrapKey, signSecretKey: sign(b) });
      await expectRefused(org, { ...b.body, grants: [...b.body.grants, extra] }, 400, 'unexpected_identity_grant');
    });

    it('refuses identity grants that leave out the custodian', async () => {
      const b = await build(org, { title: 'T', body: 'B', identity: { name: 'a', contact: 'b', details: 'c' } });
      const grants = b.body.grants.filter((g) => !(g.keyKind === 'identity' && g.grantee === `user:${org.custodians[0].id}`));
      await expectRefused(org, { ...b.body, grants }, 400, 'identity_grants_mismatch');
    });

    it('refuses the same grant twice', async () => {
      const b = await build(org);
      await expectRefused(org, { ...b.body, grants: [...b.body.grants, b.body.grants[0]] }, 400, 'duplicate_grant');
    });

    it('refuses a grant signed by another key', async () => {
      const b = await build(org);
      const stranger = generateStaffKeys().sign.secretKey;
      const forged = sealGrantToReporter({ caseId: b.body.caseId, keyKind: 'shared', key: b.sharedKey, wrapKey: b.reporter.wrapKey, signSecretKey: stranger });
      await expectRefused(org, { ...b.body, grants: [forged, ...b.body.grants.filter((g) => g.grantee !== 'reporter')] }, 400, 'bad_grant_signature');
    });

    it('refuses a sealed key of the wrong length for its grantee', async () => {
      const b = await build(org);
      const handlerGrant = b.body.grants.find((g) => g.grantee.startsWith('user:'))!;
      const reporterGrant = b.body.grants.find((g) => g.grantee === 'reporter')!;
      const swapped: WireGrant = { ...reporterGrant, sealed: handlerGrant.sealed };
      await expectRefused(org, { ...b.body, grants: [swapped, ...b.body.grants.filter((g) => g.grantee !== 'reporter')] }, 400, 'bad_grant_length');
    });

    it('refuses two keyIds for one key kind', async () => {
      const b = await build(org);
      const other = generateKey();
      const stray = sealGrantToReporter({ caseId: b.body.caseId, keyKind: 'shared', key: other, wrapKey: b.reporter.wrapKey, signSecretKey: sign(b) });
      expect(stray.keyId).toBe(toB64(keyId(other)));
      await expectRefused(org, { ...b.body, grants: [stray, ...b.body.grants.filter((g) => g.grantee !== 'reporter')] }, 400, 'key_id_mismatch');
    });

    it('refuses items under a key no grant names', async () => {
      const b = await build(org);
      const other = generateKey();
      const report = item(b, 'report', { title: 'T', body: 'B', handlerSignKeys: [] }, other);
      await expectRefused(org, { ...b.body, items: [report] }, 400, 'key_id_mismatch');
    });
  });

  describe('exclusions', () => {
    it('refuses excluding someone who is not a handler of the channel', async () => {
      const b = await build(org);
      await expectRefused(org, { ...b.body, excludedUserIds: [org.custodians[0].id] }, 400, 'exclusion_unknown_handler');
    });

    it('refuses exclusion where the channel does not allow it', async () => {
      const b = await build(closedOrg, { title: 'T', body: 'B' }, [closedOrg.handlers[0].id]);
      await expectRefused(closedOrg, b.body, 400, 'exclusion_not_allowed');
    });

    it('refuses excluding every handler', async () => {
      const b = await build(
        org,
        { title: 'T', body: 'B' },
        org.handlers.map((h) => h.id),
      );
      await expectRefused(org, b.body, 400, 'exclusion_excludes_all');
    });

    it('accepts excluding some handlers, and the excluded one cannot open the case', async () => {
      const b = await build(org, { title: 'T', body: 'B' }, [org.handlers[1].id]);
      await t.http
        .post('/api/public/reports')
        .send({ ...b.body, proof: await solveChallenge(t.http) })
        .expect(201);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2', [
        b.body.caseId,
        org.handlers[1].id,
      ]);
      expect(n).toBe(0);
    });
  });

  describe('shapes and sizes', () => {
    const shape = async (mutate: (b: Body) => unknown) => {
      const b = await build(org);
      await expectRefused(org, mutate(b.body) as Body, 400, 'invalid_request');
    };

    it('refuses padded base64', () => shape((b) => ({ ...b, lookupToken: `${b.lookupToken}=` })));
    it('refuses standard base64 characters', () => shape((b) => ({ ...b, reporterSignPublicKey: (b.reporterSignPublicKey as string).replace(/^./, '+') })));
    it('refuses a key of the wrong length', () => shape((b) => ({ ...b, lookupToken: toB64(new Uint8Array(31)) })));
    it('refuses an upper-case UUID', () => shape((b) => ({ ...b, caseId: b.caseId.toUpperCase() })));
    it('refuses unknown properties', () => shape((b) => ({ ...b, reporterIp: '192.0.2.1' })));
    it('refuses an unknown item kind', () => shape((b) => ({ ...b, items: b.items.map((i: WireItem) => ({ ...i, kind: 'poem' })) })));
    it('refuses an unknown grant key kind', () => shape((b) => ({ ...b, grants: b.grants.map((g: WireGrant) => ({ ...g, keyKind: 'internal' })) })));
    it('refuses a malformed grantee', () => shape((b) => ({ ...b, grants: b.grants.map((g: WireGrant) => ({ ...g, grantee: 'user:nobody' })) })));
    it('refuses too many items', () => shape((b) => ({ ...b, items: Array.from({ length: SUBMISSION_LIMITS.items + 1 }, () => b.items[0]) })));
    it('refuses items that are not objects', () => shape((b) => ({ ...b, items: ['x'] })));
    it('refuses a missing field', () => shape((b) => ({ ...b, lookupToken: undefined })));

    it('refuses malformed JSON', async () => {
      const res = await t.http.post('/api/public/reports').set('Content-Type', 'application/json').send('{"caseId": ');
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('malformed_json');
    });

    it('refuses a body over the configured limit', async () => {
      const before = await casesOf(org);
      const res = await t.http
        .post('/api/public/reports')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ pad: 'x'.repeat(300_000) }));
      expect(res.status).toBe(413);
      expect(res.body.error).toBe('payload_too_large');
      expect(await casesOf(org)).toBe(before);
    });
  });
});
