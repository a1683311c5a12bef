import type { Page } from 'playwright-core';
import type { TestApp } from '../../helpers/app';
import { nextTotp } from '../../helpers/clients';
import { ReceivedMail, waitForMail } from '../../helpers/smtp-sink';
import { staffText } from './staff';

const en = staffText.en;

/** Who an invitation made: what signing in needs. */
export interface ActivatedStaff {
  email: string;
  displayName: string;
  totpSecret: string;
}

/**
 * The invitation as people do it: the admin (signed in on `adminPage`, on the
 * staff page) invites a handler for one channel; the invitee opens the mailed
 * link on `inviteePage`, chooses a password, keeps the recovery key, enrols the
 * authenticator and the backup codes, and ends on the sign-in page. Every key is
 * made in the invitee's browser. `onStep` is called after each screen, for
 * screenshots and accessibility checks.
 */
export async function inviteAndActivate(
  t: TestApp,
  mails: ReceivedMail[],
  pages: { admin: Page; invitee: Page; inviteeOrigin: string },
  who: { email: string; displayName: string; channelId: string; password: string },
  onStep: (page: Page, step: 'invited' | 'password' | 'recovery-key' | 'authenticator' | 'backup-codes') => Promise<void> = async () => {},
): Promise<ActivatedStaff> {
  const { admin, invitee } = pages;
  await admin.getByLabel(en['activate.email'], { exact: true }).fill(who.email);
  await admin.getByLabel(en['activate.name'], { exact: true }).fill(who.displayName);
  await admin.locator('#invite-role-handler').check();
  await admin.locator(`#invite-channel-${who.channelId}`).check();
  await admin.getByRole('button', { name: en['admin.invite.submit'] }).click();
  await admin.getByText(en['admin.invite.mailed'].replace('{email}', who.email)).waitFor();
  await onStep(admin, 'invited');

  const mail = await waitForMail(mails, who.email);
  const token = /\/staff\/activate#([A-Za-z0-9_-]{43})/.exec(mail.raw.replace(/=\r?\n/g, ''))![1];
  await invitee.goto(`${pages.inviteeOrigin}/staff/activate#${token}`);
  await invitee.getByRole('heading', { level: 1, name: en['activate.title'] }).waitFor();
  await invitee.getByText(who.email).waitFor();
  await onStep(invitee, 'password');
  await invitee.getByLabel(en['password.new'], { exact: true }).fill(who.password);
  await invitee.getByLabel(en['password.repeat'], { exact: true }).fill(who.password);
  await invitee.getByRole('button', { name: en['activate.makeKeys'] }).click();

  await invitee.getByTestId('recovery-key').waitFor({ timeout: 30_000 });
  await onStep(invitee, 'recovery-key');
  await invitee.getByLabel(en['activate.recoveryConfirm'], { exact: true }).check();
  await invitee.getByRole('button', { name: en['activate.continue'] }).click();

  const totpSecret = (await invitee.getByTestId('totp-secret').textContent())!.trim();
  await onStep(invitee, 'authenticator');
  await invitee.getByLabel(en['activate.code'], { exact: true }).fill(nextTotp(t, totpSecret));
  await invitee.getByRole('button', { name: en['activate.submit'] }).click();

  await invitee.getByTestId('backup-codes').waitFor();
  await onStep(invitee, 'backup-codes');
  await invitee.getByLabel(en['activate.codesConfirm'], { exact: true }).check();
  await invitee.getByRole('button', { name: en['activate.toSignIn'] }).click();
  return { email: who.email, displayName: who.displayName, totpSecret };
}
