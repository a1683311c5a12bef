import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import {
  decryptItem,
  encryptItem,
  fromB64,
  generateStaffKeys,
  openBoxGrant,
  openItem,
  sealGrantToBox,
  toB64,
  verifyItem,
  WireGrant,
  WireItem,
} from '@kanava/crypto';
import { startTestApp, TestApp } from '../helpers/app';
import { encryptToBuffer, prepareAttachment, reporterAttaches } from '../helpers/attachments';
import { loginStaff, submitReport } from '../helpers/clients';
import { makeOrganisation, TEST_PASSWORD, TestOrganisation, TestStaff } from '../helpers/factories';
import { ensureWebBuilt, expectAccessible, expectClean, findMarkers, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { addChannel, appOrigin, openAsHandler } from './helpers/portal';
import { readStoredZip, signIn, staffText } from './helpers/staff';

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

describe('staff console in the browser: the case page (assignments, attachments, minimisation, expert access, implicated handlers)', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;
  let caseId: string;
  let sharedKey: Uint8Array;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    // Without an organisation recovery key: the notes-key grants this test lists are then exactly the handlers'.
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

  const grantsOfIn = async (id: string, userId: string) =>
    (
      (await t.db.query('SELECT key_kind, signed_by FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2 ORDER BY key_kind', [id, userId])) as {
        key_kind: string;
        signed_by: string;
      }[]
    ).map((g) => `${g.key_kind}:${g.signed_by}`);
  const grantsOf = (userId: string) => grantsOfIn(caseId, userId);

  /** Opens a case's page in the context's tab, signs in as `who` and waits for the report to be decrypted. */
  async function openCase(r: { page: Page; origin: string }, who: TestStaff, id: string): Promise<void> {
    await r.page.goto(`${r.origin}/staff/cases/${id}`);
    await signIn(r.page, t, who);
    await r.page.getByTestId('report-title').waitFor();
  }

  it('a handler takes the case from a colleague and gives it back, is told of a conflict of interest, and removes a person concerned', async () => {
    const [a, b, c] = org.handlers;
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await openCase(r, a, caseId);

      // An admin sets the organisation recovery key after A signed in: A's tab must still seal the notes key to it.
      const recovery = generateStaffKeys().box;
      await t.db.query('UPDATE organisations SET recovery_public_key = $2 WHERE id = $1', [org.id, Buffer.from(recovery.publicKey)]);
      try {
        // A note first: the notes key is sealed to the handlers who hold the case (A and C, not the excluded B), and to recovery.
        await page.getByLabel(en['case.note'], { exact: true }).fill(`Start with the invoices. ${MARKERS.note}`);
        await page.getByRole('button', { name: en['case.addNote'] }).click();
        await page.getByText(en['case.noteAdded']).waitFor();
      } finally {
        await t.db.query('UPDATE organisations SET recovery_public_key = NULL WHERE id = $1', [org.id]);
      }
      const [{ n: sealedToRecovery }] = (await t.db.query(
        "SELECT count(*)::int AS n FROM case_grants WHERE case_id = $1 AND key_kind = 'internal' AND grantee = 'recovery'",
        [caseId],
      )) as { n: number }[];
      expect(sealedToRecovery).toBe(1);
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
  /** The case as a handler's client opens it through the API: every item decrypted with the shared key. */
  const plaintextOf = async (handlerIndex: number, id: string) => {
    const { sharedKey: key, view } = await openAsHandler(t, org.handlers[handlerIndex], id);
    return view.items
      .filter((i) => i.kind !== 'note' && i.kind !== 'identity')
      .map((i) => ({ itemId: i.itemId, kind: i.kind, value: decryptItem(i, id, key) }));
  };

  it('a handler downloads and decrypts an attachment, removes a person concerned and the identity, and redacts the report and a reporter message', async () => {
    const marks = {
      title: 'MIN-TITLE-MARKER-2c7a91',
      body: 'MIN-BODY-KEPT-MARKER-5b03e8',
      bodyGone: 'MIN-BODY-GONE-MARKER-a9d4f2',
      kept: 'MIN-PERSON-KEPT-MARKER-0e6b37',
      removed: 'MIN-PERSON-GONE-MARKER-7f21c4',
      message: 'MIN-MESSAGE-KEPT-MARKER-3d8e50',
      messageGone: 'MIN-MESSAGE-GONE-MARKER-c41a6b',
      identity: 'MIN-IDENTITY-MARKER-6e90b1',
    };
    const a = org.handlers[0];
    const built = await submitReport(t, org, {
      title: marks.title,
      body: `Invoices approved by ${marks.bodyGone} were ${marks.body}.`,
      subjects: [
        { name: marks.kept, role: 'Manager', details: 'Approves the invoices' },
        { name: marks.removed, role: 'Neighbour', details: 'Not involved' },
      ],
      identity: { name: marks.identity, contact: 'by post', details: 'Former employee' },
    });
    const id = built.body.caseId;
    const bearer = `Bearer ${toB64(built.reporter.lookupToken)}`;
    await t.http
      .post('/api/public/case/messages')
      .set('Authorization', bearer)
      .send(
        encryptItem({
          caseId: id,
          kind: 'message-reporter',
          itemId: randomUUID(),
          key: built.sharedKey,
          value: { text: `More: ${marks.message}, and my neighbour ${marks.messageGone}.` },
          signSecretKey: built.reporter.sign.secretKey,
        }),
      )
      .expect(201);
    // A file of more than one record (64 KiB), so the download is decrypted across record boundaries.
    const original = randomBytes(70_000);
    const file = await reporterAttaches(t.http, built, { bytes: original, name: 'scan ÄÖ.pdf', type: 'application/pdf' });
    // A custodian has given A the identity key (as the custodian's browser would), so A can remove the identity.
    const aApi = await loginStaff(t, a);
    const custodian = await loginStaff(t, org.custodians[0]);
    const { body: request } = await t.http
      .post(`/api/staff/cases/${id}/identity-requests`)
      .set(aApi.headers)
      .send({ reason: 'Need to know who reported' })
      .expect(201);
    const pending = (await t.http.get('/api/staff/identity-requests').set(custodian.headers).expect(200)).body as {
      requestId: string;
      identityGrant: WireGrant;
    }[];
    const identityKey = openBoxGrant(pending.find((p) => p.requestId === request.requestId)!.identityGrant, id, {
      publicKey: custodian.boxPublicKey,
      secretKey: custodian.bundle.boxSecretKey,
    });
    const toA = sealGrantToBox({
      caseId: id,
      keyKind: 'identity',
      key: identityKey,
      grantee: `user:${a.id}`,
      boxPublicKey: aApi.boxPublicKey,
      signSecretKey: custodian.bundle.signSecretKey,
    });
    await t.http.post(`/api/staff/identity-requests/${request.requestId}/approve`).set(custodian.headers).send({ grant: toA }).expect(204);
    // A file A uploaded (through the API, as a handler's client would): only its uploader may delete it.
    const own = prepareAttachment({
      caseId: id,
      sharedKey: built.sharedKey,
      signSecretKey: aApi.bundle.signSecretKey,
      trueSize: 100,
      name: 'draft.txt',
      type: 'text/plain',
    });
    await t.http.post(`/api/staff/cases/${id}/attachments`).set(aApi.headers).send(own.create).expect(201);
    await t.http
      .put(`/api/staff/cases/${id}/attachments/${own.attachmentId}/content`)
      .set(aApi.headers)
      .set('Content-Type', 'application/octet-stream')
      .send(await encryptToBuffer(own, randomBytes(100)))
      .expect(204);
    const removedItemId = built.body.items.find(
      (i) => i.kind === 'subject' && decryptItem<{ name: string }>(i, id, built.sharedKey).name === marks.removed,
    )!.itemId;

    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await openCase(r, a, id);

      // The attachment's name is decrypted here; the file is downloaded, decrypted with a progress bar, and saved under that name.
      const attachments = page.getByTestId('attachments');
      await attachments.getByText('scan ÄÖ.pdf', { exact: true }).waitFor();
      await expectAccessible(page, 'attachments listed');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: fill(en['attachments.download'], { name: 'scan ÄÖ.pdf' }) }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('scan ÄÖ.pdf');
      expect(Buffer.compare(readFileSync((await download.path())!), original)).toBe(0);
      await page.getByText(fill(en['attachments.saved'], { name: 'scan ÄÖ.pdf' })).waitFor();
      await expect(page.getByLabel(fill(en['attachments.progress'], { name: 'scan ÄÖ.pdf' })).getAttribute('value')).resolves.toBe('100');
      // The reporter's file is not A's to withdraw: only its removal as personal data is offered.
      expect(await attachments.getByRole('button', { name: fill(en['attachments.remove'], { name: 'scan ÄÖ.pdf' }) }).count()).toBe(0);
      expect(await attachments.getByRole('button', { name: fill(en['attachments.removePersonal'], { name: 'scan ÄÖ.pdf' }) }).count()).toBe(1);
      await screenshot(page, 'staff-case-05-attachment-saved');
      await expectAccessible(page, 'attachment saved');

      // A's own upload is deleted for good, after a confirmation.
      await attachments.getByRole('button', { name: fill(en['attachments.remove'], { name: 'draft.txt' }) }).click();
      await page.getByText(fill(en['attachments.removeConfirm'], { name: 'draft.txt' })).waitFor();
      await expectAccessible(page, 'delete attachment confirmation');
      await attachments.getByRole('button', { name: en['attachments.removeYes'] }).click();
      await page.getByText(fill(en['attachments.removed'], { name: 'draft.txt' })).waitFor();
      await attachments.locator(`li[data-attachment-id="${own.attachmentId}"]`).waitFor({ state: 'detached' });
      expect(await t.db.query('SELECT id FROM attachments WHERE case_id = $1', [id])).toEqual([{ id: file.attachmentId }]);

      // The reporter's file, found to be irrelevant personal data, is removed after a confirmation that says what that means.
      await attachments.getByRole('button', { name: fill(en['attachments.removePersonal'], { name: 'scan ÄÖ.pdf' }) }).click();
      await page.getByText(fill(en['attachments.removePersonalConfirm'], { name: 'scan ÄÖ.pdf' })).waitFor();
      await expectAccessible(page, 'remove attachment as personal data confirmation');
      await attachments.getByRole('button', { name: en['attachments.removeYes'] }).click();
      await page.getByText(fill(en['attachments.removed'], { name: 'scan ÄÖ.pdf' })).waitFor();
      await page.getByText(en['attachments.none']).waitFor();
      expect(await t.db.query('SELECT id FROM attachments WHERE case_id = $1', [id])).toEqual([]);
      expect(r.requests.some((q) => q.method === 'POST' && q.url === `/api/staff/cases/${id}/attachments/${file.attachmentId}/remove`)).toBe(true);

      // A person concerned is removed: gone from the page, and the server no longer returns the entry.
      await page.locator('li', { hasText: marks.removed }).getByRole('button', { name: en['subject.remove'] }).click();
      await page.getByRole('button', { name: en['subject.removeYes'] }).click();
      await page.getByText(en['subject.removed']).waitFor();
      await page.getByText(marks.removed).waitFor({ state: 'detached' });
      expect((await plaintextOf(0, id)).map((i) => i.itemId)).not.toContain(removedItemId);

      // The reporter's identity is no longer needed: removed for good, with every key to it.
      await expect(page.getByTestId('identity').textContent()).resolves.toContain(marks.identity);
      await page.getByRole('button', { name: en['identity.remove'] }).click();
      await page.getByText(en['identity.removeConfirm']).waitFor();
      await expectAccessible(page, 'remove identity confirmation');
      await page.getByRole('button', { name: en['identity.removeYes'] }).click();
      await page.getByText(en['identity.removed']).waitFor();
      await page.getByTestId('identity').waitFor({ state: 'detached' });
      expect(await page.locator('main').textContent()).not.toContain(marks.identity);
      const [{ items: identityItems, grants: identityGrants }] = (await t.db.query(
        "SELECT (SELECT count(*)::int FROM case_items WHERE case_id = $1 AND kind = 'identity') AS items, (SELECT count(*)::int FROM case_grants WHERE case_id = $1 AND key_kind = 'identity') AS grants",
        [id],
      )) as { items: number; grants: number }[];
      expect([identityItems, identityGrants]).toEqual([0, 0]);

      // The report is redacted: edited here, and nothing is sent before the confirmation.
      await page.getByRole('button', { name: en['redact.report'] }).click();
      const body = page.getByLabel(en['redact.reportBody'], { exact: true });
      await expect(body.inputValue()).resolves.toContain(marks.bodyGone);
      await body.fill((await body.inputValue()).replace(marks.bodyGone, '[removed]'));
      const before = r.requests.length;
      await page.getByRole('button', { name: en['redact.review'], exact: true }).click();
      await page.getByText(en['redact.confirm']).waitFor();
      expect(r.requests.slice(before).filter((q) => q.method !== 'GET')).toEqual([]);
      await screenshot(page, 'staff-case-06-redact-confirm');
      await expectAccessible(page, 'redaction confirmation');
      await page.getByRole('button', { name: en['redact.yes'] }).click();
      await page.getByText(en['redact.done']).waitFor();
      // Shown as redacted by A, with A's version marked as A's, not as the reporter's report.
      const redactedReport = page.locator('section[aria-labelledby="report-heading"]').getByTestId('redacted');
      await expect(redactedReport.textContent()).resolves.toMatch(new RegExp(`^Redacted by ${a.displayName} on `));
      await expect(redactedReport.getByText(en['redaction.version'].replace('{name}', a.displayName)).isVisible()).resolves.toBe(true);
      await expect(redactedReport.getByText(`Invoices approved by [removed] were ${marks.body}.`).isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('report-body').count()).resolves.toBe(0);

      // A reporter's message is redacted the same way.
      const message = page.locator('li', { hasText: marks.messageGone });
      await message.getByRole('button', { name: en['redact.message'] }).click();
      const text = message.getByLabel(en['redact.messageText'], { exact: true });
      await text.fill((await text.inputValue()).replace(marks.messageGone, '[removed]'));
      await message.getByRole('button', { name: en['redact.review'], exact: true }).click();
      await message.getByRole('button', { name: en['redact.yes'] }).click();
      await page.getByText(en['redact.done']).nth(1).waitFor();
      await page.getByText(`More: ${marks.message}, and my neighbour [removed].`).waitFor();
      await expect(page.locator('section[aria-labelledby="messages-heading"]').getByTestId('redacted').textContent()).resolves.toMatch(
        new RegExp(`^Redacted by ${a.displayName} on `),
      );
      expect(await page.locator('main').textContent()).not.toContain(marks.messageGone);
      expect(await page.locator('main').textContent()).not.toContain(marks.bodyGone);
      await screenshot(page, 'staff-case-07-redacted');
      await expectAccessible(page, 'report and message redacted');

      // The export for disclosure writes them as redactions too: by whom and when, then A's version.
      await page.getByLabel(en['export.ground'], { exact: true }).selectOption('authority');
      await page.getByLabel(en['export.recipient'], { exact: true }).fill('Police, file 77/26');
      await page.getByLabel(en['export.notice'], { exact: true }).selectOption('jeopardises_investigation');
      const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: en['export.submit'] }).click()]);
      const parts: Buffer[] = [];
      for await (const p of await exported.createReadStream()) parts.push(p as Buffer);
      const pdf = [...readStoredZip(Buffer.concat(parts)).entries()].find(([name]) => name.endsWith('.pdf'))![1].toString('latin1');
      for (const text of [`Redacted by ${a.displayName} on `, `Invoices approved by [removed] were ${marks.body}.`, `and my neighbour [removed].`])
        expect({ text, inPdf: pdf.includes(text) }).toEqual({ text, inPdf: true });
      expect(pdf.split(`Redacted by ${a.displayName} on `)).toHaveLength(3);
      expect(pdf).not.toContain(marks.bodyGone);
      expectClean(r);

      // The redactions went as ciphertext: no request carried any of the case's plaintext.
      expect(r.requests.filter((q) => q.method === 'POST' && q.url.endsWith('/redact'))).toHaveLength(2);
      expect(findMarkers(r.requests, [...Object.values(marks), TEST_PASSWORD])).toEqual([]);
    } finally {
      await r.close();
    }

    // The case now holds redactions, signed by the handler and naming what they replace, and the removed texts nowhere.
    const items = await plaintextOf(1, id);
    expect(JSON.stringify(items)).not.toContain(marks.bodyGone);
    expect(JSON.stringify(items)).not.toContain(marks.messageGone);
    expect(JSON.stringify(items)).not.toContain(marks.removed);
    expect(items.filter((i) => i.kind === 'report' || i.kind === 'message-reporter')).toEqual([]);
    const redactions = items.filter((i) => i.kind === 'redaction').map((i) => i.value as { redactedKind: string; replacement: Record<string, string> });
    expect(redactions.map((r) => r.redactedKind).sort()).toEqual(['message-reporter', 'report']);
    // The report's replacement is the handler's text only: no handler sign keys that the portal could be made to trust.
    expect(redactions.find((r) => r.redactedKind === 'report')!.replacement).toEqual({
      title: marks.title,
      body: `Invoices approved by [removed] were ${marks.body}.`,
    });
    const aSession = await loginStaff(t, a);
    const raw = (await t.http.get(`/api/staff/cases/${id}`).set(aSession.headers).expect(200)).body.items as (WireItem & { signerPublicKey: string })[];
    for (const item of raw.filter((i) => i.kind === 'redaction')) {
      expect(item.signerPublicKey).toBe(toB64(aSession.signPublicKey));
      verifyItem(item, id, aSession.signPublicKey);
    }
    const events = (await t.db.query(
      "SELECT action, details FROM audit_events WHERE case_id = $1 AND action IN ('case.personal_data_removed', 'case.item_redacted') ORDER BY seq",
      [id],
    )) as { action: string; details: unknown }[];
    expect(events).toEqual([
      { action: 'case.personal_data_removed', details: { kind: 'attachment', attachmentId: file.attachmentId } },
      { action: 'case.personal_data_removed', details: { kind: 'subject' } },
      { action: 'case.personal_data_removed', details: { kind: 'identity' } },
      { action: 'case.item_redacted', details: { kind: 'report' } },
      { action: 'case.item_redacted', details: { kind: 'message-reporter' } },
    ]);
  }, 180_000);

  it('a handler gives a colleague read-only expert access and marks a handler as implicated; the expert reads but cannot reply', async () => {
    const marks = { title: 'EXPERT-TITLE-MARKER-81f0d2', body: 'EXPERT-BODY-MARKER-4ac93e' };
    const [a, , c] = org.handlers;
    const legal = await addChannel(t, org, 'Legal', { handlers: 1, custodians: 0 });
    const expert = legal.handlers[0];
    const id = (await submitReport(t, org, { title: marks.title, body: marks.body })).body.caseId;
    const reason = 'Legal opinion on the contracts';

    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await openCase(r, a, id);
      const holders = page.getByTestId('key-holders');
      await holders.locator(`li[data-user-id="${c.id}"]`).waitFor();

      // Expert access: a colleague of another channel, a reason and an expiry; the shared key is sealed to them here.
      await page.getByLabel(en['expert.colleague'], { exact: true }).selectOption({ label: expert.displayName });
      await page.getByLabel(en['expert.reason'], { exact: true }).fill(reason);
      await page.getByRole('button', { name: en['expert.submit'], exact: true }).click();
      await page.getByText(new RegExp(`^${expert.displayName} can read the case until`)).waitFor();
      const expertHolder = holders.locator(`li[data-user-id="${expert.id}"]`);
      await expertHolder.waitFor();
      await expect(expertHolder.textContent()).resolves.toContain(fill(en['assign.expertUntil'], { date: '' }).trim());
      const grants = (await t.db.query('SELECT key_kind, signed_by, reason, expires_at FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2', [
        id,
        expert.id,
      ])) as { key_kind: string; signed_by: string; reason: string; expires_at: Date }[];
      expect(grants.map((g) => [g.key_kind, g.signed_by, g.reason])).toEqual([['shared', `user:${a.id}`, reason]]);
      const days = (grants[0].expires_at.getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(13);
      expect(days).toBeLessThan(16);
      await screenshot(page, 'staff-case-08-expert');
      await expectAccessible(page, 'expert granted');

      // C is named in the case: marked as implicated after a confirmation, and loses the case at once.
      await page.getByLabel(en['implicated.colleague'], { exact: true }).selectOption({ label: c.displayName });
      await page.getByRole('button', { name: fill(en['implicated.mark'], { name: c.displayName }) }).click();
      await page.getByText(fill(en['implicated.confirm'], { name: c.displayName })).waitFor();
      expect(r.requests.some((q) => q.url.endsWith('/implicated'))).toBe(false);
      await expectAccessible(page, 'implicated confirmation');
      await page.getByRole('button', { name: en['implicated.yes'] }).click();
      await expect(page.getByTestId('implicated-status').textContent()).resolves.toBe(fill(en['implicated.done'], { name: c.displayName }));
      await holders.locator(`li[data-user-id="${c.id}"]`).waitFor({ state: 'detached' });
      await screenshot(page, 'staff-case-09-implicated');
      await expectAccessible(page, 'handler implicated');
      expectClean(r);
      expect(findMarkers(r.requests, [...Object.values(marks), TEST_PASSWORD])).toEqual([]);
    } finally {
      await r.close();
    }
    const [{ implicated_user_ids }] = (await t.db.query('SELECT implicated_user_ids FROM cases WHERE id = $1', [id])) as { implicated_user_ids: string[] }[];
    expect(implicated_user_ids).toEqual([c.id]);
    expect(await grantsOfIn(id, c.id)).toEqual([]);
    expect((await t.http.get(`/api/staff/cases/${id}`).set((await loginStaff(t, c)).headers)).status).toBe(404);

    // The expert reads the case in their own browser, and is offered no action.
    const e = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = e.page;
      await page.goto(`${e.origin}/staff/cases/${id}`);
      await signIn(page, t, expert);
      await expect(page.getByTestId('report-title').textContent()).resolves.toBe(marks.title);
      await expect(page.getByTestId('report-body').textContent()).resolves.toBe(marks.body);
      await page.getByTestId('expert-read-only').waitFor();
      await page.getByText(en['attachments.none']).waitFor();
      for (const name of [en['case.reply'], en['case.note'], en['expert.colleague'], en['implicated.colleague']])
        expect(await page.getByLabel(name, { exact: true }).count()).toBe(0);
      for (const name of [en['redact.report'], en['subject.remove'], en['workflow.acknowledge']])
        expect(await page.getByRole('button', { name }).count()).toBe(0);
      await screenshot(page, 'staff-case-10-expert-reads');
      await expectAccessible(page, 'expert reading');
      expectClean(e);
      expect(e.requests.filter((q) => q.method !== 'GET' && q.url.startsWith(`/api/staff/cases/${id}`))).toEqual([]);
    } finally {
      await e.close();
    }
    // The server agrees: the expert cannot reply.
    const { staff: expertSession, sharedKey: key } = await openAsHandler(t, expert, id);
    const reply = encryptItem({
      caseId: id,
      kind: 'message-handler',
      itemId: randomUUID(),
      key,
      signSecretKey: expertSession.bundle.signSecretKey,
      value: { text: 'x' },
    });
    expect((await t.http.post(`/api/staff/cases/${id}/messages`).set(expertSession.headers).send(reply)).status).toBe(404);
  }, 180_000);
});
