import { createHash, randomUUID } from 'node:crypto';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff, submitReport } from './helpers/clients';
import { makeOrganisation, TestOrganisation, TestStaff } from './helpers/factories';
import { ProvisioningService } from '@kanava/staff';

type Actor = 'admin' | 'handler' | 'nonMember' | 'excluded' | 'custodian' | 'auditor' | 'foreign' | 'anonymous' | 'expired';
const ACTORS: Actor[] = ['admin', 'handler', 'nonMember', 'excluded', 'custodian', 'auditor', 'foreign', 'anonymous', 'expired'];
const HANDLERS: Actor[] = ['handler', 'nonMember', 'excluded', 'foreign'];
const STAFF: Actor[] = ['admin', 'handler', 'nonMember', 'excluded', 'custodian', 'auditor', 'foreign'];

interface Row {
  method: 'get' | 'head' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  body?: object;
  /** Exact status per actor. */
  expect: Record<Actor, number>;
  /** Log in anew before the request (for routes that end sessions). */
  fresh?: boolean;
}

/** 401 for no or an expired session; `allowed` answers `ok`; any other staff member answers `denied`. */
function cells(allowed: Actor[], ok: number | Partial<Record<Actor, number>>, denied = 403): Record<Actor, number> {
  const out = {} as Record<Actor, number>;
  for (const a of ACTORS) {
    if (a === 'anonymous' || a === 'expired') out[a] = 401;
    else if (allowed.includes(a)) out[a] = typeof ok === 'number' ? ok : (ok[a] ?? 200);
    else out[a] = denied;
  }
  return out;
}

/**
 * Every staff route × every kind of caller, each cell an exact status; responses
 * carry case content only where it is allowed.
 */
describe('role × endpoint matrix', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let other: TestOrganisation;
  let caseId: string;
  const people = {} as Record<Exclude<Actor, 'anonymous' | 'expired'>, TestStaff>;
  const headers = {} as Record<Actor, Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 2, custodians: 1 });
    other = await makeOrganisation(t, { handlers: 1, custodians: 0 });
    // A handler of a second channel of the same organisation.
    const { channel } = await new ProvisioningService(t.db, t.config).createChannel({ organisationId: org.id, name: 'Second channel' });
    const nonMember = await new ProvisioningService(t.db, t.config).createStaffUser({
      organisationId: org.id,
      email: `nonmember-${org.slug}@example.test`,
      displayName: 'Non Member',
      password: 'correct horse battery staple',
      roles: ['handler'],
      channelIds: [channel.id],
    });
    await t.db.query('UPDATE staff_users SET confidentiality_accepted_at = now(), confidentiality_version = 1 WHERE id = $1', [nonMember.user.id]);
    Object.assign(people, {
      admin: org.admins[0],
      handler: org.handlers[0],
      nonMember: { id: nonMember.user.id, email: nonMember.user.email, totpSecret: nonMember.totpSecret } as TestStaff,
      excluded: org.handlers[1],
      custodian: org.custodians[0],
      auditor: org.auditors[0],
      foreign: other.handlers[0],
    });

    // A report that excludes handler B (handlers[1]).
    caseId = (await submitReport(t, org, { title: 'T', body: 'B' }, [org.handlers[1].id])).body.caseId;

    for (const [actor, person] of Object.entries(people)) headers[actor as Actor] = (await loginStaff(t, person)).headers;
    headers.anonymous = {};
    const stale = await loginStaff(t, org.handlers[0]);
    const staleHash = createHash('sha256').update(stale.cookie.split('=')[1], 'utf8').digest();
    await t.db.query("UPDATE staff_sessions SET last_seen_at = now() - interval '2 hours' WHERE token_hash = $1", [staleHash]);
    headers.expired = stale.headers;
  });
  afterAll(() => t.close());

  const someone = randomUUID();
  const rows = (): Row[] => [
    { method: 'get', path: '/api/auth/me', expect: cells(STAFF, 200) },
    { method: 'post', path: '/api/auth/password', body: {}, expect: cells(STAFF, 400) },
    { method: 'get', path: '/api/staff/cases', expect: cells(HANDLERS, 200) },
    { method: 'get', path: '/api/staff/cases/counts', expect: cells(HANDLERS, 200) },
    { method: 'get', path: '/api/staff/cases?reference=not-a-reference', expect: cells(HANDLERS, 400) },
    { method: 'get', path: `/api/staff/cases/${caseId}`, expect: cells(HANDLERS, { handler: 200, nonMember: 404, excluded: 404, foreign: 404 }) },
    // Cases a caller may not read are left out of the answer, so every handler gets 200 and only the case's handler gets content.
    { method: 'post', path: '/api/staff/cases/reports', body: { caseIds: [caseId] }, expect: cells(HANDLERS, 200) },
    { method: 'get', path: '/api/staff/labels', expect: cells(HANDLERS, 200) },
    // An unknown label: the handler reaches the lookup (labelling itself is in labels.e2e-spec.ts).
    { method: 'post', path: '/api/staff/cases/labels', body: { caseIds: [caseId], labelId: someone, action: 'add' }, expect: cells(HANDLERS, 404) },
    { method: 'get', path: '/api/staff/saved-filters', expect: cells(HANDLERS, 200) },
    { method: 'post', path: '/api/staff/saved-filters', body: { name: 'x', filter: { status: 'lost' } }, expect: cells(HANDLERS, 400) },
    { method: 'delete', path: `/api/staff/saved-filters/${someone}`, expect: cells(HANDLERS, 404) },
    { method: 'post', path: `/api/staff/cases/${caseId}/messages`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/transcripts`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/meetings`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/meetings/${someone}/offer`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/assignments`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'delete', path: `/api/staff/cases/${caseId}/assignments/${someone}`, expect: cells(HANDLERS, 404) },
    { method: 'post', path: `/api/staff/cases/${caseId}/implicated`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/experts`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/persons-concerned-grants`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/acknowledge`, expect: cells(HANDLERS, { handler: 200, nonMember: 404, excluded: 404, foreign: 404 }) },
    { method: 'post', path: `/api/staff/cases/${caseId}/status`, body: {}, expect: cells(HANDLERS, 400) },
    {
      method: 'post',
      path: `/api/staff/cases/${caseId}/subject-informed`,
      body: {},
      expect: cells(HANDLERS, { handler: 400, nonMember: 404, excluded: 404, foreign: 404 }),
    },
    // The case has no follow-up: its handler is told so; nobody else learns the case exists.
    {
      method: 'post',
      path: `/api/staff/cases/${caseId}/follow-up-done`,
      body: {},
      expect: cells(HANDLERS, { handler: 409, nonMember: 404, excluded: 404, foreign: 404 }),
    },
    { method: 'put', path: `/api/staff/cases/${caseId}/special-data`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: '/api/staff/forwarded-reports', body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: '/api/staff/subject-access-requests', body: {}, expect: cells(HANDLERS, 400) },
    { method: 'get', path: '/api/staff/subject-access-requests', expect: cells(HANDLERS, 200) },
    { method: 'get', path: `/api/staff/subject-access-requests/${someone}`, expect: cells(HANDLERS, 404) },
    { method: 'post', path: `/api/staff/subject-access-requests/${someone}/extend`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'put', path: `/api/staff/subject-access-requests/${someone}/cases/${caseId}`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/subject-access-requests/${someone}/answered`, body: {}, expect: cells(HANDLERS, 404) },
    { method: 'post', path: `/api/staff/cases/${caseId}/internal-key`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/notes`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/items/${someone}/remove`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/items/${someone}/redact`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'post', path: `/api/staff/cases/${caseId}/identity-requests`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'get', path: '/api/staff/identity-requests', expect: cells(['custodian'], 200) },
    {
      method: 'get',
      path: `/api/staff/cases/${caseId}/retention`,
      expect: cells(HANDLERS, { handler: 200, nonMember: 404, excluded: 404, foreign: 404 }),
    },
    { method: 'post', path: `/api/staff/cases/${caseId}/legal-holds`, body: {}, expect: cells(HANDLERS, 400) },
    {
      method: 'post',
      path: `/api/staff/cases/${caseId}/legal-holds/${someone}/release`,
      body: {},
      expect: cells(HANDLERS, { handler: 404, nonMember: 404, excluded: 404, foreign: 404 }),
    },
    { method: 'put', path: `/api/admin/channels/${someone}/retention`, body: {}, expect: cells(['admin'], 400) },
    { method: 'get', path: '/api/admin/retention/upcoming', expect: cells(['admin'], 200) },
    { method: 'get', path: '/api/admin/jobs', expect: cells(['admin', 'auditor'], 200) },
    { method: 'post', path: `/api/staff/cases/${caseId}/disclosures`, body: {}, expect: cells(HANDLERS, 400) },
    {
      method: 'get',
      path: `/api/staff/cases/${caseId}/disclosures`,
      expect: cells(HANDLERS, { handler: 200, nonMember: 404, excluded: 404, foreign: 404 }),
    },
    { method: 'get', path: `/api/staff/cases/${caseId}/disclosures/${someone}/export`, expect: cells(HANDLERS, 404) },
    { method: 'post', path: `/api/staff/identity-requests/${someone}/approve`, body: {}, expect: cells(['custodian'], 400) },
    { method: 'post', path: `/api/staff/identity-requests/${someone}/deny`, expect: cells(['custodian'], 404) },
    { method: 'get', path: '/api/staff/recovery/cases', expect: cells(HANDLERS, 200) },
    { method: 'post', path: `/api/staff/recovery/cases/${caseId}/restore`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'get', path: '/api/staff/confidentiality-notice', expect: cells([...HANDLERS, 'custodian'], 200) },
    { method: 'post', path: '/api/staff/confidentiality-notice', body: {}, expect: cells([...HANDLERS, 'custodian'], 400) },
    { method: 'get', path: '/api/staff/directory', expect: cells([...HANDLERS, 'custodian'], 200) },
    { method: 'get', path: '/api/staff/key-directory', expect: cells(STAFF, 200) },
    // Empty bodies: every staff member reaches validation, so the route is theirs; nothing is stored.
    { method: 'put', path: '/api/staff/key-bundle', body: {}, expect: cells(STAFF, 400) },
    { method: 'post', path: '/api/staff/trust/reverified', body: {}, expect: cells(['admin', ...HANDLERS, 'custodian'], 400) },
    { method: 'get', path: '/api/admin/key-directory/pending', expect: cells(['admin'], 200) },
    { method: 'post', path: '/api/admin/key-directory/entries', body: {}, expect: cells(['admin'], 400) },
    { method: 'put', path: '/api/admin/organisation/directory-key', body: {}, expect: cells(['admin'], 400) },
    { method: 'post', path: '/api/admin/invitations', body: {}, expect: cells(['admin'], 400) },
    { method: 'get', path: '/api/admin/invitations', expect: cells(['admin'], 200) },
    { method: 'delete', path: `/api/admin/invitations/${someone}`, expect: cells(['admin'], 404) },
    { method: 'get', path: '/api/admin/staff', expect: cells(['admin'], 200) },
    { method: 'patch', path: `/api/admin/staff/${someone}`, body: {}, expect: cells(['admin'], 404) },
    { method: 'post', path: `/api/admin/staff/${someone}/deactivate`, body: {}, expect: cells(['admin'], 400) },
    { method: 'post', path: `/api/admin/staff/${someone}/unlock`, expect: cells(['admin'], 404) },
    { method: 'get', path: '/api/admin/channels', expect: cells(['admin'], 200) },
    { method: 'post', path: '/api/admin/channels', body: {}, expect: cells(['admin'], 400) },
    { method: 'patch', path: `/api/admin/channels/${someone}`, body: {}, expect: cells(['admin'], 404) },
    { method: 'post', path: `/api/admin/channels/${someone}/categories`, body: {}, expect: cells(['admin'], 400) },
    { method: 'patch', path: `/api/admin/categories/${someone}`, body: {}, expect: cells(['admin'], 400) },
    { method: 'put', path: `/api/admin/channels/${someone}/designations`, body: {}, expect: cells(['admin'], 400) },
    { method: 'delete', path: `/api/admin/channels/${someone}/designations/${someone}/handler`, expect: cells(['admin'], 404) },
    { method: 'get', path: '/api/admin/access-review', expect: cells(['admin'], 200) },
    { method: 'put', path: '/api/admin/organisation/recovery-key', body: {}, expect: cells(['admin'], 400) },
    { method: 'get', path: '/api/admin/organisation/information-page', expect: cells(['admin'], 200) },
    { method: 'put', path: '/api/admin/organisation/information-page', body: { fi: 5 }, expect: cells(['admin'], 400) },
    { method: 'get', path: '/api/admin/organisation/languages', expect: cells(['admin'], 200) },
    { method: 'put', path: '/api/admin/organisation/languages', body: { languages: 'et' }, expect: cells(['admin'], 400) },
    // An unknown channel: the admin reaches the lookup (the owning admin's 204 is in channel-translations.e2e-spec.ts).
    { method: 'put', path: `/api/admin/channels/${someone}/translations`, body: { languages: [] }, expect: cells(['admin'], 404) },
    // An unknown channel: 404 for the admin, who reaches the lookup (the owning admin's 200 is in privacy.e2e-spec.ts).
    { method: 'get', path: `/api/admin/channels/${someone}/privacy-notice`, expect: cells(['admin'], 404) },
    { method: 'put', path: `/api/admin/channels/${someone}/privacy-notice`, body: { fi: 5 }, expect: cells(['admin'], 400) },
    { method: 'get', path: `/api/admin/channels/${someone}/questionnaire`, expect: cells(['admin'], 404) },
    { method: 'get', path: '/api/admin/labels', expect: cells(['admin'], 200) },
    { method: 'post', path: '/api/admin/labels', body: { name: '' }, expect: cells(['admin'], 400) },
    { method: 'patch', path: `/api/admin/labels/${someone}`, body: { name: 'x' }, expect: cells(['admin'], 404) },
    { method: 'delete', path: `/api/admin/labels/${someone}`, expect: cells(['admin'], 404) },
    { method: 'put', path: `/api/admin/channels/${someone}/questionnaire`, body: { questions: 'x' }, expect: cells(['admin'], 400) },
    { method: 'get', path: `/api/admin/channels/${someone}/processing-record`, expect: cells(['admin'], 404) },
    { method: 'get', path: `/api/staff/cases/${caseId}/attachments`, expect: cells(HANDLERS, { handler: 200, nonMember: 404, excluded: 404, foreign: 404 }) },
    { method: 'post', path: `/api/staff/cases/${caseId}/attachments`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'put', path: `/api/staff/cases/${caseId}/attachments/${someone}/content`, expect: cells(HANDLERS, 404) },
    { method: 'head', path: `/api/staff/cases/${caseId}/attachments/${someone}/content`, expect: cells(HANDLERS, 404) },
    { method: 'patch', path: `/api/staff/cases/${caseId}/attachments/${someone}/content`, expect: cells(HANDLERS, 404) },
    { method: 'get', path: `/api/staff/cases/${caseId}/attachments/${someone}/content`, expect: cells(HANDLERS, 404) },
    { method: 'delete', path: `/api/staff/cases/${caseId}/attachments/${someone}`, expect: cells(HANDLERS, 404) },
    { method: 'post', path: `/api/staff/cases/${caseId}/attachments/${someone}/remove`, body: {}, expect: cells(HANDLERS, 400) },
    { method: 'get', path: '/api/metrics', expect: cells(['admin', 'auditor', ...HANDLERS], 200) },
    { method: 'get', path: '/api/audit/events', expect: cells(['auditor'], 200) },
    { method: 'get', path: '/api/audit/events?reference=K7QX-4M2P', expect: cells(['auditor'], 200) },
    { method: 'get', path: '/api/audit/export?format=jsonl', expect: cells(['auditor'], 200) },
    { method: 'get', path: '/api/audit/verify', expect: cells(['auditor'], 200) },
    { method: 'get', path: '/api/audit/staff', expect: cells(['auditor'], 200) },
    { method: 'get', path: '/api/audit/checkpoints', expect: cells(['auditor'], 200) },
    { method: 'post', path: '/api/audit/checkpoints', expect: cells(['auditor'], 201) },
    { method: 'post', path: '/api/auth/logout', expect: cells(STAFF, 204), fresh: true },
    { method: 'post', path: '/api/auth/logout-all', expect: cells(STAFF, 200), fresh: true },
  ];

  it('answers every cell exactly', async () => {
    const table = rows();
    const mismatches: string[] = [];
    const contentLeaks: string[] = [];
    for (const row of table) {
      for (const actor of ACTORS) {
        let h = headers[actor];
        if (row.fresh && actor !== 'anonymous' && actor !== 'expired') h = (await loginStaff(t, people[actor as keyof typeof people])).headers;
        let req = t.http[row.method](row.path).set(h);
        if (row.body) req = req.send(row.body);
        const res = await req;
        if (res.status !== row.expect[actor])
          mismatches.push(`${row.method.toUpperCase()} ${row.path} as ${actor}: ${res.status} (${res.body?.error}), expected ${row.expect[actor]}`);
        const text = JSON.stringify(res.body ?? {});
        const carriesContent = text.includes('"ciphertext"') || text.includes('"sealed"');
        const mayCarry = actor === 'handler' && [`/api/staff/cases/${caseId}`, '/api/staff/cases/reports'].includes(row.path);
        if (carriesContent !== mayCarry && res.status < 300)
          contentLeaks.push(`${row.method.toUpperCase()} ${row.path} as ${actor}: content ${carriesContent}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(contentLeaks).toEqual([]);
  });

  it('covers every staff route the app serves', () => {
    const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router
      .stack;
    const served = stack
      .filter((l) => l.route && !l.route.path.startsWith('/api/public') && !l.route.path.startsWith('/api/health') && l.route.path !== '/api/docs')
      .filter((l) => !['/api/auth/prelogin', '/api/auth/login', '/api/auth/recovery/bundle', '/api/auth/recovery/reset'].includes(l.route!.path))
      .filter((l) => !l.route!.path.startsWith('/api/auth/invitations'))
      // Public like sign-in, before any account exists: the first-run set-up (test/setup.e2e-spec.ts).
      .filter((l) => l.route!.path !== '/api/setup')
      .map((l) => `${Object.keys(l.route!.methods)[0]} ${l.route!.path}`);
    const covered = rows().map((r) => `${r.method} ${r.path.split('?')[0].replace(caseId, ':caseId').replace(new RegExp(someone, 'g'), ':id')}`);
    const normalise = (r: string) => r.replace(/:[A-Za-z]+/g, ':p').replace(/\/handler$/, '/:p');
    const missing = served.map(normalise).filter((r) => !covered.map(normalise).includes(r));
    expect(missing).toEqual([]);
  });
});
