import { createHash, randomUUID } from 'node:crypto';
import { Browser } from 'playwright-core';
import { reporterAttaches } from '../helpers/attachments';
import { startTestApp, TestApp } from '../helpers/app';
import { loginStaff, submitReport } from '../helpers/clients';
import { addStaff, makeOrganisation, signDirectory, TEST_PASSWORD, TestOrganisation } from '../helpers/factories';
import { startSmtpSink } from '../helpers/smtp-sink';
import { findMarkers, launchChromium, ensureWebBuilt, Recorded, recordedContext, screenshot, expectAccessible, expectClean } from './helpers/browser';
import { inviteAndActivate } from './helpers/invite';
import { appOrigin } from './helpers/portal';
import { acceptNotice, readStoredZip, signIn, signInWithPassword, staffText } from './helpers/staff';
import { releaseReporterEvents } from '../helpers/audit';

const en = staffText.en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

/** The invited handler's password: typed only into their browser, never to appear in a request. */
const HANDLER_PASSWORD = 'pohjoisen järven aamu 2026';

/** Plaintext that exists only in the reporter's and the staff members' browsers; none of it may appear in any request. */
const MARKERS = {
  title: 'STAFF-TITLE-MARKER-3c9e12',
  body: 'STAFF-BODY-MARKER-81fa07',
  person: 'STAFF-PERSON-MARKER-5d20bb',
  identity: 'STAFF-IDENTITY-MARKER-e4a613',
  reply: 'STAFF-REPLY-MARKER-0f7c58',
  note: 'STAFF-NOTE-MARKER-a2b9d4',
  file: 'STAFF-FILE-MARKER-7b13e9',
};

/** The original file the reporter attached; the export must hold it byte for byte. */
const EVIDENCE = Buffer.from(`Invoice list\n${MARKERS.file}\nÅbo, Jyväskylä\n`, 'utf8');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('staff console in the browser: the handler, custodian and auditor journey', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let browser: Browser;
  let caseId: string;
  let reference: string;

  /** The reporter's side, through the public API as the portal does it: the report, then a file encrypted under a key sealed in the case. */
  async function reportWithEvidence(): Promise<void> {
    const built = await submitReport(t, org, {
      title: MARKERS.title,
      body: `What happened: ${MARKERS.body}`,
      subjects: [{ name: MARKERS.person, role: 'Manager', details: 'Approves the invoices' }],
      identity: { name: MARKERS.identity, contact: 'signal: ask', details: 'Works in finance' },
    });
    caseId = built.body.caseId;
    await reporterAttaches(t.http, built, { bytes: EVIDENCE, name: 'invoices.txt', type: 'text/plain' });
    // The reporter chose the channel's first category (Fraud).
    reference = (
      (await t.db.query('UPDATE cases SET category_id = $2 WHERE id = $1 RETURNING reference', [caseId, org.categoryIds[0]])) as [
        { reference: string }[],
        number,
      ]
    )[0][0].reference;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    smtp = await startSmtpSink();
    t = await startTestApp({ KANAVA_SMTP_URL: smtp.url, KANAVA_MAIL_FROM: 'kanava@example.test' });
    // No handler yet: the journey's handler is invited and activated in the browser before the report arrives.
    // With an organisation recovery key: the notes key the console creates must be sealed to it too.
    org = await makeOrganisation(t, { handlers: 0, custodians: 1, acceptNotice: false });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  it('serves the console at /staff and below with the portal’s CSP, no cache and Subresource Integrity', async () => {
    for (const path of ['/staff', '/staff/', `/staff/cases/${randomUUID()}`, '/staff/audit']) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const scripts = [...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s).toMatch(/src="\/web\/assets\/[^"]+" integrity="sha384-/);
    }
    expect((await t.http.get('/staff/Not_A_Page!')).status).toBe(404);
  });

  it('an admin invites a handler who activates and signs in; the handler reads, answers, notes, assigns and asks for the identity; the custodian approves; the handler sees it and exports; the auditor sees every step', async () => {
    const all: Recorded[] = [];
    try {
      // --- The admin invites a handler for the channel; the handler activates in a browser of their own (every key made there).
      const admin = await recordedContext(browser, appOrigin(t), 'en-GB');
      all.push(admin);
      await admin.page.goto(`${admin.origin}/staff`);
      await signIn(admin.page, t, org.admins[0]);
      await admin.page.getByRole('heading', { level: 1, name: en['admin.staff.title'] }).waitFor();
      const handler = await recordedContext(browser, appOrigin(t), 'en-GB');
      all.push(handler);
      const hp = handler.page;
      const invited = await inviteAndActivate(
        t,
        smtp.mails,
        { admin: admin.page, invitee: hp, inviteeOrigin: handler.origin },
        { email: `journey-handler-${org.slug}@example.test`, displayName: 'Journey Handler', channelId: org.channelId, password: HANDLER_PASSWORD },
        async (page, step) => {
          await screenshot(page, `staff-01-${step}`);
          await expectAccessible(page, step);
        },
      );
      expectClean(admin);
      // The admin signs the new handler's keys into the organisation's key directory (test/browser/key-trust.e2e-spec.ts does it in the console).
      await signDirectory(t, org);

      // --- The handler signs in with password and TOTP and accepts the notice; no case yet.
      await screenshot(hp, 'staff-02-sign-in');
      await expectAccessible(hp, 'sign-in');
      await signInWithPassword(hp, t, invited, HANDLER_PASSWORD);
      await screenshot(hp, 'staff-03-confidentiality-notice');
      await expectAccessible(hp, 'notice');
      await acceptNotice(hp);
      await hp.getByText(en['inbox.empty']).waitFor();
      expect(new URL(hp.url()).pathname).toBe('/staff/cases');

      // --- A report arrives, sealed in the reporter's browser to the new handler among others; a colleague joins the channel after it.
      await reportWithEvidence();
      const colleague = await addStaff(t, org, 'handler', 'Colleague Handler');

      // --- The handler finds it with its acknowledgement deadline, and its title decrypted here when asked for.
      await hp.getByRole('button', { name: en['inbox.refresh'] }).click();
      await hp.getByTestId('inbox').waitFor();
      const row = hp.locator(`tr[data-case-id="${caseId}"]`);
      await expect(row.getByRole('link', { name: reference }).isVisible()).resolves.toBe(true);
      await expect(row.getByText(/^Acknowledge by /).isVisible()).resolves.toBe(true);
      await expect(row.getByTestId('case-title').count()).resolves.toBe(0);
      // Off by default: no report has been fetched for the inbox before the handler asks.
      expect(handler.requests.some((r) => r.url === '/api/staff/cases/reports')).toBe(false);
      // Filtered by the category the report came in.
      // The row was there before too: wait for the filtered page itself, not just the row.
      await Promise.all([
        hp.waitForResponse((res) => res.url().includes(`categoryId=${org.categoryIds[0]}`) && res.status() === 200),
        hp.getByLabel(en['inbox.category'], { exact: true }).selectOption({ label: 'Fraud' }),
      ]);
      await row.waitFor();
      expect(handler.requests.some((r) => r.method === 'GET' && r.url.includes(`categoryId=${org.categoryIds[0]}`))).toBe(true);
      await hp.getByLabel(en['inbox.showTitles'], { exact: true }).check();
      await row.getByTestId('case-title').getByText(MARKERS.title).waitFor();
      await screenshot(hp, 'staff-04-inbox');
      await expectAccessible(hp, 'inbox');

      // --- The case, decrypted in the browser.
      await row.getByRole('link', { name: reference }).click();
      await hp.getByTestId('report-title').waitFor();
      await expect(hp.getByTestId('report-title').textContent()).resolves.toBe(MARKERS.title);
      await expect(hp.getByTestId('report-body').textContent()).resolves.toContain(MARKERS.body);
      await expect(hp.getByText(MARKERS.person).isVisible()).resolves.toBe(true);
      await expect(hp.getByText(MARKERS.identity).count()).resolves.toBe(0);
      await screenshot(hp, 'staff-05-case');
      await expectAccessible(hp, 'case');

      // --- Reply (the first reply acknowledges the report), internal note (the notes key is made on first use), triage, identity request.
      await hp.getByLabel(en['case.reply'], { exact: true }).fill(`Thank you for the report. ${MARKERS.reply}`);
      await hp.getByRole('button', { name: en['case.send'] }).click();
      await hp.getByText(en['case.replySent']).waitFor();
      await hp.locator('ul.messages').getByText(MARKERS.reply).waitFor();
      await hp
        .getByText(/^Acknowledged /)
        .first()
        .waitFor();

      await hp.getByLabel(en['case.note'], { exact: true }).fill(`Check the invoices first. ${MARKERS.note}`);
      await hp.getByRole('button', { name: en['case.addNote'] }).click();
      await hp.getByText(en['case.noteAdded']).waitFor();
      await hp.getByText(MARKERS.note).waitFor();

      await hp.getByLabel(en['workflow.priority'], { exact: true }).selectOption('high');
      await hp.getByRole('button', { name: en['workflow.saveTriage'] }).click();
      await hp.getByText(en['workflow.triaged']).waitFor();
      await expect(hp.getByTestId('case-status').textContent()).resolves.toBe(en['status.triaged']);

      // --- A colleague is assigned: both case keys re-sealed in this browser to them and signed by the handler.
      await hp.getByLabel(en['assign.colleague'], { exact: true }).selectOption({ label: colleague.displayName });
      await hp.getByRole('button', { name: en['assign.submit'], exact: true }).click();
      await hp.getByText(fill(en['assign.done'], { name: colleague.displayName })).waitFor();
      await hp.getByTestId('key-holders').locator(`li[data-user-id="${colleague.id}"]`).waitFor();
      const handlerId = ((await t.db.query('SELECT id FROM staff_users WHERE email = $1', [invited.email])) as { id: string }[])[0].id;
      const colleagueGrants = (await t.db.query('SELECT key_kind, signed_by FROM case_grants WHERE case_id = $1 AND grantee_user_id = $2 ORDER BY key_kind', [
        caseId,
        colleague.id,
      ])) as { key_kind: string; signed_by: string }[];
      expect(colleagueGrants).toEqual([
        { key_kind: 'internal', signed_by: `user:${handlerId}` },
        { key_kind: 'shared', signed_by: `user:${handlerId}` },
      ]);

      // A legal hold, placed and released, each only after a confirmation.
      await hp.getByLabel(en['hold.justification'], { exact: true }).fill('District court file 2026/17');
      await hp.getByLabel(en['hold.reviewAt'], { exact: true }).fill('2027-01-31');
      await hp.getByRole('button', { name: en['hold.placeButton'] }).click();
      await hp.getByText(en['hold.mustConfirm']).waitFor();
      await hp.getByLabel(en['hold.confirm'], { exact: true }).check();
      await hp.getByRole('button', { name: en['hold.placeButton'] }).click();
      await hp.getByText(en['hold.placed']).waitFor();
      await hp.getByText(en['retention.onHold']).waitFor();
      await expect(hp.getByTestId('purge-at').textContent()).resolves.toMatch(/This case will be deleted on /);
      await hp.getByRole('button', { name: en['hold.release'], exact: true }).click();
      await hp.getByRole('button', { name: en['hold.releaseYes'] }).click();
      await hp.getByText(en['hold.released']).waitFor();

      await hp.getByLabel(en['identity.reason'], { exact: true }).fill('Needed to interview the reporter about the invoices');
      await hp.getByRole('button', { name: en['identity.request'] }).click();
      await hp.getByText(en['identity.requested']).waitFor();
      await screenshot(hp, 'staff-06-case-after-actions');
      await expectAccessible(hp, 'case after actions');

      // --- The custodian approves, re-sealing the identity key in their browser.
      const custodian = await recordedContext(browser, appOrigin(t), 'en-GB');
      all.push(custodian);
      const cp = custodian.page;
      await cp.goto(`${custodian.origin}/staff`);
      await signIn(cp, t, org.custodians[0]);
      await acceptNotice(cp);
      await cp.getByRole('heading', { level: 1, name: en['custodian.title'] }).waitFor();
      await cp.getByText('Needed to interview the reporter about the invoices').waitFor();
      await screenshot(cp, 'staff-07-identity-requests');
      await expectAccessible(cp, 'identity requests');
      await cp.getByRole('button', { name: en['custodian.approve'], exact: true }).click();
      await cp.getByRole('button', { name: en['custodian.approveYes'] }).click();
      await cp.getByText(en['custodian.approved'].replace('{reference}', reference)).waitFor();
      await cp.getByText(en['custodian.none']).waitFor();
      expectClean(custodian);

      // --- The handler opens the case again and now sees the identity.
      await hp.getByRole('link', { name: en['nav.inbox'] }).click();
      await hp.locator(`tr[data-case-id="${caseId}"]`).getByRole('link', { name: reference }).click();
      await hp.getByTestId('identity').waitFor();
      await expect(hp.getByTestId('identity').textContent()).resolves.toContain(MARKERS.identity);
      await expect(hp.getByText(MARKERS.note).isVisible()).resolves.toBe(true);
      await screenshot(hp, 'staff-08-case-with-identity');

      // --- Export for disclosure: the ground, recipient and notice recorded; the ZIP made in the browser.
      await hp.getByLabel(en['export.ground'], { exact: true }).selectOption('authority');
      await hp.getByLabel(en['export.recipient'], { exact: true }).fill('Police, pre-trial file 5500/R/123/26');
      await hp.getByLabel(en['export.notice'], { exact: true }).selectOption({ index: 1 });
      await hp.getByLabel(en['export.identity'], { exact: true }).check();
      const [download] = await Promise.all([hp.waitForEvent('download'), hp.getByRole('button', { name: en['export.submit'] }).click()]);
      expect(download.suggestedFilename()).toBe(`kanava-${reference}-disclosure.zip`);
      const zip = await download.createReadStream().then(async (stream) => {
        const parts: Buffer[] = [];
        for await (const p of stream) parts.push(p as Buffer);
        return Buffer.concat(parts);
      });
      await hp.getByText(en['export.done'].replace('{name}', `kanava-${reference}-disclosure.zip`)).waitFor();
      await screenshot(hp, 'staff-09-export-done');
      const files = readStoredZip(zip);
      expect([...files.keys()].sort()).toEqual([`case-${reference}.pdf`, 'files/invoices.txt', 'manifest-sha256.txt'].sort());
      expect(files.get('files/invoices.txt')!.equals(EVIDENCE)).toBe(true);
      const manifest = files.get('manifest-sha256.txt')!.toString('utf8').trim().split('\n');
      expect(manifest.sort()).toEqual(
        [`${sha256(files.get(`case-${reference}.pdf`)!)}  case-${reference}.pdf`, `${sha256(EVIDENCE)}  files/invoices.txt`].sort(),
      );
      const pdf = files.get(`case-${reference}.pdf`)!.toString('latin1');
      expect(pdf.startsWith('%PDF-1.4')).toBe(true);
      expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
      for (const text of [MARKERS.title, MARKERS.body, MARKERS.person, MARKERS.identity, MARKERS.reply, sha256(EVIDENCE)])
        expect({ text, inPdf: pdf.includes(text) }).toEqual({ text, inPdf: true });
      // Internal notes are the handlers' working papers, not part of a disclosure.
      expect(pdf).not.toContain(MARKERS.note);
      // The xref offsets point at the objects they name, so viewers open the file.
      const xref = Number(/startxref\n(\d+)/.exec(pdf)![1]);
      expect(pdf.slice(xref, xref + 4)).toBe('xref');
      for (const m of pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)) expect(pdf.slice(Number(m[1])).match(/^\d+ 0 obj/)).not.toBeNull();

      // --- Signing out ends the session (Clear-Site-Data) and drops everything decrypted from the tab.
      await hp.getByRole('button', { name: en['layout.signOut'] }).click();
      await hp.getByRole('heading', { level: 1, name: en['login.title'] }).waitFor();
      expect(handler.requests.some((r) => r.method === 'POST' && r.url === '/api/auth/logout')).toBe(true);
      expect(await hp.content()).not.toContain(MARKERS.title);
      expect(await handler.context.cookies()).toEqual([]);
      expect(await hp.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
      expectClean(handler);

      // --- The auditor sees each step in the log and a valid chain; the reporter's, an hour later, dated to their hour only.
      await releaseReporterEvents(t);
      const auditor = await recordedContext(browser, appOrigin(t), 'en-GB');
      all.push(auditor);
      const ap = auditor.page;
      await ap.goto(`${auditor.origin}/staff`);
      await signIn(ap, t, org.auditors[0]);
      await ap.getByRole('heading', { level: 1, name: en['audit.title'] }).waitFor();
      await ap.getByTestId('chain-result').waitFor();
      await expect(ap.getByTestId('chain-result').getAttribute('class')).resolves.toBe('chain-ok');
      // The organisation's log: the invitation and the activation, as staff events with no case.
      for (const action of ['staff.invited', 'staff.activated']) await ap.locator(`tr[data-action="${action}"]`).first().waitFor();
      await screenshot(ap, 'staff-10-audit-log');
      // The notes key went to the case's handlers and to the organisation's recovery key.
      const internalGrantees = (await t.db.query("SELECT grantee FROM case_grants WHERE case_id = $1 AND key_kind = 'internal' ORDER BY grantee", [
        caseId,
      ])) as {
        grantee: string;
      }[];
      expect(internalGrantees.map((g) => g.grantee)).toContain('recovery');
      await ap.getByLabel(en['audit.caseId'], { exact: true }).fill(caseId);
      await ap.getByRole('button', { name: en['audit.apply'] }).click();
      await ap.getByRole('heading', { name: en['audit.caseHistory'].replace('{caseId}', caseId) }).waitFor();
      await ap.locator('tr[data-action="identity.approved"]').waitFor();
      const actions = await ap.locator('tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
      for (const step of [
        'report.submitted',
        'case.report_fetched',
        'case.viewed',
        'case.message_added',
        'case.internal_key_created',
        'case.note_added',
        'case.status_changed',
        'case.assigned',
        'identity.requested',
        'identity.approved',
        'case.legal_hold_placed',
        'case.legal_hold_released',
        'case.disclosure_recorded',
        'case.exported',
      ])
        expect({ step, found: actions.includes(step) }).toEqual({ step, found: true });
      await expect(ap.locator('tr[data-action="report.submitted"]').first().getByRole('cell').nth(1).textContent()).resolves.toMatch(/^Between .+ and .+$/);
      await expect(ap.getByText(en['audit.reporterTimes']).isVisible()).resolves.toBe(true);
      // The log names people: who assigned the colleague, by name and role.
      await expect(ap.locator('tr[data-action="case.assigned"]').first().textContent()).resolves.toContain('Journey Handler as handler');
      expect(await ap.content()).not.toContain(MARKERS.title);
      await screenshot(ap, 'staff-11-audit-case-history');
      // "Who touched this case?": the case's events by one person, chosen by name.
      await ap.getByLabel(en['audit.actorId'], { exact: true }).selectOption({ label: 'Journey Handler' });
      await ap.getByRole('button', { name: en['audit.apply'] }).click();
      await ap.locator(`tr[data-action="case.exported"][data-actor-id="${handlerId}"]`).waitFor();
      await ap.locator('tr[data-action="identity.approved"]').waitFor({ state: 'detached' });
      const actors = await ap.locator('tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-actor-id')));
      expect(new Set(actors)).toEqual(new Set([handlerId]));
      await expectAccessible(ap, 'audit log');
      const csv = await ap.getByRole('link', { name: en['audit.exportCsv'] }).getAttribute('href');
      expect(csv).toBe(`/api/audit/export?caseId=${caseId}&actorId=${handlerId}&format=csv`);
      expectClean(auditor);

      // --- No request of the whole journey carried the plaintext or the password.
      const requests = all.flatMap((r) => r.requests);
      expect(requests.some((r) => r.method === 'POST' && r.url === `/api/staff/cases/${caseId}/messages`)).toBe(true);
      expect(requests.some((r) => r.method === 'POST' && r.url === `/api/staff/cases/${caseId}/notes`)).toBe(true);
      expect(findMarkers(requests, [...Object.values(MARKERS), TEST_PASSWORD, HANDLER_PASSWORD])).toEqual([]);
    } finally {
      for (const r of all) await r.close();
    }
  }, 240_000);

  it('an auditor and an admin who open a case address directly get no content', async () => {
    for (const [who, staff] of [
      ['auditor', org.auditors[0]],
      ['admin', org.admins[0]],
    ] as const) {
      const r = await recordedContext(browser, appOrigin(t), 'en-GB');
      try {
        await r.page.goto(`${r.origin}/staff/cases/${caseId}`);
        await signIn(r.page, t, staff);
        await r.page.getByTestId('case-missing').waitFor();
        await expect(r.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(en['case.notFoundTitle']);
        const html = await r.page.content();
        for (const marker of Object.values(MARKERS)) expect({ who, leaked: html.includes(marker) }).toEqual({ who, leaked: false });
        expect(html).not.toContain(reference);
        await screenshot(r.page, `staff-12-case-refused-${who}`);
        await expectAccessible(r.page, `case refused (${who})`);
        expectClean(r);
      } finally {
        await r.close();
      }
      // The server refused too: the console did not merely hide what it received.
      const session = await loginStaff(t, staff);
      const res = await t.http.get(`/api/staff/cases/${caseId}`).set(session.headers);
      expect({ who, status: res.status, body: JSON.stringify(res.body).includes('ciphertext') }).toEqual({ who, status: 403, body: false });
    }
  }, 120_000);
});
