import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../helpers/app';
import { nextTotp, submitReport } from '../helpers/clients';
import { makeOrganisation, TEST_PASSWORD, TestOrganisation } from '../helpers/factories';
import { startSmtpSink, waitForMail } from '../helpers/smtp-sink';
import { findMarkers, launchChromium, ensureWebBuilt, Recorded, recordedContext, screenshot, expectAccessible, expectClean } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { acceptNotice, signIn, signInWithPassword, staffText } from './helpers/staff';

const en = staffText.en;

/** The invitee's passwords: typed only into the browser, never to appear in a request. */
const FIRST_PASSWORD = 'kuusikon hiljainen polku 1917';
const SECOND_PASSWORD = 'lokakuun sateinen tiistai 88';

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

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
    // A report received ten days ago, so that a short retention makes it due and the console must ask to confirm.
    const built = await submitReport(t, org, { title: 'Metrics only', body: 'Counted, never shown' });
    await t.db.query("UPDATE cases SET received_at = now() - interval '10 days', category_id = $2 WHERE id = $1", [built.body.caseId, org.categoryIds[0]]);
    browser = await launchChromium();
  }, 180_000);
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
      await ip.getByRole('button', { name: en['layout.signOut'] }).click();
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
      await screenshot(ap, 'staff-admin-09-deletions');
      await expectAccessible(ap, 'upcoming deletions');

      await ap.getByRole('link', { name: en['nav.informationPage'] }).click();
      await heading(ap, en['admin.info.title']);
      await ap.getByLabel(en['admin.info.text'].replace('{language}', 'English'), { exact: true }).fill('Our own words for reporters.');
      await ap.getByRole('button', { name: en['admin.info.save'] }).click();
      await ap.getByText(en['admin.info.saved']).waitFor();
      const [{ page }] = (await t.db.query('SELECT information_page AS page FROM organisations WHERE id = $1', [org.id])) as { page: unknown }[];
      expect(page).toMatchObject({ en: 'Our own words for reporters.' });
      await screenshot(ap, 'staff-admin-10-information-page');
      await expectAccessible(ap, 'information page');

      await ap.getByRole('link', { name: en['nav.metrics'] }).click();
      await heading(ap, en['metrics.title']);
      await ap.getByTestId('metrics-received').waitFor();
      await expect(ap.getByTestId('metrics-received').textContent()).resolves.toMatch(/^Reports received .+: 1\.$/);
      await ap.getByTestId('metrics-categories').getByRole('rowheader', { name: 'Fraud' }).waitFor();
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
});
