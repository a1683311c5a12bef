import {
  assertKdfParams,
  deriveStaffKeys,
  directoryKeyPair,
  directoryTime,
  fromB64,
  generateDirectoryKey,
  generateStaffKeys,
  organisationFingerprint,
  sealGrantToBox,
  signDirectoryEntries,
  toB64,
  unwrapKeyBundle,
  verifyDirectory,
  WireDirectory,
  WireDirectoryEntry,
  wrapKeyBundle,
} from '@kanava/crypto';
import { ProvisioningService } from '@kanava/staff';
import type { PendingDirectory } from '@kanava/staff';
import { startTestApp, TestApp } from './helpers/app';
import { buildSubmission, fetchOrganisation, fetchRecipients, loginStaff, solveChallenge, StaffSessionInfo, submitReport } from './helpers/clients';
import { makeOrganisation, TEST_PASSWORD, TestOrganisation, TestStaff } from './helpers/factories';

/**
 * The organisation key directory (docs/key-directory.md) through HTTP: the signed log,
 * the admin's pending changes and signed appends, the one recipient rule the server
 * shares with verifying clients, and the console's trust-list routes.
 */
describe('organisation key directory', () => {
  let t: TestApp;
  let org: TestOrganisation;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
  });
  afterAll(() => t.close());

  const log = async (slug: string): Promise<WireDirectory> => (await t.http.get(`/api/public/organisations/${slug}/key-directory`).expect(200)).body;
  const pending = async (session: StaffSessionInfo): Promise<PendingDirectory> =>
    (await t.http.get('/api/admin/key-directory/pending').set(session.headers).expect(200)).body;
  const rows = async (organisationId: string) =>
    ((await t.db.query('SELECT count(*)::int AS n FROM key_directory_entries WHERE organisation_id = $1', [organisationId])) as { n: number }[])[0].n;

  /** What an admin's console does: sign the pending changes with the offline key, as the entries after the head. */
  function signPending(
    p: PendingDirectory,
    seed: Uint8Array,
    organisationId: string,
    validUntil: string | null = null,
    signedAt = directoryTime(new Date()),
  ): WireDirectoryEntry[] {
    return signDirectoryEntries({
      organisationId,
      head: p.head ? { seq: p.head.seq, hash: fromB64(p.head.hash, 32) } : null,
      changes: p.changes.map((c) => ({
        ...c,
        boxPublicKey: fromB64(c.boxPublicKey, 32),
        signPublicKey: fromB64(c.signPublicKey, 32),
        validUntil: c.action === 'remove' ? null : validUntil,
      })),
      secretKey: directoryKeyPair(seed).secretKey,
      signedAt,
    });
  }

  /** A handler designated for the organisation's channel, made by the operator and not signed into the directory. */
  async function unsignedStaff(target: TestOrganisation, name: string, role: 'handler' | 'custodian' = 'handler'): Promise<TestStaff> {
    const email = `${name.toLowerCase().replace(/\W+/g, '')}-${target.slug}@example.test`;
    const created = await new ProvisioningService(t.db, t.config).createStaffUser({
      organisationId: target.id,
      email,
      displayName: name,
      password: TEST_PASSWORD,
      roles: [role],
      channelIds: [target.channelId],
    });
    await t.db.query('UPDATE staff_users SET confidentiality_accepted_at = now(), confidentiality_version = 1 WHERE id = $1', [created.user.id]);
    return { id: created.user.id, email, displayName: name, roles: [role], totpSecret: created.totpSecret, backupCodes: created.backupCodes, recoveryKey: '' };
  }

  it('publishes a log that verifies against the organisation fingerprint and lists the handlers and custodians', async () => {
    const info = await fetchOrganisation(t.http, org.slug);
    expect(info.directoryPublicKey).toBe(toB64(org.directoryPublicKey!));
    expect(organisationFingerprint(fromB64(info.recoveryPublicKey!, 32), fromB64(info.directoryPublicKey!, 32))).toBe(org.fingerprint);
    const publicLog = await log(org.slug);
    const verified = verifyDirectory(publicLog, org.id, fromB64(info.directoryPublicKey!, 32));
    const now = Date.now();
    expect(
      verified
        .listed('handler', now)
        .map((e) => e.userId)
        .sort(),
    ).toEqual(org.handlers.map((h) => h.id).sort());
    expect(verified.listed('custodian', now).map((e) => e.userId)).toEqual([org.custodians[0].id]);
    // Admins and auditors hold keys too, but nothing is ever sealed to them: not listed.
    expect(verified.entries.some((e) => e.userId === org.admins[0].id || e.userId === org.auditors[0].id)).toBe(false);
    // The same log for staff, and the signed names are the display names.
    const handler = await loginStaff(t, org.handlers[0]);
    expect((await t.http.get('/api/staff/key-directory').set(handler.headers).expect(200)).body).toEqual(publicLog);
    expect(verified.current(org.handlers[0].id, now)?.displayName).toBe(org.handlers[0].displayName);
    // The recipients the server serves are exactly the keys the directory lists.
    const recipients = await fetchRecipients(t.http, org.channelId);
    for (const h of recipients.handlers) expect(verified.lists(h.userId, 'handler', h, now)).toBe(true);
    for (const c of recipients.custodians) expect(verified.lists(c.userId, 'custodian', c, now)).toBe(true);
    expect((await t.http.get('/api/public/organisations/no-such-org/key-directory')).body.error).toBe('organisation_not_found');
  });

  it('a new handler receives no report until an admin signs their entry; a client written from API.md alone keeps working', async () => {
    const target = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    const session = await loginStaff(t, target.admins[0]);
    const newcomer = await unsignedStaff(target, 'Nelli Newcomer');
    const newCustodian = await unsignedStaff(target, 'Kalle Custodian', 'custodian');

    const before = await fetchRecipients(t.http, target.channelId);
    expect(before.handlers.map((h) => h.userId)).toEqual([target.handlers[0].id]);
    expect(before.custodians.map((c) => c.userId)).toEqual([target.custodians[0].id]);
    const waiting = await pending(session);
    expect(waiting.changes.map((c) => [c.action, c.reason, c.displayName, c.roles])).toEqual([
      ['add', 'new', 'Kalle Custodian', ['custodian']],
      ['add', 'new', 'Nelli Newcomer', ['handler']],
    ]);

    // A client that seals to the recipients the server serves is accepted, identity and all.
    await submitReport(t, target, { title: 'T', body: 'B', identity: { name: 'N', contact: 'C', details: '' } });
    // One that also seals to the unsigned handler is refused, and nothing is stored.
    const org2 = await fetchOrganisation(t.http, target.slug);
    const [keys] = (await t.db.query('SELECT box_public_key, sign_public_key FROM staff_users WHERE id = $1', [newcomer.id])) as {
      box_public_key: Buffer;
      sign_public_key: Buffer;
    }[];
    const withNewcomer = buildSubmission({
      org: org2,
      channelId: target.channelId,
      recipients: {
        ...before,
        handlers: [
          ...before.handlers,
          { userId: newcomer.id, displayName: 'x', boxPublicKey: toB64(keys.box_public_key), signPublicKey: toB64(keys.sign_public_key) },
        ],
      },
      content: { title: 'T', body: 'B' },
    });
    const refused = await t.http
      .post('/api/public/reports')
      .send({ ...withNewcomer.body, proof: await solveChallenge(t.http) })
      .expect(400);
    expect(refused.body.error).toBe('shared_grants_mismatch');
    expect(await t.db.query('SELECT 1 FROM cases WHERE id = $1', [withNewcomer.body.caseId])).toEqual([]);

    // The admin signs both in; now they are recipients, and a report must be sealed to them too.
    const appended = await t.http
      .post('/api/admin/key-directory/entries')
      .set(session.headers)
      .send({ entries: signPending(waiting, target.directorySeed!, target.id) })
      .expect(201);
    expect(appended.body.head.seq).toBe(4);
    const after = await fetchRecipients(t.http, target.channelId);
    expect(after.handlers.map((h) => h.userId).sort()).toEqual([target.handlers[0].id, newcomer.id].sort());
    expect(after.custodians.map((c) => c.userId).sort()).toEqual([target.custodians[0].id, newCustodian.id].sort());
    const stale = buildSubmission({ org: org2, channelId: target.channelId, recipients: before, content: { title: 'T', body: 'B' } });
    const late = await t.http
      .post('/api/public/reports')
      .send({ ...stale.body, proof: await solveChallenge(t.http) })
      .expect(400);
    expect(late.body.error).toBe('shared_grants_mismatch');
    await submitReport(t, target);
    expect((await pending(session)).changes).toEqual([]);
    // The signing is in the audit log as the admin's, with counts only.
    const [event] = await t.db.query(
      "SELECT actor_id, details FROM audit_events WHERE organisation_id = $1 AND action = 'directory.entries_appended' ORDER BY seq DESC LIMIT 1",
      [target.id],
    );
    expect(event).toEqual({ actor_id: target.admins[0].id, details: { fromSeq: 3, toSeq: 4, added: 2, replaced: 0, removed: 0 } });
  });

  it('refuses entries that do not continue the log, do not verify or do not describe the account, and stores none of them', async () => {
    const target = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const session = await loginStaff(t, target.admins[0]);
    const newcomer = await unsignedStaff(target, 'Outi Odottaja');
    const waiting = await pending(session);
    const count = await rows(target.id);
    const post = (entries: unknown) => t.http.post('/api/admin/key-directory/entries').set(session.headers).send({ entries });

    // Signed with another key.
    const forged = signPending(waiting, generateDirectoryKey().seed, target.id);
    expect([(await post(forged)).status, (await post(forged)).body.error]).toEqual([400, 'directory_invalid']);
    // Signed for the position before the head: someone else appended meanwhile.
    const behind = signPending({ ...waiting, head: null }, target.directorySeed!, target.id);
    expect((await post(behind)).body.error).toBe('directory_stale');
    expect((await post(behind)).status).toBe(409);
    // A key substituted after signing.
    const good = signPending(waiting, target.directorySeed!, target.id);
    expect((await post([{ ...good[0], boxPublicKey: toB64(generateStaffKeys().box.publicKey) }])).body.error).toBe('directory_invalid');
    // Validly signed, but not the account's keys, roles or name.
    const describe = (change: Partial<PendingDirectory['changes'][number]>) =>
      signPending({ ...waiting, changes: [{ ...waiting.changes[0], ...change }] }, target.directorySeed!, target.id);
    const wrongKeys = describe({ boxPublicKey: toB64(generateStaffKeys().box.publicKey) });
    expect([(await post(wrongKeys)).status, (await post(wrongKeys)).body.error]).toEqual([400, 'directory_entry_mismatch']);
    expect((await post(describe({ roles: ['custodian', 'handler'] }))).body.message).toMatch(/roles/);
    expect((await post(describe({ displayName: 'Someone Else' }))).body.message).toMatch(/name/);
    expect((await post(describe({ userId: org.handlers[0].id }))).body.message).toMatch(/no such account/);
    const expired = signPending(waiting, target.directorySeed!, target.id, '2002-01-01T00:00:00Z', '2001-01-01T00:00:00Z');
    expect((await post(expired)).body.message).toMatch(/expired already/);
    // Malformed bodies never reach the service.
    for (const body of [[], [{ ...good[0], seq: 0 }], [{ ...good[0], roles: ['admin'] }], [{ ...good[0], signedAt: 'yesterday' }], 'x'])
      expect((await post(body)).status).toBe(400);
    expect(await rows(target.id)).toBe(count);
    expect((await fetchRecipients(t.http, target.channelId)).handlers.map((h) => h.userId)).not.toContain(newcomer.id);

    // The good one is taken, once.
    await post(good).expect(201);
    expect((await post(good)).body.error).toBe('directory_stale');
    expect(await rows(target.id)).toBe(count + 1);
  });

  it('keeps a visible history: a role change replaces, a deactivation removes, and nothing is ever rewritten', async () => {
    const target = await makeOrganisation(t, { handlers: 2, custodians: 0 });
    const session = await loginStaff(t, target.admins[0]);
    const [stays, leaves] = target.handlers;
    await t.http
      .patch(`/api/admin/staff/${stays.id}`)
      .set(session.headers)
      .send({ roles: ['handler', 'custodian'] })
      .expect(204);
    await t.http.post(`/api/admin/staff/${leaves.id}/deactivate`).set(session.headers).send({ confirm: true }).expect(200);
    const waiting = await pending(session);
    expect(waiting.changes.map((c) => [c.action, c.reason, c.userId])).toEqual(
      expect.arrayContaining([
        ['replace', 'roles', stays.id],
        ['remove', 'deactivated', leaves.id],
      ]),
    );
    await t.http
      .post('/api/admin/key-directory/entries')
      .set(session.headers)
      .send({ entries: signPending(waiting, target.directorySeed!, target.id) })
      .expect(201);
    const verified = verifyDirectory(await log(target.slug), target.id, target.directoryPublicKey!);
    expect(verified.entries.filter((e) => e.userId === leaves.id).map((e) => e.action)).toEqual(['add', 'remove']);
    expect(verified.entries.filter((e) => e.userId === stays.id).map((e) => `${e.action}:${e.roles.join('+')}`)).toEqual([
      'add:handler',
      'replace:custodian+handler',
    ]);
    expect((await fetchRecipients(t.http, target.channelId)).handlers.map((h) => h.userId)).toEqual([stays.id]);
    // Append-only in the database too.
    await expect(t.db.query('UPDATE key_directory_entries SET display_name = $2 WHERE organisation_id = $1', [target.id, 'X'])).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM key_directory_entries WHERE organisation_id = $1', [target.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE key_directory_entries')).rejects.toThrow(/append-only/);
  });

  it('an entry past its validity stops counting on the server clock, and is pending again', async () => {
    const target = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const session = await loginStaff(t, target.admins[0]);
    const extra = await unsignedStaff(target, 'Ville Voimassa');
    const inTwoDays = directoryTime(new Date(t.clock.nowMs() + 2 * 86_400_000));
    await t.http
      .post('/api/admin/key-directory/entries')
      .set(session.headers)
      .send({ entries: signPending(await pending(session), target.directorySeed!, target.id, inTwoDays) })
      .expect(201);
    expect((await fetchRecipients(t.http, target.channelId)).handlers.map((h) => h.userId)).toContain(extra.id);
    t.clock.advance(3 * 86_400_000);
    try {
      expect((await fetchRecipients(t.http, target.channelId)).handlers.map((h) => h.userId)).toEqual([target.handlers[0].id]);
      expect((await pending(session)).changes.map((c) => [c.action, c.reason, c.userId])).toEqual([['replace', 'expired', extra.id]]);
      // A report sealed to the served recipients is accepted on the same clock.
      await submitReport(t, target);
    } finally {
      t.clock.reset();
    }
  });

  it('the server gives case keys only to a handler the directory lists', async () => {
    const target = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    const built = await submitReport(t, target, { title: 'T', body: 'B', identity: { name: 'N', contact: 'C', details: '' } });
    const caseId = built.body.caseId;
    const newcomer = await unsignedStaff(target, 'Aino Allekirjoittamaton');
    const a = await loginStaff(t, target.handlers[0]);
    const seal = () =>
      sealGrantToBox({
        caseId,
        keyKind: 'shared',
        key: built.sharedKey,
        grantee: `user:${newcomer.id}`,
        boxPublicKey: generateStaffKeys().box.publicKey,
        signSecretKey: a.bundle.signSecretKey,
      });
    const assign = await t.http
      .post(`/api/staff/cases/${caseId}/assignments`)
      .set(a.headers)
      .send({ userId: newcomer.id, grants: [seal()] });
    expect([assign.status, assign.body.error]).toEqual([409, 'grantee_not_in_directory']);
    const expert = await t.http
      .post(`/api/staff/cases/${caseId}/experts`)
      .set(a.headers)
      .send({ userId: newcomer.id, reason: 'A second opinion', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), grants: [seal()] });
    expect(expert.body.error).toBe('grantee_not_in_directory');
    // Identity approval for a requester whose entry was removed after the request.
    const request = await t.http.post(`/api/staff/cases/${caseId}/identity-requests`).set(a.headers).send({ reason: 'Needed to interview' }).expect(201);
    const custodian = await loginStaff(t, target.custodians[0]);
    const listed = (await t.http.get('/api/staff/identity-requests').set(custodian.headers).expect(200)).body as { identityKeyId: string; requestId: string }[];
    expect(listed[0].identityKeyId).toBe(built.body.grants.find((g) => g.keyKind === 'identity')!.keyId);
    // The account's key no longer matches its signed entry (as if the server's copy had been swapped).
    await t.db.query('UPDATE staff_users SET box_public_key = $2 WHERE id = $1', [target.handlers[0].id, Buffer.from(generateStaffKeys().box.publicKey)]);
    const grant = sealGrantToBox({
      caseId,
      keyKind: 'identity',
      key: built.identityKey!,
      grantee: `user:${target.handlers[0].id}`,
      boxPublicKey: generateStaffKeys().box.publicKey,
      signSecretKey: custodian.bundle.signSecretKey,
    });
    const approve = await t.http.post(`/api/staff/identity-requests/${request.body.requestId}/approve`).set(custodian.headers).send({ grant });
    expect(approve.body.error).toBe('grantee_not_in_directory');
    expect(
      await t.db.query("SELECT 1 FROM case_grants WHERE case_id = $1 AND key_kind = 'identity' AND grantee_user_id = $2", [caseId, target.handlers[0].id]),
    ).toEqual([]);
  });

  it('sets the directory key once, only beside the recovery key, and an organisation without one works as before', async () => {
    const plain = await makeOrganisation(t, { handlers: 1, custodians: 0, withDirectory: false });
    const none = await makeOrganisation(t, { handlers: 1, custodians: 0, withRecovery: false });
    const noneAdmin = await loginStaff(t, none.admins[0]);
    const key = generateDirectoryKey();
    const refused = await t.http
      .put('/api/admin/organisation/directory-key')
      .set(noneAdmin.headers)
      .send({ publicKey: toB64(key.publicKey) });
    expect([refused.status, refused.body.error]).toEqual([409, 'recovery_key_missing']);

    // Without a directory key every designated handler counts, as API.md says.
    const unsigned = await unsignedStaff(plain, 'Pekka Plain');
    expect((await fetchRecipients(t.http, plain.channelId)).handlers.map((h) => h.userId).sort()).toEqual([plain.handlers[0].id, unsigned.id].sort());
    expect((await fetchOrganisation(t.http, plain.slug)).directoryPublicKey).toBeNull();
    const plainAdmin = await loginStaff(t, plain.admins[0]);
    expect(
      (
        await t.http
          .post('/api/admin/key-directory/entries')
          .set(plainAdmin.headers)
          .send({ entries: signPending(await pending(plainAdmin), key.seed, plain.id) })
      ).body.error,
    ).toBe('directory_key_missing');

    const set = await t.http
      .put('/api/admin/organisation/directory-key')
      .set(plainAdmin.headers)
      .send({ publicKey: toB64(key.publicKey) })
      .expect(200);
    expect(set.body.organisationFingerprint).toBe(organisationFingerprint(plain.recovery!.publicKey, key.publicKey));
    const again = await t.http
      .put('/api/admin/organisation/directory-key')
      .set(plainAdmin.headers)
      .send({ publicKey: toB64(generateDirectoryKey().publicKey) });
    expect([again.status, again.body.error]).toEqual([409, 'directory_key_set']);
    // From now on only signed entries count: nobody until the admin signs.
    expect((await fetchRecipients(t.http, plain.channelId)).handlers).toEqual([]);
    await t.http
      .post('/api/admin/key-directory/entries')
      .set(plainAdmin.headers)
      .send({ entries: signPending(await pending(plainAdmin), key.seed, plain.id) })
      .expect(201);
    expect((await fetchRecipients(t.http, plain.channelId)).handlers).toHaveLength(2);
    const [event] = await t.db.query("SELECT details FROM audit_events WHERE organisation_id = $1 AND action = 'organisation.directory_key_set'", [plain.id]);
    expect(event.details).toEqual({ organisationFingerprint: set.body.organisationFingerprint });
  });

  it('records a re-verified fingerprint as an event without key material, for the caller’s organisation only', async () => {
    const handler = await loginStaff(t, org.handlers[0]);
    await t.http
      .post('/api/staff/trust/reverified')
      .set(handler.headers)
      .send({ subject: `user:${org.handlers[1].id}` })
      .expect(204);
    await t.http.post('/api/staff/trust/reverified').set(handler.headers).send({ subject: 'organisation' }).expect(204);
    const events = await t.db.query(
      "SELECT actor_id, actor_role, details FROM audit_events WHERE organisation_id = $1 AND action = 'trust.reverified' ORDER BY seq",
      [org.id],
    );
    expect(events).toEqual([
      { actor_id: org.handlers[0].id, actor_role: 'handler', details: { subject: org.handlers[1].id } },
      { actor_id: org.handlers[0].id, actor_role: 'handler', details: { subject: 'organisation' } },
    ]);
    const foreign = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    expect(
      (
        await t.http
          .post('/api/staff/trust/reverified')
          .set(handler.headers)
          .send({ subject: `user:${foreign.handlers[0].id}` })
      ).status,
    ).toBe(404);
    expect((await t.http.post('/api/staff/trust/reverified').set(handler.headers).send({ subject: 'recovery' })).status).toBe(400);
  });

  it('stores a re-wrapped key bundle only over the one it names, so two tabs cannot drop each other’s pins', async () => {
    const person = org.custodians[0];
    const session = await loginStaff(t, person);
    const pre = await t.http.post('/api/auth/prelogin').send({ email: person.email }).expect(200);
    const { kek } = deriveStaffKeys(TEST_PASSWORD, fromB64(pre.body.salt, 16), assertKdfParams(pre.body.kdf));
    const stored = (await t.http.get('/api/auth/me').set(session.headers).expect(200)).body.keyBundle as string;
    const trust = { organisation: org.fingerprint!, [org.handlers[0].id]: '0000 1111 2222 3333 4444 5555 6666 7777' };
    const next = toB64(wrapKeyBundle({ ...session.bundle, trust }, kek));
    await t.http.put('/api/staff/key-bundle').set(session.headers).send({ keyBundle: next, replaces: stored }).expect(204);
    const reloaded = (await t.http.get('/api/auth/me').set(session.headers).expect(200)).body.keyBundle as string;
    expect(unwrapKeyBundle(fromB64(reloaded), kek).trust).toEqual(trust);
    // The next sign-in opens the same trust list.
    expect((await loginStaff(t, person)).bundle.trust).toEqual(trust);
    // A tab that still holds the old bundle is told to reload, and changes nothing.
    const older = toB64(wrapKeyBundle({ ...session.bundle, trust: {} }, kek));
    const conflict = await t.http.put('/api/staff/key-bundle').set(session.headers).send({ keyBundle: older, replaces: stored });
    expect([conflict.status, conflict.body.error]).toEqual([409, 'key_bundle_changed']);
    expect(
      await t.http
        .put('/api/staff/key-bundle')
        .set(session.headers)
        .send({ keyBundle: toB64(new Uint8Array(50)), replaces: reloaded }),
    ).toMatchObject({ status: 400 });
    expect((await t.http.get('/api/auth/me').set(session.headers)).body.keyBundle).toBe(reloaded);
    const [{ n }] = await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1 AND action = 'staff.key_bundle_updated'", [person.id]);
    expect(n).toBe(1);
    // Without the CSRF token the session cannot be used to overwrite it.
    expect((await t.http.put('/api/staff/key-bundle').set({ Cookie: session.cookie }).send({ keyBundle: older, replaces: reloaded })).status).toBe(403);
  });
});
