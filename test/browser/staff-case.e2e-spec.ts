import { Browser } from 'playwright-core';
import { fromB64, openBoxGrant, openItem, toB64, WireGrant, WireItem } from '@kanava/crypto';
import { startTestApp, TestApp } from '../helpers/app';
import { loginStaff, submitReport } from '../helpers/clients';
import { makeOrganisation, TEST_PASSWORD, TestOrganisation } from '../helpers/factories';
import { ensureWebBuilt, expectAccessible, expectClean, findMarkers, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';

const en = staffText.en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

/** Plaintext that exists only in the reporter's and the handlers' browsers; none of it may appear in any request. */
const MARKERS = {
  title: 'CASE-TITLE-MARKER-6a1f0c',
  body: 'CASE-BODY-MARKER-d38e47',
  kept: 'CASE-PERSON-KEPT-MARKER-19b2e5',
  removed: 'CASE-PERSON-GONE-MARKER-f07c3a',
  note: 'CASE-NOTE-MARKER-4e8d21',
};

describe('staff console in the browser: assigning colleagues and removing a person concerned', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;
  let caseId: string;
  let sharedKey: Uint8Array;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    // Without a recovery key, so the console can make the notes key (docs/staff-console.md, "Known gaps").
    org = await makeOrganisation(t, { handlers: 3, withRecovery: false });
    // The reporter excludes handler B (handlers[1]).
    const built = await submitReport(
      t,
      org,
      {
        title: MARKERS.title,
        body: MARKERS.body,
        subjects: [
          { name: MARKERS.kept, role: 'Manager', details: 'Approves the invoices' },
          { name: MARKERS.removed, role: 'Visitor', details: 'Happened to be there' },
        ],
      },
      [org.handlers[1].id],
    );
    caseId = built.body.caseId;
    sharedKey = built.sharedKey;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const grantsOf = async (userId: string) =>
    (
      (await t.db.query('SELECT key_kind, signed_by FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2 ORDER BY key_kind', [caseId, userId])) as {
        key_kind: string;
        signed_by: string;
      }[]
    ).map((g) => `${g.key_kind}:${g.signed_by}`);

  it('a handler takes the case from a colleague and gives it back, is told of a conflict of interest, and removes a person concerned', async () => {
    const [a, b, c] = org.handlers;
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/staff/cases/${caseId}`);
      await signIn(page, t, a);
      await page.getByTestId('report-title').waitFor();

      // A note first: the notes key is sealed to the handlers who hold the case (A and C, not the excluded B).
      await page.getByLabel(en['case.note'], { exact: true }).fill(`Start with the invoices. ${MARKERS.note}`);
      await page.getByRole('button', { name: en['case.addNote'] }).click();
      await page.getByText(en['case.noteAdded']).waitFor();
      expect(await grantsOf(c.id)).toEqual([`internal:user:${a.id}`, 'shared:reporter']);

      // The key holders are listed; B, excluded by the reporter, is not among them.
      const holders = page.getByTestId('key-holders');
      await holders.locator(`li[data-user-id="${c.id}"]`).waitFor();
      expect(await holders.locator('li').evaluateAll((li) => li.map((l) => l.getAttribute('data-user-id')).sort())).toEqual([a.id, c.id].sort());
      await screenshot(page, 'staff-case-01-holders');
      await expectAccessible(page, 'case with key holders');

      // Taking the case from C needs a confirmation.
      await page.getByRole('button', { name: fill(en['assign.remove'], { name: c.displayName }) }).click();
      await page.getByText(fill(en['assign.removeConfirm'], { name: c.displayName })).waitFor();
      await expectAccessible(page, 'unassign confirmation');
      await page.getByRole('button', { name: en['assign.removeYes'] }).click();
      await page.getByText(fill(en['assign.removed'], { name: c.displayName })).waitFor();
      await holders.locator(`li[data-user-id="${c.id}"]`).waitFor({ state: 'detached' });
      expect(await grantsOf(c.id)).toEqual([]);

      // B is designated for the channel but excluded: the server refuses, and the console says only "conflict of interest".
      const colleague = page.getByLabel(en['assign.colleague'], { exact: true });
      await colleague.selectOption({ label: b.displayName });
      await page.getByRole('button', { name: en['assign.submit'], exact: true }).click();
      const warning = page.getByText(fill(en['assign.conflict'], { name: b.displayName }));
      await warning.waitFor();
      await expect(warning.getAttribute('role')).resolves.toBe('alert');
      expect(await page.locator('main').textContent()).not.toMatch(/exclu/i);
      expect(await grantsOf(b.id)).toEqual([]);
      await screenshot(page, 'staff-case-02-conflict');
      await expectAccessible(page, 'assignment conflict');

      // C is given the case again: both keys re-sealed in this browser and signed by A.
      await colleague.selectOption({ label: c.displayName });
      await page.getByRole('button', { name: en['assign.submit'], exact: true }).click();
      await page.getByText(fill(en['assign.done'], { name: c.displayName })).waitFor();
      await holders.locator(`li[data-user-id="${c.id}"]`).waitFor();
      expect(await grantsOf(c.id)).toEqual([`internal:user:${a.id}`, `shared:user:${a.id}`]);
      await screenshot(page, 'staff-case-03-assigned');
      await expectAccessible(page, 'colleague assigned');

      // A person concerned is removed for good, after a confirmation that says so.
      const entry = page.locator('li', { hasText: MARKERS.removed });
      await entry.getByRole('button', { name: en['subject.remove'] }).click();
      await page.getByText(en['subject.removeConfirm']).waitFor();
      await expectAccessible(page, 'remove person concerned confirmation');
      await page.getByRole('button', { name: en['subject.removeYes'] }).click();
      await page.getByText(en['subject.removed']).waitFor();
      await page.getByText(MARKERS.removed).waitFor({ state: 'detached' });
      await expect(page.getByText(MARKERS.kept).isVisible()).resolves.toBe(true);
      const [{ n }] = await t.db.query("SELECT count(*)::int AS n FROM case_items WHERE case_id = $1 AND kind = 'subject'", [caseId]);
      expect(n).toBe(1);
      await screenshot(page, 'staff-case-04-person-removed');
      await expectAccessible(page, 'person concerned removed');
      expectClean(r);

      // No request carried the plaintext or the password; the assignment went as sealed grants.
      const posts = r.requests.filter((q) => q.method === 'POST' && q.url === `/api/staff/cases/${caseId}/assignments`);
      expect(posts).toHaveLength(2);
      expect(r.requests.some((q) => q.method === 'DELETE' && q.url === `/api/staff/cases/${caseId}/assignments/${c.id}`)).toBe(true);
      expect(findMarkers(r.requests, [...Object.values(MARKERS), TEST_PASSWORD])).toEqual([]);
    } finally {
      await r.close();
    }

    // C opens the case through the API with their own keys: the shared key is the reporter's, the note opens.
    const cSession = await loginStaff(t, c);
    const view = await t.http.get(`/api/staff/cases/${caseId}`).set(cSession.headers).expect(200);
    const box = { publicKey: cSession.boxPublicKey, secretKey: cSession.bundle.boxSecretKey };
    const grants = view.body.grants as (WireGrant & { signedBy: string })[];
    const shared = grants.find((g) => g.keyKind === 'shared')!;
    expect(toB64(openBoxGrant(shared, caseId, box, view.body.sharedKeyId))).toBe(toB64(sharedKey));
    const internal = openBoxGrant(
      grants.find((g) => g.keyKind === 'internal')!,
      caseId,
      box,
      view.body.internalKeyId,
    );
    const directory = (await t.http.get('/api/staff/directory').set(cSession.headers).expect(200)).body as { userId: string; signPublicKey: string }[];
    const note = (view.body.items as (WireItem & { kind: string })[]).find((i) => i.kind === 'note')!;
    const aSign = fromB64(directory.find((d) => d.userId === a.id)!.signPublicKey, 32);
    expect(openItem<{ text: string }>(note, caseId, internal, aSign).text).toContain(MARKERS.note);

    // The audit log has each step, and never the removed text.
    const events = (await t.db.query('SELECT action, details FROM audit_events WHERE case_id = $1 ORDER BY seq', [caseId])) as {
      action: string;
      details: Record<string, unknown>;
    }[];
    expect(events.filter((e) => e.action === 'case.unassigned').map((e) => e.details)).toEqual([{ userId: c.id }]);
    expect(events.filter((e) => e.action === 'case.assigned').map((e) => e.details)).toEqual([{ userId: c.id }]);
    expect(events.filter((e) => e.action === 'case.personal_data_removed').map((e) => e.details)).toEqual([{ kind: 'subject' }]);
    expect(JSON.stringify(events)).not.toContain(MARKERS.removed);
  }, 180_000);
});
