import type { Page } from 'playwright-core';
import { catalogs } from '../../../apps/web/src/staff/i18n';
import type { TestApp } from '../../helpers/app';
import { nextTotp } from '../../helpers/clients';
import { TEST_PASSWORD, TestStaff } from '../../helpers/factories';

/** The staff console's texts, for finding elements by what a person reads. */
export const staffText = catalogs;

/**
 * Signs in on the console's sign-in page as a person would: e-mail, password and
 * the current code of their authenticator (computed here from the TOTP secret the
 * factory made, on the test app's own TOTP clock). Accepts the confidentiality
 * notice when the console asks for it.
 */
export async function signIn(page: Page, t: TestApp, staff: TestStaff, lang: keyof typeof catalogs = 'en'): Promise<void> {
  const text = catalogs[lang];
  await page.getByRole('heading', { level: 1, name: text['login.title'] }).waitFor();
  await page.getByLabel(text['login.email'], { exact: true }).fill(staff.email);
  await page.getByLabel(text['login.password'], { exact: true }).fill(TEST_PASSWORD);
  await page.getByLabel(text['login.code'], { exact: true }).fill(nextTotp(t, staff.totpSecret));
  await page.getByRole('button', { name: text['login.submit'], exact: true }).click();
  await page.getByText(text['layout.signedInAs'].replace('{name}', staff.displayName)).waitFor({ timeout: 30_000 });
}

/** Accepts the confidentiality notice shown after the first sign-in. */
export async function acceptNotice(page: Page, lang: keyof typeof catalogs = 'en'): Promise<void> {
  const text = catalogs[lang];
  await page.getByRole('heading', { level: 1, name: text['notice.title'] }).waitFor();
  await page.getByLabel(text['notice.confirm'], { exact: true }).check();
  await page.getByRole('button', { name: text['notice.accept'] }).click();
}

/** Signs in with a given password: for accounts made in the browser (activation) or whose password was changed. */
export async function signInWithPassword(
  page: Page,
  t: TestApp,
  staff: { email: string; displayName: string; totpSecret: string },
  password: string,
  lang: keyof typeof catalogs = 'en',
): Promise<void> {
  const text = catalogs[lang];
  await page.getByRole('heading', { level: 1, name: text['login.title'] }).waitFor();
  await page.getByLabel(text['login.email'], { exact: true }).fill(staff.email);
  await page.getByLabel(text['login.password'], { exact: true }).fill(password);
  await page.getByLabel(text['login.code'], { exact: true }).fill(nextTotp(t, staff.totpSecret));
  await page.getByRole('button', { name: text['login.submit'], exact: true }).click();
  await page.getByText(text['layout.signedInAs'].replace('{name}', staff.displayName)).waitFor({ timeout: 30_000 });
}
