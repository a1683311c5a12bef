import { Browser, Page } from 'playwright-core';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { ensureWebBuilt, launchChromium, recordedContext, screenshot, seriousAxeViolations } from './helpers/browser';
import { appOrigin, caseIdByReference } from './helpers/portal';

const en = catalogs.en;

/** The focused element's accessible text (label of a field, text of a button) and whether its focus is visible. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '', tag: '', outlined: false };
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    const style = getComputedStyle(el);
    return {
      name: (labelled || el.textContent || '').trim(),
      tag: el.tagName.toLowerCase(),
      outlined: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
    };
  });
}

/**
 * Presses Tab (never the mouse) until the element named `name` has focus; fails after
 * `max` presses. Every element on the way must show where the focus is (WCAG 2.4.7).
 */
async function tabTo(page: Page, name: string, unseen: string[], max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag && !f.outlined) unseen.push(`${f.tag} "${f.name}"`);
    if (f.name === name) return;
  }
  throw new Error(`"${name}" was not reached with Tab`);
}

describe('portal without a mouse, and its quick exit', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('submits a report and confirms the case secret with the keyboard alone', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    const { page } = r;
    const unseen: string[] = [];
    try {
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: en['home.report'] }).waitFor();
      await tabTo(page, en['home.report'], unseen);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: en['report.title'] }).waitFor();

      await tabTo(page, en['report.subject'], unseen);
      await page.keyboard.type('Keyboard report');
      await page.keyboard.press('Tab');
      expect((await focused(page)).name).toBe(en['report.body']);
      await page.keyboard.type('Written without a mouse.');
      await tabTo(page, en['report.personAdd'], unseen);
      await page.keyboard.press('Enter');
      await tabTo(page, en['report.personName'], unseen);
      await page.keyboard.type('A. Person');
      await tabTo(page, en['report.identityGive'], unseen);
      await page.keyboard.press('Space');
      await tabTo(page, en['report.identityName'], unseen);
      await page.keyboard.type('Reporter Name');
      await page.keyboard.press('Tab');
      await page.keyboard.type('reporter@example.test');
      await tabTo(page, org.handlers[1].displayName, unseen);
      await page.keyboard.press('Space');
      await tabTo(page, en['report.send'], unseen);
      await screenshot(page, 'keyboard-01-form');
      await page.keyboard.press('Enter');

      await page.getByTestId('case-secret').waitFor({ timeout: 60_000 });
      await tabTo(page, en['secret.confirm'], unseen);
      await page.keyboard.press('Space');
      await tabTo(page, en['secret.continue'], unseen);
      await page.keyboard.press('Enter');
      await page.getByTestId('case-status').waitFor();
      await screenshot(page, 'keyboard-02-case');

      const reference = (await page.getByText(en['case.reference'].replace('{reference}', '')).textContent())!.split(': ')[1];
      const caseId = await caseIdByReference(t, reference);
      const rows = await t.db.query(
        "SELECT (SELECT count(*)::int FROM case_items WHERE case_id = $1 AND kind = 'subject') AS subjects, (SELECT count(*)::int FROM case_items WHERE case_id = $1 AND kind = 'identity') AS identities, (SELECT count(*)::int FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2) AS excluded",
        [caseId, org.handlers[1].id],
      );
      expect(rows[0]).toEqual({ subjects: 1, identities: 1, excluded: 0 });
      expect(unseen).toEqual([]);
      expect(r.cspViolations).toEqual([]);
      expect(r.pageErrors).toEqual([]);
    } finally {
      await r.close();
    }
  }, 120_000);

  it('leaves at once: asks the server to clear site data, then shows an empty page', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'fi-FI');
    try {
      await r.page.goto(`${r.origin}/r/${org.slug}`);
      await r.page.getByRole('button', { name: catalogs.fi['home.report'] }).click();
      await r.page.getByLabel(catalogs.fi['report.subject'], { exact: true }).fill('half-written');
      await r.page.getByRole('button', { name: catalogs.fi['layout.leave'] }).click();
      await r.page.waitForURL('about:blank');
      expect(r.requests.some((q) => q.method === 'POST' && q.url === '/api/public/leave')).toBe(true);
      // The portal was replaced in the history: going back does not bring the half-written report back.
      await r.page.goBack().catch(() => null);
      expect(r.page.url()).not.toContain('/r/');
    } finally {
      await r.close();
    }
  });

  it('notices CSP violations and accessibility faults (so the other tests’ empty lists mean something)', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      await r.page.goto(`${r.origin}/r/${org.slug}`);
      await r.page.getByRole('button', { name: en['home.report'] }).waitFor();
      await r.page.evaluate(() => {
        const img = document.createElement('img');
        img.src = 'https://tracker.example/pixel.png';
        document.body.append(img);
        const s = document.createElement('script');
        s.textContent = 'window.injected = true';
        document.body.append(s);
        const input = document.createElement('input');
        document.querySelector('main')!.append(input);
      });
      await r.page.waitForTimeout(300);
      expect(r.cspViolations.some((v) => v.includes('img-src'))).toBe(true);
      expect(r.cspViolations.some((v) => v.includes('script-src'))).toBe(true);
      expect(await r.page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
      const violations = await seriousAxeViolations(r.page);
      expect(violations.map((v) => v.id)).toContain('label');
    } finally {
      await r.close();
    }
  });
});
