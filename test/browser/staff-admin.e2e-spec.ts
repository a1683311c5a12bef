import { readFileSync } from 'node:fs';
import { JOB_LABELS } from '../../apps/web/src/staff/jobs';
import { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { generateStaffKeys, recoveryFingerprint, toB64 } from '@kanava/crypto';
import { ProvisioningService } from '@kanava/staff';
import { fetchOrganisation, nextTotp, submitReport } from '../helpers/clients';
import { makeOrganisation, TEST_PASSWORD, TestOrganisation } from '../helpers/factories';
import { startSmtpSink, waitForMail } from '../helpers/smtp-sink';
import { findMarkers, launchChromium, ensureWebBuilt, Recorded, recordedContext, screenshot, expectAccessible, expectClean } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { acceptNotice, signIn, signInWithPassword, staffText } from './helpers/staff';

const en = staffText.en;

/** The invitee's passwords: typed only into the browser, never to appear in a request. */
const FIRST_PASSWORD = 'kuusikon hiljainen polku 1917';
const SECOND_PASSWORD = 'lokakuun sateinen tiistai 88';
const RECOVERED_PASSWORD = 'unohtunut avain löytyi laatikosta 42';

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

/** A catalogue text with its placeholders filled in. */
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

describe('staff console in the browser: activation, account and administration', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    smtp = await startSmtpSink();
    t = await startTestApp({ KANAVA_SMTP_URL: smtp.url, KANAVA_MAIL_FROM: 'kanava@example.test' });
    org = await makeOrganisation(t, { handlers: 1, custodians: 0, withRecovery: false });
    // A report received twenty days before this month began: a short retention makes it due, so the console must
    // ask to confirm, and its month has ended, so the organisation's metrics count it.
    // (Submitted on a clock set back: the receipt time itself can never be moved, R2.)
    const now = new Date();
    t.clock.freeze(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 12) - 20 * 86_400_000));
    const built = await submitReport(t, org, { title: 'Metrics only', body: 'Counted, never shown' });
    t.clock.reset();
    await t.db.query('UPDATE cases SET category_id = $2 WHERE id = $1', [built.body.caseId, org.categoryIds[0]]);
    browser = await launchChromium();
  }, 180_000);
  /** The organisation's recovery public key as stored (b64), or null. */
  const orgRecoveryKey = async (organisationId: string) => {
    const [row] = (await t.db.query('SELECT recovery_public_key AS key FROM organisations WHERE id = $1', [organisationId])) as { key: Buffer | null }[];
    return row.key ? toB64(new Uint8Array(row.key)) : null;
  };

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('an admin invites a handler, who activates in the browser, signs in with TOTP and changes the password; the admin sets retention and reads the metrics', async () => {
    const all: Recorded[] = [];
    try {
      // --- The admin invites a handler for the channel.
      const admin = await recordedContext(browser, appOrigin(t), 'en-GB');
      all.push(admin);
      const ap = admin.page;
      await ap.goto(`${admin.origin}/staff`);
      await signIn(ap, t, org.admins[0]);
      await heading(ap, en['admin.staff.title']);
      expect(new URL(ap.url()).pathname).toBe('/staff/admin/staff');
      await ap.getByTestId('staff-list').waitFor();
      const email = `invited-${org.slug}@example.test`;
      await ap.getByLabel(en['activate.email'], { exact: true }).fill(email);
      await ap.getByLabel(en['activate.name'], { exact: true }).fill('Invited Handler');
      await ap.locator('#invite-role-handler').check();
      await ap.locator(`#invite-channel-${org.channelId}`).check();
      await ap.getByRole('button', { name: en['admin.invite.submit'] }).click();
      await ap.getByText(en['admin.invite.mailed'].replace('{email}', email)).waitFor();
      await ap.getByRole('heading', { name: en['admin.invite.open'] }).waitFor();
      await screenshot(ap, 'staff-admin-01-staff-invited');
      await expectAccessible(ap, 'admin staff');

      const mail = await waitForMail(smtp.mails, email);
      const token = /\/staff\/activate#([A-Za-z0-9_-]{43})/.exec(mail.raw.replace(/=\r?\n/g, ''))![1];

      // --- The invitee activates in a browser of their own.
      const invitee = await recordedContext(browser, appOrigin(t), 'en-GB');
      all.push(invitee);
      const ip = invitee.page;
      await ip.goto(`${invitee.origin}/staff/activate#${token}`);
      await heading(ip, en['activate.title']);
      await ip.getByText(email).waitFor();
      expect(new URL(ip.url()).hash).toBe(''); // the token left the address bar
      await screenshot(ip, 'staff-admin-02-activate-password');
      await expectAccessible(ip, 'activation: password');
      // A guessable password is refused here, in words, before any key is made.
      await ip.getByLabel(en['password.new'], { exact: true }).fill('password1234');
      await ip.getByLabel(en['password.repeat'], { exact: true }).fill('password1234');
      await ip.getByRole('button', { name: en['activate.makeKeys'] }).click();
      await ip.getByText(en['password.guessable']).waitFor();
      await ip.getByLabel(en['password.new'], { exact: true }).fill(FIRST_PASSWORD);
      await ip.getByLabel(en['password.repeat'], { exact: true }).fill(FIRST_PASSWORD);
      await ip.getByRole('button', { name: en['activate.makeKeys'] }).click();

      // The recovery key, shown once: downloadable, and confirmed before going on.
      const sheet = ip.getByTestId('recovery-key');
      await sheet.waitFor({ timeout: 30_000 });
      const recoveryKey = (await sheet.locator('.secret-value').textContent())!.trim();
      expect(recoveryKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const [download] = await Promise.all([ip.waitForEvent('download'), ip.getByRole('button', { name: en['secret.download'] }).click()]);
      expect(download.suggestedFilename()).toBe('kanava-recovery-key.txt');
      expect(readFileSync((await download.path())!, 'utf8')).toContain(recoveryKey);
      await screenshot(ip, 'staff-admin-03-activate-recovery-key');
      await expectAccessible(ip, 'activation: recovery key');
      await ip.getByRole('button', { name: en['activate.continue'] }).click();
      await ip.getByText(en['activate.recoveryMustConfirm']).waitFor();
      await ip.getByLabel(en['activate.recoveryConfirm'], { exact: true }).check();
      await ip.getByRole('button', { name: en['activate.continue'] }).click();

      // The authenticator: the secret as text; a wrong code gets the server's refusal in words; the right one activates.
      const secret = (await ip.getByTestId('totp-secret').textContent())!.trim();
      await expect(ip.getByTestId('totp-uri').textContent()).resolves.toMatch(/^otpauth:\/\/totp\//);
      // Beside them the same address as a QR code, drawn in the page as SVG: a square symbol with dark modules.
      const qr = ip.getByRole('img', { name: en['activate.totpQr'] });
      await qr.waitFor();
      expect(await qr.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
      const viewBox = (await qr.getAttribute('viewBox'))!.split(' ').map(Number);
      expect(viewBox[2]).toBe(viewBox[3]);
      expect((viewBox[2] - 8 - 17) % 4).toBe(0); // a QR version's size plus the quiet zone
      expect(((await qr.locator('path').getAttribute('d')) ?? '').length).toBeGreaterThan(1000);
      expect((await qr.boundingBox())!.width).toBeGreaterThan(150);
      await screenshot(ip, 'staff-admin-04-activate-totp');
      await expectAccessible(ip, 'activation: authenticator');
      await ip.getByLabel(en['activate.code'], { exact: true }).fill('000000');
      await ip.getByRole('button', { name: en['activate.submit'] }).click();
      await ip.getByText(en['apiError.totp_invalid']).waitFor();
      await ip.getByLabel(en['activate.code'], { exact: true }).fill(nextTotp(t, secret));
      await ip.getByRole('button', { name: en['activate.submit'] }).click();

      const codes = ip.getByTestId('backup-codes');
      await codes.waitFor();
      await expect(codes.locator('.secret-value').count()).resolves.toBe(10);
      await expect(ip.getByText(recoveryKey).count()).resolves.toBe(0); // shown once only
      await screenshot(ip, 'staff-admin-05-activate-backup-codes');
      await expectAccessible(ip, 'activation: backup codes');
      await ip.getByLabel(en['activate.codesConfirm'], { exact: true }).check();
      await ip.getByRole('button', { name: en['activate.toSignIn'] }).click();

      // --- The new handler signs in with password and TOTP, accepts the notice, and reaches the inbox.
      const handler = { email, displayName: 'Invited Handler', totpSecret: secret };
      await signInWithPassword(ip, t, handler, FIRST_PASSWORD);
      await acceptNotice(ip);
      await heading(ip, en['inbox.title']);
      const rows = (await t.db.query('SELECT id FROM staff_users WHERE email = $1', [email])) as { id: string }[];
      expect(rows).toHaveLength(1);

      // --- Password change: the bundle re-wrapped in the browser; the new password signs in, the old one no longer does.
      await ip.getByRole('link', { name: en['nav.account'] }).click();
      await heading(ip, en['account.title']);
      await ip.getByLabel(en['account.current'], { exact: true }).fill(FIRST_PASSWORD);
      await ip.getByLabel(en['password.new'], { exact: true }).fill(SECOND_PASSWORD);
      await ip.getByLabel(en['password.repeat'], { exact: true }).fill(SECOND_PASSWORD);
      await ip.getByLabel(en['login.code'], { exact: true }).fill(nextTotp(t, secret));
      await ip.getByRole('button', { name: en['account.change'] }).click();
      await ip.getByText(en['account.changed']).waitFor({ timeout: 30_000 });
      await screenshot(ip, 'staff-admin-06-account-password-changed');
      await expectAccessible(ip, 'account');
      await ip.getByRole('button', { name: en['layout.signOut'], exact: true }).click();
      await heading(ip, en['login.title']);
      await ip.getByLabel(en['login.email'], { exact: true }).fill(email);
      await ip.getByLabel(en['login.password'], { exact: true }).fill(FIRST_PASSWORD);
      await ip.getByLabel(en['login.code'], { exact: true }).fill(nextTotp(t, secret));
      await ip.getByRole('button', { name: en['login.submit'], exact: true }).click();
      await ip.getByText(en['login.error.credentials']).waitFor({ timeout: 30_000 });
      await ip.goto(`${invitee.origin}/staff`);
      await signInWithPassword(ip, t, handler, SECOND_PASSWORD);
      await heading(ip, en['inbox.title']);
      expectClean(invitee);

      // --- The admin shortens the channel's retention: the console asks first, since a case becomes due.
      await ap.getByRole('link', { name: en['nav.channels'] }).click();
      await heading(ap, en['admin.channels.title']);
      const channel = ap.locator(`section[data-channel-id="${org.channelId}"]`);
      await channel.getByLabel(en['admin.retention.days'], { exact: true }).fill('5');
      await channel.getByRole('button', { name: en['admin.retention.save'] }).click();
      await channel.getByText(en['admin.retention.confirmCount'].replace('{count}', '1')).waitFor();
      await screenshot(ap, 'staff-admin-07-retention-confirm');
      await expectAccessible(ap, 'channels: retention confirmation');
      await channel.getByRole('button', { name: en['admin.retention.confirmYes'] }).click();
      await channel.getByText(en['admin.retention.savedDue'].replace('{count}', '1')).waitFor();
      const [{ retention_days }] = (await t.db.query('SELECT retention_days FROM channels WHERE id = $1', [org.channelId])) as { retention_days: number }[];
      expect(retention_days).toBe(5);
      // A category is added and shows up.
      await channel.getByLabel(en['admin.categories.new'], { exact: true }).fill('Harassment');
      await channel.getByRole('button', { name: en['admin.categories.add'] }).click();
      await channel.getByText(en['admin.categories.added']).waitFor();
      await channel.getByLabel(en['admin.categories.label'].replace('{label}', 'Harassment'), { exact: true }).waitFor();
      await screenshot(ap, 'staff-admin-08-channels');
      await expectAccessible(ap, 'channels');

      // --- Upcoming deletions lists the case now due; the information page and metrics open.
      await ap.getByRole('link', { name: en['nav.deletions'] }).click();
      await heading(ap, en['admin.deletions.title']);
      await ap.getByTestId('deletions').getByText(en['admin.deletions.due'], { exact: false }).waitFor();
      // No job runs against this test database, and the page says so rather than promising a purge.
      await ap.getByTestId('last-purge').getByText(en['admin.deletions.neverPurged']).waitFor();
      await screenshot(ap, 'staff-admin-09-deletions');
      await expectAccessible(ap, 'upcoming deletions');

      // --- The background jobs: every job with its last run.
      await ap.getByRole('link', { name: en['nav.jobs'] }).click();
      await heading(ap, en['admin.jobs.title']);
      const jobs = ap.getByRole('table', { name: en['admin.jobs.caption'] });
      await jobs.getByRole('rowheader', { name: en['admin.jobs.name.retention-purge'] }).waitFor();
      // A header row, then one row per job.
      expect(await jobs.getByRole('row').count()).toBe(1 + JOB_LABELS.length);
      await expectAccessible(ap, 'background jobs');

      // The page opens with the text reporters see now, so adding a language keeps the others.
      await t.db.query(`UPDATE organisations SET information_page = '{"fi": "Omat sanamme ilmoittajille."}' WHERE id = $1`, [org.id]);
      await ap.getByRole('link', { name: en['nav.informationPage'] }).click();
      await heading(ap, en['admin.info.title']);
      const finnish = ap.getByLabel(en['admin.info.text'].replace('{language}', en['admin.texts.languageFi']), { exact: true });
      await finnish.waitFor();
      await expect(finnish.inputValue()).resolves.toBe('Omat sanamme ilmoittajille.');
      await ap.getByLabel(en['admin.info.text'].replace('{language}', en['admin.texts.languageEn']), { exact: true }).fill('Our own words for reporters.');
      await ap.getByRole('button', { name: en['admin.info.save'] }).click();
      await ap.getByText(en['admin.info.saved']).waitFor();
      const [{ page }] = (await t.db.query('SELECT information_page AS page FROM organisations WHERE id = $1', [org.id])) as { page: unknown }[];
      expect(page).toEqual({ fi: 'Omat sanamme ilmoittajille.', en: 'Our own words for reporters.' });
      await screenshot(ap, 'staff-admin-10-information-page');
      await expectAccessible(ap, 'information page');

      // Emptying a language that has a text asks first; cancelled, nothing changes.
      const storedPage = async () =>
        ((await t.db.query('SELECT information_page AS page FROM organisations WHERE id = $1', [org.id])) as { page: unknown }[])[0].page;
      await finnish.fill('');
      await ap.getByRole('button', { name: en['admin.info.save'] }).click();
      const removal = ap.getByTestId('info-confirm-removal');
      await removal.getByText(fill(en['admin.info.removeLanguages'], { languages: en['admin.texts.languageFi'] })).waitFor();
      await expectAccessible(ap, 'information page, removal to confirm');
      await removal.getByRole('button', { name: en['common.cancel'] }).click();
      await ap.getByRole('button', { name: en['admin.info.save'] }).waitFor();
      expect(await storedPage()).toEqual({ fi: 'Omat sanamme ilmoittajille.', en: 'Our own words for reporters.' });
      // Confirmed, the Finnish text is removed and the English one kept.
      await ap.getByRole('button', { name: en['admin.info.save'] }).click();
      await ap.getByTestId('info-confirm-removal').getByRole('button', { name: en['admin.info.removeYes'] }).click();
      await ap.getByText(en['admin.info.saved']).waitFor();
      expect(await storedPage()).toEqual({ en: 'Our own words for reporters.' });
      // Saving again with nothing removed asks nothing.
      await ap.getByRole('button', { name: en['admin.info.save'] }).click();
      await ap.getByText(en['admin.info.saved']).waitFor();
      await expect(ap.getByTestId('info-confirm-removal').count()).resolves.toBe(0);

      await ap.getByRole('link', { name: en['nav.metrics'] }).click();
      await heading(ap, en['metrics.title']);
      await ap.getByTestId('metrics-received').waitFor();
      // Organisation-wide, one report is "<5", like none: the page says why.
      await expect(ap.getByTestId('metrics-received').textContent()).resolves.toMatch(/^Reports received .+: <5\.$/);
      await expect(ap.getByTestId('metrics-scope').textContent()).resolves.toBe(en['metrics.scopeOrganisation'].replace(/\{threshold\}/g, '5'));
      const fraud = ap.getByTestId('metrics-categories').getByRole('row', { name: /^Fraud/ });
      await expect(fraud.getByRole('cell').textContent()).resolves.toBe('<5');
      await ap.getByTestId('metrics-timing').waitFor();
      await screenshot(ap, 'staff-admin-11-metrics');
      await expectAccessible(ap, 'metrics');

      // --- Deactivation only after a confirmation.
      await ap.getByRole('link', { name: en['nav.staff'] }).click();
      await heading(ap, en['admin.staff.title']);
      const auditor = org.auditors[0];
      const row = ap.locator(`tr[data-user-email="${auditor.email}"]`);
      await row.getByRole('button', { name: `${en['admin.staff.deactivate']} – ${auditor.displayName}` }).click();
      await row.getByText(en['admin.staff.deactivateConfirm'].replace('{name}', auditor.displayName)).waitFor();
      await screenshot(ap, 'staff-admin-12-deactivate-confirm');
      await expectAccessible(ap, 'staff: deactivation confirmation');
      await row.getByRole('button', { name: en['admin.staff.deactivateYes'] }).click();
      await ap.getByText(en['admin.staff.deactivated'].replace('{name}', auditor.displayName).replace('{grants}', '0')).waitFor();
      const [{ active }] = (await t.db.query('SELECT active FROM staff_users WHERE id = $1', [auditor.id])) as { active: boolean }[];
      expect(active).toBe(false);
      expectClean(admin);

      // --- No request carried a password or the recovery key (plain or in base64url).
      const requests = all.flatMap((r) => r.requests);
      expect(requests.some((r) => r.method === 'POST' && r.url === `/api/auth/invitations/${token}/activate`)).toBe(true);
      expect(requests.some((r) => r.method === 'POST' && r.url === '/api/auth/password')).toBe(true);
      expect(findMarkers(requests, [FIRST_PASSWORD, SECOND_PASSWORD, TEST_PASSWORD, recoveryKey])).toEqual([]);
    } finally {
      for (const r of all) await r.close();
    }
  }, 300_000);

  it('an admin sets the organisation recovery key made offline, after checking its fingerprint, once; a second attempt is refused', async () => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0, withRecovery: false });
    const admin = fresh.admins[0];
    // The key pair as `npm run cli -- recovery-key:generate` makes it, apart from the server.
    const offline = generateStaffKeys().box;
    const publicKey = toB64(offline.publicKey);
    const expectedFingerprint = recoveryFingerprint(offline.publicKey);
    const first = await recordedContext(browser, appOrigin(t), 'en-GB');
    const second = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      // A second session of the same admin opens the page while no key is set.
      const sp = second.page;
      await sp.goto(`${second.origin}/staff/admin/recovery-key`);
      await signIn(sp, t, admin);
      await heading(sp, en['admin.recovery.title']);
      await sp.getByRole('heading', { name: en['admin.recovery.noneTitle'] }).waitFor();

      // The first session pastes the public half, sees its fingerprint, must confirm the check, and sets it.
      const fp = first.page;
      await fp.goto(`${first.origin}/staff`);
      await signIn(fp, t, admin);
      await fp.getByRole('link', { name: en['nav.recoveryKey'] }).click();
      await heading(fp, en['admin.recovery.title']);
      await fp.getByRole('heading', { name: en['admin.recovery.noneTitle'] }).waitFor();
      await expectAccessible(fp, 'recovery key: none set');
      const field = fp.getByLabel(en['admin.recovery.publicKey'], { exact: true });
      await field.fill('not-a-key');
      await fp.getByRole('button', { name: en['admin.recovery.send'] }).click();
      await fp.getByText(en['admin.recovery.invalid']).waitFor();
      // Pasted as printed, with a line break in it.
      await field.fill(`${publicKey.slice(0, 20)}\n${publicKey.slice(20)}`);
      await expect(fp.getByTestId('recovery-candidate-fingerprint').textContent()).resolves.toBe(expectedFingerprint);
      await fp.getByRole('button', { name: en['admin.recovery.send'] }).click();
      await fp.getByText(en['admin.recovery.mustConfirm']).waitFor();
      expect(await orgRecoveryKey(fresh.id)).toBeNull();
      await screenshot(fp, 'staff-admin-13-recovery-key-check');
      await expectAccessible(fp, 'recovery key: fingerprint to check');
      await fp.getByLabel(en['admin.recovery.confirm'], { exact: true }).check();
      await fp.getByRole('button', { name: en['admin.recovery.send'] }).click();
      await fp.getByText(en['admin.recovery.saved']).waitFor();
      await expect(fp.getByTestId('recovery-fingerprint').textContent()).resolves.toBe(expectedFingerprint);
      expect(await orgRecoveryKey(fresh.id)).toBe(publicKey);
      // The secret half never was in a browser, so it cannot be in any request.
      expect(findMarkers(first.requests, [toB64(offline.secretKey)])).toEqual([]);
      await screenshot(fp, 'staff-admin-14-recovery-key-set');
      await expectAccessible(fp, 'recovery key: set');
      // Coming back, the page says the key is set and offers no field for a new one.
      await fp.getByRole('link', { name: en['nav.account'] }).click();
      await fp.getByRole('link', { name: en['nav.recoveryKey'] }).click();
      await fp.getByTestId('recovery-key-set').waitFor();
      await expect(fp.getByLabel(en['admin.recovery.publicKey'], { exact: true }).count()).resolves.toBe(0);

      // The second session's attempt, with another key, is refused in words, and the key set stays.
      const other = generateStaffKeys().box;
      await sp.getByLabel(en['admin.recovery.publicKey'], { exact: true }).fill(toB64(other.publicKey));
      await sp.getByLabel(en['admin.recovery.confirm'], { exact: true }).check();
      await sp.getByRole('button', { name: en['admin.recovery.send'] }).click();
      await sp.getByText(en['apiError.recovery_key_set']).waitFor();
      await expect(sp.getByTestId('recovery-fingerprint').textContent()).resolves.toBe(expectedFingerprint);
      await screenshot(sp, 'staff-admin-15-recovery-key-refused');
      await expectAccessible(sp, 'recovery key: second attempt refused');
      expect(await orgRecoveryKey(fresh.id)).toBe(publicKey);
      expectClean(first);
      expectClean(second);
    } finally {
      await first.close();
      await second.close();
    }
  }, 180_000);

  it('an admin ends and makes designations, reads the access review, renames, takes a role away after confirming, and sets the channel switches', async () => {
    const fresh = await makeOrganisation(t, { handlers: 2, custodians: 0 });
    const { channel: second } = await new ProvisioningService(t.db, t.config).createChannel({ organisationId: fresh.id, name: 'Procurement' });
    const [h0, h1] = fresh.handlers;
    const admin = fresh.admins[0];
    const designations = async (userId: string) =>
      (
        (await t.db.query('SELECT channel_id, role, designated_by FROM channel_members WHERE user_id = $1 ORDER BY channel_id', [userId])) as {
          channel_id: string;
          role: string;
          designated_by: string | null;
        }[]
      ).map((d) => `${d.channel_id}:${d.role}:${d.designated_by}`);
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/staff`);
      await signIn(page, t, admin);
      await heading(page, en['admin.staff.title']);

      // Ending a designation asks first; only the confirmation ends it.
      const row1 = page.locator(`tr[data-user-email="${h1.email}"]`);
      await row1.getByRole('button', { name: `${en['admin.designation.end']} – ${h1.displayName}, Reports (${en['role.handler']})` }).click();
      await row1.getByText(fill(en['admin.designation.endConfirm'], { name: h1.displayName, channel: `Reports (${en['role.handler']})` })).waitFor();
      expect(await designations(h1.id)).toEqual([`${fresh.channelId}:handler:null`]);
      await screenshot(page, 'staff-admin-16-end-designation-confirm');
      await expectAccessible(page, 'staff: end designation confirmation');
      await row1.getByRole('button', { name: en['admin.designation.endYes'] }).click();
      await page.getByText(fill(en['admin.designation.ended'], { name: h1.displayName, channel: 'Reports', grants: '0' })).waitFor();
      expect(await designations(h1.id)).toEqual([]);

      // Designating for the other channel: recorded with who did it.
      await page.getByLabel(en['admin.designation.person'], { exact: true }).selectOption({ label: h1.displayName });
      await page.getByLabel(en['admin.designation.channel'], { exact: true }).selectOption({ label: 'Procurement' });
      await page.getByRole('button', { name: en['admin.designation.submit'], exact: true }).click();
      await page.getByText(fill(en['admin.designation.added'], { name: h1.displayName, channel: 'Procurement', role: en['role.handler'] })).waitFor();
      expect(await designations(h1.id)).toEqual([`${second.id}:handler:${admin.id}`]);
      await row1.getByText(`Procurement (${en['role.handler']})`).waitFor();
      await screenshot(page, 'staff-admin-17-designated');
      await expectAccessible(page, 'staff: designated');

      // The access review shows it: per channel, who, as what, by whom. These accounts were made by
      // the provisioning service as the CLI makes them, so each is marked as made outside the console.
      await t.db.query("UPDATE staff_users SET created_by_operator = 'Olli Operaattori' WHERE id = $1", [h0.id]);
      await page.getByRole('link', { name: en['nav.accessReview'] }).click();
      await heading(page, en['admin.review.title']);
      const procurement = page.locator(`section[data-channel-id="${second.id}"]`);
      const reviewed = procurement.locator(`tr[data-user-id="${h1.id}"][data-role="handler"]`);
      await reviewed.waitFor();
      await expect(reviewed.locator('th').textContent()).resolves.toContain(h1.displayName);
      await expect(reviewed.locator('td').nth(1).textContent()).resolves.toBe(admin.displayName);
      await expect(page.locator(`section[data-channel-id="${fresh.channelId}"] tr[data-user-id="${h1.id}"]`).count()).resolves.toBe(0);
      await expect(reviewed.locator('th').textContent()).resolves.toContain(en['admin.review.madeByUnknownOperator']);
      const byOperator = page.locator(`section[data-channel-id="${fresh.channelId}"] tr[data-user-id="${h0.id}"]`);
      await byOperator.getByText(fill(en['admin.review.madeByOperator'], { operator: 'Olli Operaattori' })).waitFor();
      await screenshot(page, 'staff-admin-18-access-review');
      await expectAccessible(page, 'access review');

      // Renaming shows in the list and is stored.
      await page.getByRole('link', { name: en['nav.staff'] }).click();
      await heading(page, en['admin.staff.title']);
      const row0 = page.locator(`tr[data-user-email="${h0.email}"]`);
      await row0.getByRole('button', { name: `${en['admin.staff.rename']} – ${h0.displayName}` }).click();
      await row0.getByLabel(fill(en['admin.staff.newName'], { name: h0.displayName }), { exact: true }).fill('Hanna Handler');
      await row0.getByRole('button', { name: en['admin.staff.saveName'] }).click();
      await page.getByText(fill(en['admin.staff.renamed'], { name: 'Hanna Handler' })).waitFor();
      await row0.getByRole('rowheader', { name: 'Hanna Handler' }).waitFor();
      const [{ display_name }] = (await t.db.query('SELECT display_name FROM staff_users WHERE id = $1', [h0.id])) as { display_name: string }[];
      expect(display_name).toBe('Hanna Handler');

      // Taking the handler role away asks first, naming the role; nothing changes until confirmed.
      await row0.getByRole('button', { name: `${en['admin.staff.changeRoles']} – Hanna Handler` }).click();
      await row0.locator(`#roles-${h0.id}-handler`).uncheck();
      await row0.locator(`#roles-${h0.id}-auditor`).check();
      await row0.getByRole('button', { name: en['admin.staff.saveRoles'] }).click();
      await row0.getByText(fill(en['admin.staff.removeRolesConfirm'], { name: 'Hanna Handler', roles: en['role.handler'] })).waitFor();
      await expectAccessible(page, 'staff: role removal confirmation');
      const rolesOf = async () => ((await t.db.query('SELECT roles FROM staff_users WHERE id = $1', [h0.id])) as { roles: string[] }[])[0].roles;
      expect(await rolesOf()).toEqual(['handler']);
      await row0.getByRole('button', { name: en['admin.staff.removeRolesYes'] }).click();
      await page.getByText(fill(en['admin.staff.rolesSaved'], { name: 'Hanna Handler' })).waitFor();
      expect(await rolesOf()).toEqual(['auditor']);
      expect(await designations(h0.id)).toEqual([]);

      // The channel's switches and description are stored, and the portal reads them.
      await page.getByRole('link', { name: en['nav.channels'] }).click();
      await heading(page, en['admin.channels.title']);
      const channel = page.locator(`section[data-channel-id="${fresh.channelId}"]`);
      await expect(channel.getByLabel(en['admin.channels.allowAnonymous'], { exact: true }).isChecked()).resolves.toBe(true);
      await expect(channel.getByLabel(en['admin.channels.exclusionEnabled'], { exact: true }).isChecked()).resolves.toBe(true);
      await channel.getByLabel(en['admin.channels.description'], { exact: true }).fill('Suspected misconduct in the company.');
      await channel.getByLabel(en['admin.channels.allowAnonymous'], { exact: true }).uncheck();
      await channel.getByLabel(en['admin.channels.exclusionEnabled'], { exact: true }).uncheck();
      await channel.getByRole('button', { name: en['admin.channels.saveSettings'] }).click();
      await channel.getByText(en['admin.channels.settingsSaved']).waitFor();
      const [stored] = (await t.db.query('SELECT description, allow_anonymous, exclusion_enabled FROM channels WHERE id = $1', [fresh.channelId])) as {
        description: string;
        allow_anonymous: boolean;
        exclusion_enabled: boolean;
      }[];
      expect(stored).toEqual({ description: 'Suspected misconduct in the company.', allow_anonymous: false, exclusion_enabled: false });
      expect((await fetchOrganisation(t.http, fresh.slug)).channels.find((c) => c.id === fresh.channelId)).toMatchObject({ allowAnonymous: false });
      await screenshot(page, 'staff-admin-19-channel-settings');
      await expectAccessible(page, 'channels: settings');
      // The other channel kept its own settings.
      const [other] = (await t.db.query('SELECT allow_anonymous FROM channels WHERE id = $1', [second.id])) as { allow_anonymous: boolean }[];
      expect(other.allow_anonymous).toBe(true);
      expectClean(r);
    } finally {
      await r.close();
    }
  }, 180_000);

  it('signing out everywhere ends the session of another browser too, after a confirmation', async () => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const auditor = fresh.auditors[0];
    const here = await recordedContext(browser, appOrigin(t), 'en-GB');
    const elsewhere = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      await elsewhere.page.goto(`${elsewhere.origin}/staff`);
      await signIn(elsewhere.page, t, auditor);
      const me = () => elsewhere.page.evaluate(async () => (await fetch('/api/auth/me', { credentials: 'same-origin' })).status);
      expect(await me()).toBe(200);

      const page = here.page;
      await page.goto(`${here.origin}/staff`);
      await signIn(page, t, auditor);
      await page.getByRole('link', { name: en['nav.account'] }).click();
      await heading(page, en['account.title']);
      await page.getByRole('button', { name: en['account.everywhere'], exact: true }).click();
      await page.getByText(en['account.everywhereConfirm']).waitFor();
      await screenshot(page, 'staff-admin-20-sign-out-everywhere-confirm');
      await expectAccessible(page, 'account: sign out everywhere confirmation');
      expect(await me()).toBe(200); // nothing ended before the confirmation
      await page.getByRole('button', { name: en['account.everywhereYes'] }).click();
      await heading(page, en['login.title']);
      // The other browser's session ended with it: its requests are refused.
      expect(await me()).toBe(401);
      const [{ n }] = (await t.db.query('SELECT count(*)::int AS n FROM staff_sessions WHERE user_id = $1', [auditor.id])) as { n: number }[];
      expect(n).toBe(0);
      expectClean(here);

      // The other browser's next request is refused: it goes back to sign-in by itself and says why,
      // and signing in again brings the auditor back to the page they asked for.
      await elsewhere.page.getByRole('link', { name: en['nav.metrics'] }).click();
      await heading(elsewhere.page, en['login.title']);
      await elsewhere.page.getByText(en['login.sessionEnded']).waitFor();
      expect(new URL(elsewhere.page.url()).pathname).toBe('/staff/metrics');
      await screenshot(elsewhere.page, 'staff-admin-21-session-ended-elsewhere');
      await expectAccessible(elsewhere.page, 'sign-in after the session ended');
      await signIn(elsewhere.page, t, auditor);
      await heading(elsewhere.page, en['metrics.title']);
      expect(new URL(elsewhere.page.url()).search).toBe('');
      expect(await elsewhere.page.getByText(en['login.sessionEnded']).count()).toBe(0);
      expectClean(elsewhere);
    } finally {
      await here.close();
      await elsewhere.close();
    }
  }, 120_000);

  it('a handler who forgot the password recovers with the personal recovery key and opens a case again', async () => {
    const fresh = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    const handler = fresh.handlers[0];
    const caseId = (await submitReport(t, fresh, { title: 'Before the recovery', body: 'Still readable' })).body.caseId;
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/staff`);
      await heading(page, en['login.title']);
      await page.getByRole('link', { name: en['login.forgotten'] }).click();
      await heading(page, en['recover.title']);
      expect(new URL(page.url()).pathname).toBe('/staff/recover');
      await expectAccessible(page, 'recovery: open the keys');

      // A wrong recovery key is refused in words.
      await page.getByLabel(en['login.email'], { exact: true }).fill(handler.email);
      await page.getByLabel(en['recover.key'], { exact: true }).fill(toB64(new Uint8Array(32).fill(7)));
      await page.getByLabel(en['login.code'], { exact: true }).fill(nextTotp(t, handler.totpSecret));
      await page.getByRole('button', { name: en['recover.open'] }).click();
      await page.getByText(en['recover.error.refused']).waitFor();

      // The right one, as printed (with a line break), and a fresh code open the keys in the browser.
      await page.getByLabel(en['recover.key'], { exact: true }).fill(`${handler.recoveryKey.slice(0, 20)} ${handler.recoveryKey.slice(20)}`);
      await page.getByLabel(en['login.code'], { exact: true }).fill(nextTotp(t, handler.totpSecret));
      await page.getByRole('button', { name: en['recover.open'] }).click();
      await page.getByText(en['recover.opened']).waitFor();
      await screenshot(page, 'staff-admin-21-recovery-new-password');
      await expectAccessible(page, 'recovery: new password');
      await page.getByLabel(en['password.new'], { exact: true }).fill(RECOVERED_PASSWORD);
      await page.getByLabel(en['password.repeat'], { exact: true }).fill(RECOVERED_PASSWORD);
      await page.getByLabel(en['recover.nextCode'], { exact: true }).fill(nextTotp(t, handler.totpSecret));
      await page.getByRole('button', { name: en['recover.save'] }).click();
      await page.getByText(en['recover.done']).waitFor({ timeout: 30_000 });
      await screenshot(page, 'staff-admin-22-recovery-done');
      await expectAccessible(page, 'recovery: done');
      expect(r.requests.some((q) => q.method === 'POST' && q.url === '/api/auth/recovery/reset')).toBe(true);
      expect(findMarkers(r.requests, [handler.recoveryKey, RECOVERED_PASSWORD])).toEqual([]);

      // The new password signs in, and the same keys open the case the handler held.
      await page.goto(`${r.origin}/staff/cases/${caseId}`);
      await signInWithPassword(page, t, handler, RECOVERED_PASSWORD);
      await expect(page.getByTestId('report-title').textContent()).resolves.toBe('Before the recovery');
      // The old password no longer does.
      await page.getByRole('button', { name: en['layout.signOut'], exact: true }).click();
      await heading(page, en['login.title']);
      await page.getByLabel(en['login.email'], { exact: true }).fill(handler.email);
      await page.getByLabel(en['login.password'], { exact: true }).fill(TEST_PASSWORD);
      await page.getByLabel(en['login.code'], { exact: true }).fill(nextTotp(t, handler.totpSecret));
      await page.getByRole('button', { name: en['login.submit'], exact: true }).click();
      await page.getByText(en['login.error.credentials']).waitFor({ timeout: 30_000 });
      expectClean(r);
    } finally {
      await r.close();
    }
  }, 180_000);
});
