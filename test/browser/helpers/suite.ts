import { Browser } from 'playwright-core';
import { startTestApp, TestApp } from '../../helpers/app';
import { makeOrganisation, OrganisationOptions, TestOrganisation } from '../../helpers/factories';
import { ensureWebBuilt, launchChromium } from './browser';

export interface BrowserSuite {
  t: TestApp;
  org: TestOrganisation;
  browser: Browser;
}

/**
 * The set-up most browser files share: the web build, one app, one organisation and one
 * Chromium for the file, closed after it. Read the fields inside a test (they are filled
 * in `beforeAll`): `const { t, org, browser } = suite;`.
 */
export function browserSuite(options: OrganisationOptions, chromiumArgs: string[] = []): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    ensureWebBuilt();
    suite.t = await startTestApp();
    suite.org = await makeOrganisation(suite.t, options);
    suite.browser = await launchChromium(chromiumArgs);
  }, 180_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.t?.close();
  });
  return suite;
}
