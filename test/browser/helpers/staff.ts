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

/** Reads a ZIP of stored entries (what the console writes): name → bytes. */
export function readStoredZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    expect(zip.readUInt16LE(at + 10)).toBe(0); // stored
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.set(name, zip.subarray(dataAt, dataAt + size));
    at += 46 + nameLength;
  }
  return out;
}
