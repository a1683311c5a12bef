import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { fingerprint, fromB64, generateDirectoryKey, generateStaffKeys, organisationFingerprint, toB64 } from '@kanava/crypto';
import { ProvisioningService } from '@kanava/staff';
import { catalogs as portalCatalogs } from '../../apps/web/src/portal/i18n';
import { qrModules, qrPath } from '../../apps/web/src/staff/qr';
import { startTestApp, TestApp } from '../helpers/app';
import { loginStaff, submitReport } from '../helpers/clients';
import { addStaff, makeOrganisation, signDirectory, TEST_PASSWORD, TestOrganisation, TestStaff } from '../helpers/factories';
import { AnswerRewrite, ensureWebBuilt, expectAccessible, expectClean, launchChromium, Recorded, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';

const en = staffText.en;
const pen = portalCatalogs.en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

/** A malicious server's answers (docs/key-directory.md "Threat model"): the proxy in front of the real API rewrites them. */
const json = (body: Buffer) => JSON.parse(body.toString('utf8'));
const asBody = (value: unknown) => Buffer.from(JSON.stringify(value));
/** `GET /api/staff/directory` names other keys for one colleague. */
const substituteColleague =
  (userId: string, keys: { boxPublicKey: string; signPublicKey: string }): AnswerRewrite =>
  (req, body) =>
    req.method === 'GET' && req.url === '/api/staff/directory'
      ? asBody((json(body) as { userId: string }[]).map((c) => (c.userId === userId ? { ...c, ...keys } : c)))
      : null;
/** The organisation document names another recovery key. */
const substituteRecovery =
  (slug: string, recoveryPublicKey: string): AnswerRewrite =>
  (req, body) =>
    req.method === 'GET' && req.url === `/api/public/organisations/${slug}` ? asBody({ ...json(body), recoveryPublicKey }) : null;
/** The public recipients name another box key for one handler. */
const substituteRecipient =
  (userId: string, boxPublicKey: string): AnswerRewrite =>
  (req, body) => {
    if (req.method !== 'GET' || !/^\/api\/public\/channels\/[0-9a-f-]+\/recipients$/.test(req.url)) return null;
    const answer = json(body) as { handlers: { userId: string; boxPublicKey: string }[] };
    return asBody({ ...answer, handlers: answer.handlers.map((h) => (h.userId === userId ? { ...h, boxPublicKey } : h)) });
  };

const attackerKeys = () => {
  const keys = generateStaffKeys();
  return { boxPublicKey: toB64(keys.box.publicKey), signPublicKey: toB64(keys.sign.publicKey) };
};

describe('keys the browser trusts: the signed key directory, pinned fingerprints and a server that substitutes keys', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;
  let caseId: string;
  let reference: string;
  let colleague: TestStaff;

  const keysOf = async (userId: string) => {
    const [row] = (await t.db.query('SELECT box_public_key, sign_public_key FROM staff_users WHERE id = $1', [userId])) as {
      box_public_key: Buffer;
      sign_public_key: Buffer;
    }[];
    return {
      boxPublicKey: toB64(row.box_public_key),
      signPublicKey: toB64(row.sign_public_key),
      fingerprint: fingerprint(row.box_public_key, row.sign_public_key),
    };
  };
  const grantsOf = async (userId: string, kind = 'shared') =>
    (
      (await t.db.query('SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2 AND key_kind = $3', [
        caseId,
        userId,
        kind,
      ])) as { n: number }[]
    )[0].n;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    const built = await submitReport(t, org, {
      title: 'Invoices',
      body: 'Split to stay under the limit',
      identity: { name: 'Reporter R', contact: 'r@example.test', details: '' },
    });
    caseId = built.body.caseId;
    reference = ((await t.db.query('SELECT reference FROM cases WHERE id = $1', [caseId])) as { reference: string }[])[0].reference;
    // A colleague who joined after the report: listed in the directory, holding nothing of the case.
    colleague = await addStaff(t, org, 'handler', 'Colleague Cecilia');
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Signs in (again: a reload forgets the keys) and opens the case page. */
  async function openCase(r: Recorded, who: TestStaff): Promise<void> {
    await r.page.goto(`${r.origin}/staff/cases/${caseId}`);
    await signIn(r.page, t, who);
    await r.page.getByTestId('report-title').waitFor();
  }
  const assign = async (page: Page, name: string) => {
    await page.getByLabel(en['assign.colleague'], { exact: true }).selectOption({ label: name });
    await page.getByRole('button', { name: en['assign.submit'], exact: true }).click();
  };

  it('the console refuses to give a case to a substituted key or under a substituted organisation key, shows both fingerprints, and gives it when nothing is substituted', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const real = await keysOf(colleague.id);
      const fake = attackerKeys();
      // The server swaps the colleague's keys in the staff directory.
      r.setRewrite(substituteColleague(colleague.id, fake));
      await openCase(r, org.handlers[0]);
      await assign(r.page, colleague.displayName);
      const refused = r.page.getByTestId('trust-colleague-problem');
      await refused.waitFor();
      await expect(refused.getAttribute('data-problem')).resolves.toBe('mismatch');
      await expect(refused.getAttribute('role')).resolves.toBe('alert');
      await expect(refused.getByTestId('fingerprint-expected').textContent()).resolves.toBe(real.fingerprint);
      await expect(refused.getByTestId('fingerprint-offered').textContent()).resolves.toBe(
        fingerprint(fromB64(fake.boxPublicKey, 32), fromB64(fake.signPublicKey, 32)),
      );
      await refused.getByText(fill(en['trust.mismatch'], { name: colleague.displayName })).waitFor();
      await screenshot(r.page, 'key-trust-01-substituted-colleague');
      await expectAccessible(r.page, 'substituted colleague key');
      // Nothing was sealed, nothing was sent.
      expect(r.requests.some((q) => q.method === 'POST' && q.url.endsWith('/assignments'))).toBe(false);
      expect(await grantsOf(colleague.id)).toBe(0);

      // Now the organisation document names another recovery key: its fingerprint is not the one pinned on the first visit.
      const fakeRecovery = generateStaffKeys().box.publicKey;
      r.setRewrite(substituteRecovery(org.slug, toB64(fakeRecovery)));
      await openCase(r, org.handlers[0]);
      const orgAlert = r.page.getByTestId('trust-organisation-changed');
      await orgAlert.waitFor();
      await expect(orgAlert.getByTestId('fingerprint-expected').textContent()).resolves.toBe(org.fingerprint);
      await expect(orgAlert.getByTestId('fingerprint-offered').textContent()).resolves.toBe(organisationFingerprint(fakeRecovery, org.directoryPublicKey!));
      await assign(r.page, colleague.displayName);
      await expect(r.page.getByTestId('trust-colleague-problem').getAttribute('data-problem')).resolves.toBe('organisation');
      await screenshot(r.page, 'key-trust-02-substituted-organisation');
      await expectAccessible(r.page, 'substituted organisation key');
      expect(r.requests.some((q) => q.method === 'POST' && q.url.endsWith('/assignments'))).toBe(false);

      // An honest server: the same assignment goes through, sealed to the signed key.
      r.setRewrite(null);
      await openCase(r, org.handlers[0]);
      await expect(r.page.getByTestId('trust-organisation-changed').count()).resolves.toBe(0);
      await assign(r.page, colleague.displayName);
      await r.page.getByText(fill(en['assign.done'], { name: colleague.displayName })).waitFor();
      expect(await grantsOf(colleague.id)).toBe(1);
      // The first visit pinned the organisation and the colleagues, inside the encrypted key bundle on the server.
      const trust = (await loginStaff(t, org.handlers[0])).bundle.trust;
      expect(trust).toMatchObject({
        organisation: org.fingerprint,
        [colleague.id]: real.fingerprint,
        [org.handlers[0].id]: (await keysOf(org.handlers[0].id)).fingerprint,
      });
      expect(trust.directory).toMatch(/^\d+:[0-9a-f]{64}$/);
      expectClean(r);
    } finally {
      await r.close();
    }
  }, 180_000);

  it('a custodian does not approve an identity for a substituted requester key, nor under a substituted organisation key; without substitution they do', async () => {
    const requester = org.handlers[0];
    const a = await loginStaff(t, requester);
    await t.http.post(`/api/staff/cases/${caseId}/identity-requests`).set(a.headers).send({ reason: 'Needed to interview the reporter' }).expect(201);
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    const approve = async () => {
      await r.page.getByRole('button', { name: en['custodian.approve'], exact: true }).click();
      await r.page.getByRole('button', { name: en['custodian.approveYes'] }).click();
    };
    const open = async () => {
      await r.page.goto(`${r.origin}/staff/identity-requests`);
      await signIn(r.page, t, org.custodians[0]);
      await r.page.getByText('Needed to interview the reporter').waitFor();
    };
    try {
      const real = await keysOf(requester.id);
      // The console shows the requester's fingerprint computed in the browser.
      await open();
      await r.page.getByText(real.fingerprint).waitFor();

      const fake = attackerKeys();
      r.setRewrite(substituteColleague(requester.id, fake));
      await open();
      await approve();
      const refused = r.page.getByTestId('trust-colleague-problem');
      await refused.waitFor();
      await expect(refused.getAttribute('data-problem')).resolves.toBe('mismatch');
      await expect(refused.getByTestId('fingerprint-expected').textContent()).resolves.toBe(real.fingerprint);
      await expect(refused.getByTestId('fingerprint-offered').textContent()).resolves.toBe(
        fingerprint(fromB64(fake.boxPublicKey, 32), fromB64(fake.signPublicKey, 32)),
      );
      await screenshot(r.page, 'key-trust-03-identity-substituted');
      await expectAccessible(r.page, 'identity approval refused');
      expect(r.requests.some((q) => q.method === 'POST' && q.url.endsWith('/approve'))).toBe(false);

      r.setRewrite(substituteRecovery(org.slug, toB64(generateStaffKeys().box.publicKey)));
      await open();
      await r.page.getByTestId('trust-organisation-changed').waitFor();
      await approve();
      await expect(r.page.getByTestId('trust-colleague-problem').getAttribute('data-problem')).resolves.toBe('organisation');
      expect(r.requests.some((q) => q.method === 'POST' && q.url.endsWith('/approve'))).toBe(false);
      expect(await grantsOf(requester.id, 'identity')).toBe(0);

      r.setRewrite(null);
      await open();
      await approve();
      await r.page.getByText(en['custodian.approved'].replace('{reference}', reference)).waitFor();
      expect(await grantsOf(requester.id, 'identity')).toBe(1);
      expectClean(r);
    } finally {
      await r.close();
    }
  }, 180_000);

  it('a key that was really replaced warns with both fingerprints until the handler re-verifies it, which the audit log records', async () => {
    const newcomer = await addStaff(t, org, 'handler', 'Daniel Devices');
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      // A first visit pins the newcomer's fingerprint.
      await openCase(r, org.handlers[0]);
      const old = await keysOf(newcomer.id);
      // The newcomer's keys are replaced (a new device), and the organisation signs the new ones in.
      const fresh = generateStaffKeys();
      await t.db.query('UPDATE staff_users SET box_public_key = $2, sign_public_key = $3 WHERE id = $1', [
        newcomer.id,
        Buffer.from(fresh.box.publicKey),
        Buffer.from(fresh.sign.publicKey),
      ]);
      expect(await signDirectory(t, org, newcomer.id)).toBe(1);
      await openCase(r, org.handlers[0]);
      await assign(r.page, newcomer.displayName);
      const warning = r.page.getByTestId('trust-colleague-problem');
      await warning.waitFor();
      await expect(warning.getAttribute('data-problem')).resolves.toBe('changed');
      await expect(warning.getByTestId('fingerprint-expected').textContent()).resolves.toBe(old.fingerprint);
      await expect(warning.getByTestId('fingerprint-offered').textContent()).resolves.toBe(fingerprint(fresh.box.publicKey, fresh.sign.publicKey));
      await screenshot(r.page, 'key-trust-04-changed-fingerprint');
      await expectAccessible(r.page, 'changed fingerprint');
      // Only an explicit re-verification trusts the new fingerprint.
      await warning.getByRole('button', { name: en['trust.reverify'] }).click();
      await warning.getByText(en['trust.mustCompare']).waitFor();
      await warning.getByLabel(fill(en['trust.compared'], { name: newcomer.displayName })).check();
      await warning.getByRole('button', { name: en['trust.reverify'] }).click();
      await warning.waitFor({ state: 'detached' });
      await assign(r.page, newcomer.displayName);
      await r.page.getByText(fill(en['assign.done'], { name: newcomer.displayName })).waitFor();
      expect(await grantsOf(newcomer.id)).toBe(1);
      const events = (await t.db.query(
        "SELECT actor_id, details FROM audit_events WHERE organisation_id = $1 AND action = 'trust.reverified' UNION ALL SELECT actor_id, details FROM audit_pending WHERE organisation_id = $1 AND action = 'trust.reverified'",
        [org.id],
      )) as { actor_id: string; details: Record<string, string> }[];
      expect(events).toEqual([{ actor_id: org.handlers[0].id, details: { subject: newcomer.id } }]);
      expect((await loginStaff(t, org.handlers[0])).bundle.trust[newcomer.id]).toBe(fingerprint(fresh.box.publicKey, fresh.sign.publicKey));
      expectClean(r);
    } finally {
      await r.close();
    }
  }, 180_000);

  it('the portal shows the organisation fingerprint, refuses to send when it is not the pinned one or a recipient key is not in the directory, and sends when nothing is substituted', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    const page = r.page;
    // The poster's QR code carries the fingerprint in the address fragment, which is never sent to the server.
    const pinnedUrl = `${r.origin}/r/${org.slug}#fp=${org.fingerprint!.replace(/ /g, '')}`;
    const writeReport = async () => {
      await page.getByRole('button', { name: pen['home.report'] }).click();
      await page.getByLabel(pen['report.subject'], { exact: true }).fill('Fuel cards');
      await page.getByLabel(pen['report.body'], { exact: true }).fill('Used privately every weekend');
    };
    const reportsPosted = () => r.requests.filter((q) => q.method === 'POST' && q.url === '/api/public/reports').length;
    try {
      await page.goto(pinnedUrl);
      await page.getByRole('heading', { name: pen['trust.title'] }).waitFor();
      await expect(page.getByTestId('org-fingerprint').textContent()).resolves.toBe(org.fingerprint);
      await page.getByText(pen['trust.published']).waitFor();
      await page.getByTestId('org-pinned-match').waitFor();
      expect(r.requests.some((q) => q.url.includes('fp='))).toBe(false);
      await screenshot(page, 'key-trust-05-portal-fingerprint');
      await expectAccessible(page, 'portal fingerprint');

      // The organisation document's recovery key is substituted: not the pinned fingerprint.
      const fakeRecovery = generateStaffKeys().box.publicKey;
      r.setRewrite(substituteRecovery(org.slug, toB64(fakeRecovery)));
      await page.goto('about:blank');
      await page.goto(pinnedUrl);
      const mismatch = page.getByTestId('send-refused').first();
      await mismatch.waitFor();
      await expect(mismatch.getByTestId('fingerprint-pinned').textContent()).resolves.toBe(org.fingerprint);
      await expect(mismatch.getByTestId('fingerprint-shown').textContent()).resolves.toBe(organisationFingerprint(fakeRecovery, org.directoryPublicKey!));
      await writeReport();
      await page.getByRole('button', { name: pen['report.send'] }).click();
      await page.locator('form [data-problem="pin-mismatch"]').first().waitFor();
      await page.getByText(pen['report.errorTrust']).waitFor();
      await screenshot(page, 'key-trust-06-portal-refuses');
      await expectAccessible(page, 'portal refuses to send');
      expect(reportsPosted()).toBe(0);

      // A recipient's key substituted in the recipients the server serves: not in the signed directory.
      r.setRewrite(substituteRecipient(org.handlers[0].id, toB64(generateStaffKeys().box.publicKey)));
      await page.goto('about:blank');
      await page.goto(`${r.origin}/r/${org.slug}`);
      await writeReport();
      const unlisted = page.locator('[data-problem="recipient-unlisted"]');
      await unlisted.waitFor();
      await unlisted.getByText(fill(pen['trust.unlisted'], { name: org.handlers[0].displayName })).waitFor();
      await page.getByRole('button', { name: pen['report.send'] }).click();
      expect(reportsPosted()).toBe(0);

      // A directory entry tampered with: the list does not verify.
      r.setRewrite((req, body) => {
        if (!req.url.endsWith('/key-directory')) return null;
        const log = json(body);
        log.entries[0].displayName = 'Mallory';
        return asBody(log);
      });
      await page.goto('about:blank');
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByTestId('org-invalid').waitFor();
      await writeReport();
      await page.getByRole('button', { name: pen['report.send'] }).click();
      await page.locator('[data-problem="directory-invalid"]').waitFor();
      expect(reportsPosted()).toBe(0);

      // An honest server: the report is sent, and the saved case secret carries the fingerprint and a checking address.
      r.setRewrite(null);
      await page.goto('about:blank');
      await page.goto(pinnedUrl);
      await page.getByTestId('org-pinned-match').waitFor();
      await writeReport();
      await page.getByRole('button', { name: pen['report.send'] }).click();
      await page.getByTestId('case-secret').waitFor({ timeout: 60_000 });
      expect(reportsPosted()).toBe(1);
      await expect(page.getByTestId('secret-fingerprint').textContent()).resolves.toContain(org.fingerprint!);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: pen['secret.download'] }).click()]);
      const file = readFileSync((await download.path())!, 'utf8');
      expect(file).toContain(org.fingerprint!);
      expect(file).toContain(pinnedUrl);
      const secret = (await page.getByTestId('case-secret').textContent())!.trim();

      // Following up with a saved code that is not the organisation's now: warned, both codes shown.
      await page.goto('about:blank');
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: pen['home.followUp'] }).click();
      await page.getByLabel(pen['followUp.secret'], { exact: true }).fill(secret);
      const otherCode = '0123 4567 89ab cdef 0123 4567 89ab cdef';
      await page.getByLabel(pen['followUp.code'], { exact: true }).fill(otherCode);
      await page.getByRole('button', { name: pen['followUp.open'] }).click();
      const warned = page.locator('[data-problem="pin-mismatch"]');
      await warned.waitFor({ timeout: 30_000 });
      await expect(warned.getByTestId('fingerprint-pinned').textContent()).resolves.toBe(otherCode);
      await expect(warned.getByTestId('fingerprint-shown').textContent()).resolves.toBe(org.fingerprint);
      await screenshot(page, 'key-trust-07-follow-up-warning');
      expectClean(r);
    } finally {
      await r.close();
    }
  }, 240_000);

  it('without a directory key the portal says plainly that it cannot check, and still sends', async () => {
    const plain = await makeOrganisation(t, { handlers: 1, custodians: 0, withDirectory: false });
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      await r.page.goto(`${r.origin}/r/${plain.slug}`);
      await r.page.getByTestId('org-unsigned').waitFor();
      await r.page.getByRole('button', { name: pen['home.report'] }).click();
      await r.page.getByTestId('org-unsigned').waitFor();
      await r.page.getByLabel(pen['report.subject'], { exact: true }).fill('S');
      await r.page.getByLabel(pen['report.body'], { exact: true }).fill('B');
      await r.page.getByRole('button', { name: pen['report.send'] }).click();
      await r.page.getByTestId('case-secret').waitFor({ timeout: 60_000 });
      expectClean(r);
    } finally {
      await r.close();
    }
  }, 120_000);

  it('an admin signs a new handler into the directory in the browser with the key file, who then receives reports; and prints the poster', async () => {
    const created = await new ProvisioningService(t.db, t.config).createStaffUser({
      organisationId: org.id,
      email: `erkki-${org.slug}@example.test`,
      displayName: 'Erkki Uusi',
      password: TEST_PASSWORD,
      roles: ['handler'],
      channelIds: [org.channelId],
    });
    await t.db.query('UPDATE staff_users SET confidentiality_accepted_at = now(), confidentiality_version = 1 WHERE id = $1', [created.user.id]);
    const erkki: TestStaff = {
      id: created.user.id,
      email: created.user.email,
      displayName: 'Erkki Uusi',
      roles: ['handler'],
      totpSecret: created.totpSecret,
      backupCodes: [],
      recoveryKey: '',
    };
    const erkkiFingerprint = fingerprint(created.user.boxPublicKey, created.user.signPublicKey);

    // Until an admin signs him in, the new handler is told that nothing is encrypted to him.
    const h = await recordedContext(browser, appOrigin(t), 'en-GB');
    const admin = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      await h.page.goto(`${h.origin}/staff/cases`);
      await signIn(h.page, t, erkki);
      await h.page.getByTestId('own-keys-unsigned').waitFor();

      const page = admin.page;
      await page.goto(`${admin.origin}/staff/admin/key-directory`);
      await signIn(page, t, org.admins[0]);
      await page.getByRole('heading', { level: 1, name: en['keydir.title'] }).waitFor();
      await expect(page.getByTestId('organisation-fingerprint').textContent()).resolves.toBe(org.fingerprint);
      const change = page.locator(`li[data-user-id="${erkki.id}"]`);
      await change.getByText(fill(en['keydir.changeAdd'], { name: 'Erkki Uusi', roles: en['role.handler'] })).waitFor();
      await expect(change.getByTestId('pending-fingerprint').textContent()).resolves.toBe(erkkiFingerprint);
      await screenshot(page, 'key-trust-08-admin-pending');
      await expectAccessible(page, 'key directory pending');

      // Another key than the organisation's: refused before anything is signed.
      await change.getByRole('checkbox').check();
      await page.getByLabel(en['keydir.secret'], { exact: true }).fill(`directory secret key: ${toB64(generateDirectoryKey().seed)}`);
      await page.getByRole('button', { name: en['keydir.sign'] }).click();
      await page.getByText(en['keydir.secretWrong']).waitFor();
      // The key file the CLI writes, loaded from disk.
      await page.getByLabel(en['keydir.secret'], { exact: true }).fill('');
      await page.getByLabel(en['keydir.keyFile'], { exact: true }).setInputFiles({
        name: 'directory-key.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(`organisation fingerprint: ${org.fingerprint}\ndirectory secret key: ${toB64(org.directorySeed!)}\n`),
      });
      // The page reads the file asynchronously (File.text()), so wait for the text
      // to arrive instead of reading the field once straight after the upload.
      const secretField = await page.getByLabel(en['keydir.secret'], { exact: true }).elementHandle();
      await page.waitForFunction((field) => (field as HTMLTextAreaElement).value.includes('directory secret key:'), secretField);
      await page.getByRole('button', { name: en['keydir.sign'] }).click();
      await page.getByText(fill(en['keydir.signed'], { n: '1' })).waitFor();
      await page.getByTestId('directory-up-to-date').waitFor();
      // Nothing is left to sign, and the key went with the form.
      await expect(page.getByLabel(en['keydir.secret'], { exact: true }).count()).resolves.toBe(0);
      const history = page.getByTestId('directory-history');
      await history.locator('tbody tr').first().getByText('Erkki Uusi').waitFor();
      await screenshot(page, 'key-trust-09-admin-signed');
      // The seed never left the browser.
      const seedText = toB64(org.directorySeed!);
      expect(admin.requests.some((q) => q.body.toString('latin1').includes(seedText))).toBe(false);
      const recipients = (await t.http.get(`/api/public/channels/${org.channelId}/recipients`).expect(200)).body as { handlers: { userId: string }[] };
      expect(recipients.handlers.map((x) => x.userId)).toContain(erkki.id);

      // The handler's notice is gone once he is listed.
      await h.page.goto(`${h.origin}/staff/cases`);
      await signIn(h.page, t, erkki);
      await h.page.getByRole('heading', { level: 1, name: en['inbox.title'] }).waitFor();
      await expect(h.page.getByTestId('own-keys-unsigned').count()).resolves.toBe(0);

      // The poster: address, fingerprint and a QR code of the address with the fingerprint.
      await page.getByRole('link', { name: en['nav.poster'] }).click();
      await page.getByTestId('poster').waitFor();
      await expect(page.getByTestId('poster-fingerprint').textContent()).resolves.toBe(org.fingerprint);
      await page.getByText(`${admin.origin}/r/${org.slug}`, { exact: true }).waitFor();
      const qr = page.getByRole('img', { name: en['poster.qrLabel'] });
      const expected = qrPath(qrModules(`${admin.origin}/r/${org.slug}#fp=${org.fingerprint!.replace(/ /g, '')}`));
      await expect(qr.locator('path').getAttribute('d')).resolves.toBe(expected);
      await screenshot(page, 'key-trust-10-poster');
      await expectAccessible(page, 'poster');
      expectClean(admin);
      expectClean(h);
    } finally {
      await h.close();
      await admin.close();
    }
  }, 180_000);
});
