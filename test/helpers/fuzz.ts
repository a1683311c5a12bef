import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { DataSource } from 'typeorm';
import { encryptItem, generateKey, toB64 } from '@kanava/crypto';
import { startTestApp, TestApp } from './app';
import { prepareAttachment, submitCase } from './attachments';
import { buildSubmission, fetchOrganisation, fetchRecipients, loginStaff, solveChallenge } from './clients';
import { makeOrganisation } from './factories';
import { createPrivateDatabase } from './private-db';

export interface Route {
  method: 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}

/** Every route the running app serves, from Express' router (as test/role-matrix does). */
export function servedRoutes(t: TestApp): Route[] {
  const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack
    .filter((l) => l.route)
    .flatMap((l) =>
      Object.keys(l.route!.methods)
        .filter((m) => ['get', 'head', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m as Route['method'], path: l.route!.path })),
    );
}

/** Every property name any DTO declares, so generated bodies get past "unknown property" often enough to hit real validators. */
export function dtoFieldNames(): string[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, ValidationMetadata[]> };
  const names = new Set<string>();
  for (const [target, metas] of storage.validationMetadatas) {
    if (/(Dto|Params|Query)$/.test(target.name)) for (const m of metas) names.add(m.propertyName);
  }
  return [...names];
}

/** Who sends a request. Staff kinds carry a valid session cookie and its X-CSRF-Token. */
export type Caller = 'anonymous' | 'reporter' | 'admin' | 'handler' | 'custodian' | 'auditor' | 'staffWithoutCsrf';

export interface FuzzWorld {
  t: TestApp;
  routes: Route[];
  headers: Record<Caller, Record<string, string>>;
  /** Real ids to put in path parameters, so requests get past "not found" into validation. */
  knownIds: Record<string, string[]>;
  /** Well-formed bodies that the fuzzer mutates one field at a time. */
  templates: object[];
  fields: string[];
}

export interface FuzzRequest {
  route: Route;
  caller: Caller;
  params: Record<string, string>;
  query: string;
  contentType: string | null;
  /** For `POST /api/public/reports`: replace the body's proof by a freshly solved one, to get past the proof into every later check. */
  solveProof: boolean;
  /** undefined: no body; `raw`: sent as is; otherwise JSON. */
  body: undefined | { raw: string } | { json: unknown } | { bytes: Uint8Array };
}

/** encodeURIComponent, with a lone surrogate sent as the (invalid UTF-8) bytes it would be. */
const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

const deep = (n: number): unknown => (n === 0 ? 'leaf' : n % 2 ? [deep(n - 1)] : { d: deep(n - 1) });

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** Strings that break naive validators: base64 in the wrong alphabet, padded or of the wrong length; odd UUIDs; bad enums. */
const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', 'null', '💥', '../../etc/passwd', "'; DROP TABLE cases; --", '%00', '{{7*7}}', '__proto__', 'constructor'),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'A'.repeat(n)),
  fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('base64')), // standard alphabet, padded
  fc.uint8Array({ maxLength: 100 }).map((b) => `${b64url(b)}=`),
  fc.uint8Array({ minLength: 1, maxLength: 100 }).map((b) => `${b64url(b)}!`),
  fc.constantFrom(15, 17, 23, 25, 31, 33, 63, 65, 71, 73, 79, 81).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map(b64url)),
  fc.constantFrom(16, 24, 32, 64).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => b64url(b).slice(0, -1) + '/')),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid(),
  fc.uuid().map((u) => u.replace(/-/g, '')),
  fc.uuid().map((u) => `{${u}}`),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'user:', 'user:NOT-A-UUID', 'reporter ', 'RECOVERY'),
  fc.constantFrom('report', 'REPORT', 'note', 'shared', 'internal', 'identity', 'admin', 'superuser', 'handler ', 'argon2id', 'csv', 'xml'),
  fc.constantFrom('a@b', 'a@b.fi', `${'x'.repeat(400)}@example.test`, 'Anna <a@b.fi>', '"@"@example.test'),
  fc.constantFrom('2026-13-45', '9999-12-31T23:59:59Z', '0000-00-00', '2026-01-01T00:00:00.123456789012Z', '1e400', 'NaN'),
);

const cursorJson = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Times that Date.parse (or a lax regex) accepts and a timestamptz cast does not, or that lie outside PostgreSQL's range. */
const oddCursorTime: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '-1',
    '2026',
    'Tue, 01 Jan 2030 00:00:00 GMT',
    'March 7, 2026',
    '2026-02-31T00:00:00.000000Z',
    '2026-03-01T24:00:00.000000Z',
    '0000-01-01T00:00:00.000000Z',
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '2026-03-01T12:34:56Z',
    '2026-03-01 12:34:56',
    'infinity',
    '-infinity',
    'epoch',
    'now',
    'allballs',
    '',
    '2026-03-01T12:34:56.123456+25:00',
  ),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, [], {}),
  // Short: a cursor travels in the URL, and a URL of hundreds of kilobytes is refused by Node before Kanava sees it.
  oddString.map((s) => s.slice(0, 100)),
);

/** Ids that a lax `[0-9a-f-]{36}` check lets through and a uuid cast refuses, and other non-ids. */
const oddCursorId: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('-'.repeat(36), 'f'.repeat(36), '0'.repeat(36), `${'a'.repeat(8)}-${'-'.repeat(27)}`, '00000000-0000-0000-0000-000000000000'),
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.integer(),
  fc.constantFrom(null, [], {}),
  oddString.map((s) => s.slice(0, 100)),
);

/**
 * Crafted keyset cursors for the paged routes: well-formed envelopes (base64url JSON)
 * around times and ids that do not cast, wrong shapes, broken encodings, and audit
 * sequence numbers beyond a bigint. Each must answer 400 `invalid_cursor`, or a page.
 */
export const cursorArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ at: oddCursorTime, id: oddCursorId }).map(cursorJson) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(oddCursorTime, oddCursorId, fc.dictionary(fc.constantFrom('x', '__proto__', 'constructor', 'at ', 'ID'), oddCursorTime, { maxKeys: 2 }))
      .map(([at, id, extra]) => cursorJson({ ...extra, at, id })),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.constant(null),
        fc.integer(),
        oddCursorId,
        fc.array(oddCursorTime, { maxLength: 3 }),
        fc.record({ at: oddCursorTime }),
        fc.record({ id: oddCursorId }),
      )
      .map(cursorJson),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.date({ noInvalidDate: true }), fc.uuid(), fc.nat(), fc.constantFrom('cut', 'pad', 'std', 'char', 'double'))
      .map(([d, id, n, how]) => {
        const good = cursorJson({ at: d.toISOString().replace(/Z$/, '000Z'), id });
        if (how === 'cut') return good.slice(0, n % good.length);
        if (how === 'pad') return `${good}==`;
        if (how === 'std') return Buffer.from(good, 'base64url').toString('base64');
        if (how === 'char') return good.slice(0, n % good.length) + '!' + good.slice(n % good.length);
        return good + good;
      }),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom(
        '9223372036854775807',
        '9223372036854775808',
        '9999999999999999999',
        '18446744073709551616',
        '-1',
        '+1',
        '1e3',
        '0x10',
        '1.5',
        ' 1',
        '01',
      ),
      fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String),
      fc.bigInt({ min: -(10n ** 20n), max: -1n }).map(String),
    ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 150 }).map((b) => Buffer.from(b).toString('base64url')) },
  { weight: 1, arbitrary: oddString.map((s) => s.slice(0, 300)) },
);

function valueArbitrary(fields: string[]): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      oddString,
      fc.integer(),
      fc.double(),
      fc.constantFrom(true, false, null, 0, -1, 1e308, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1.5),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...fields, 'extra', '__proto__', 'constructor'), tie('value'), { maxKeys: 4 }),
      fc.integer({ min: 51, max: 2_000 }).map((n) => Array.from({ length: n }, () => 'x')),
      fc.integer({ min: 20, max: 80 }).map(deep),
    ),
  }));
  return value;
}

/** Sets (or deletes, or adds beside) one property somewhere inside a copy of `template`. */
function mutate(template: object, choose: number, value: unknown, how: 'set' | 'delete' | 'extra'): unknown {
  const copy = structuredClone(template) as Record<string, unknown>;
  const holders: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    holders.push(v as Record<string, unknown>);
    for (const child of Object.values(v as object)) walk(child);
  };
  walk(copy);
  const holder = holders[choose % holders.length];
  const keys = Object.keys(holder);
  const key = keys.length > 0 ? keys[Math.floor(choose / holders.length) % keys.length] : 'x';
  if (how === 'delete') delete holder[key];
  else if (how === 'extra') holder[`extra_${choose % 7}`] = value;
  else holder[key] = value;
  return copy;
}

const PARAM_ODDITIES = [
  'x',
  '0',
  '-1',
  '..',
  '%2e%2e',
  '%2F',
  '%00',
  '%zz',
  '%',
  '%E0%A4%A',
  'null',
  'undefined',
  '%20',
  'a'.repeat(300),
  '%F0%9F%92%A5',
  '__proto__',
  'constructor',
  "'",
  '%27%3B--',
  encode('ＡＢＣ'),
  '00000000-0000-0000-0000-000000000000',
];

export function requestArbitrary(world: FuzzWorld, callers: Caller[], routes = world.routes): fc.Arbitrary<FuzzRequest> {
  const value = valueArbitrary(world.fields);
  const paramValue = (name: string): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 4, arbitrary: world.knownIds[name]?.length ? fc.constantFrom(...world.knownIds[name]) : fc.uuid() },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
      { weight: 2, arbitrary: fc.constantFrom(...PARAM_ODDITIES) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }).map(encode) },
      { weight: 1, arbitrary: fc.constantFrom('handler', 'custodian', 'admin', 'HANDLER') },
    );
  const query = fc.oneof(
    { weight: 5, arbitrary: fc.constant('') },
    {
      weight: 2,
      arbitrary: fc
        .array(
          fc.tuple(
            fc.constantFrom('limit', 'cursor', 'format', 'caseId', 'actorId', 'action', 'from', 'to', 'fromSeq', 'toSeq', 'x', 'a[b]', 'limit[]'),
            fc.oneof(
              oddString.map((s) => s.slice(0, 500)),
              fc.constantFrom('-1', '0', '1e10', '99999999999999999999', 'csv', 'jsonl', 'abc', ''),
              cursorArbitrary,
            ),
          ),
          { minLength: 1, maxLength: 4 },
        )
        .map((pairs) => '?' + pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')),
    },
  );
  const contentType = fc.oneof(
    { weight: 10, arbitrary: fc.constant('application/json') },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string | null>(
        null,
        'text/plain',
        'application/xml',
        'application/json; charset=utf-16',
        'application/json; charset=bogus',
        'multipart/form-data; boundary=--x',
        'application/x-www-form-urlencoded',
        '*/*',
        'application/octet-stream',
        'application/offset+octet-stream',
        'application/jsonx',
        'APPLICATION/JSON',
        'application/json;;;',
        'garbage',
      ),
    },
  );
  const body: fc.Arbitrary<FuzzRequest['body']> = fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'null',
          '',
          '{}',
          '[]',
          '"x"',
          '0',
          'true',
          '{',
          '{"a":',
          '\u0000',
          '{"__proto__":{"admin":true}}',
          '{"constructor":{"prototype":{"admin":true}}}',
          '{"a":1,"a":2}',
          '[' + '{},'.repeat(5000) + '{}]',
        )
        .map((raw) => ({ raw })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 33, max: 5_000 }).map((n) => ({ raw: '['.repeat(n) + ']'.repeat(n) })) },
    { weight: 5, arbitrary: fc.dictionary(fc.constantFrom(...world.fields, 'extra'), value, { maxKeys: 8 }).map((json) => ({ json })) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...world.templates), fc.nat(), value, fc.constantFrom<'set' | 'delete' | 'extra'>('set', 'set', 'set', 'delete', 'extra'))
        .map(([template, choose, v, how]) => ({ json: mutate(template, choose, v, how) })),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 70_000 }).map((bytes) => ({ bytes })) },
  );
  return fc.constantFrom(...routes).chain((route) => {
    const names = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
    return fc.record({
      route: fc.constant(route),
      caller: fc.constantFrom(...callers),
      params: fc.tuple(...names.map(paramValue)).map((values) => Object.fromEntries(names.map((n, i) => [n, values[i]]))),
      query,
      contentType,
      solveProof: fc.boolean(),
      body,
    });
  });
}

export interface FuzzResult {
  request: FuzzRequest;
  url: string;
  status: number;
  body: unknown;
  problem: string | null;
}

/** Sends one request with a deadline and checks the answer: never 5xx, never a hang, every error `{error, message}`. */
export async function send(world: FuzzWorld, request: FuzzRequest, timeoutMs = 10_000): Promise<FuzzResult> {
  let r = request;
  const url = r.route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => r.params[name]) + r.query;
  let req = world.t.http[r.route.method](url)
    .set(world.headers[r.caller])
    .timeout({ response: timeoutMs, deadline: timeoutMs * 2 });
  if (r.contentType) req = req.set('Content-Type', r.contentType);
  if (
    r.solveProof &&
    r.route.path === '/api/public/reports' &&
    r.body &&
    'json' in r.body &&
    r.body.json &&
    typeof r.body.json === 'object' &&
    !Array.isArray(r.body.json)
  ) {
    r = { ...r, body: { json: { ...r.body.json, proof: await solveChallenge(world.t.http) } } };
  }
  if (r.body !== undefined) {
    const payload = 'raw' in r.body ? r.body.raw : 'bytes' in r.body ? Buffer.from(r.body.bytes) : JSON.stringify(r.body.json);
    req = req.send(payload as string);
  }
  const shown = `${r.route.method.toUpperCase()} ${url.slice(0, 200)} as ${r.caller} (${r.contentType})`;
  try {
    const res = await req;
    let problem: string | null = null;
    if (res.status >= 500) {
      const sent = r.body === undefined ? '(no body)' : JSON.stringify(r.body).slice(0, 600);
      const logged =
        world.t.logs
          .filter((l) => l.includes('unhandled error'))
          .slice(-1)[0]
          ?.slice(0, 1500) ?? '';
      problem = `${shown}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}\n  sent: ${sent}\n  logged: ${logged}`;
    } else if (res.status >= 400 && r.route.method !== 'head') {
      const b = res.body as Record<string, unknown>;
      const shaped =
        b !== null && typeof b === 'object' && Object.keys(b).sort().join() === 'error,message' && typeof b.error === 'string' && typeof b.message === 'string';
      if (!shaped) problem = `${shown}: ${res.status} with a body not shaped {error, message}: ${String(res.text).slice(0, 200)}`;
    }
    return { request: r, url, status: res.status, body: res.body, problem };
  } catch (e) {
    return { request: r, url, status: 0, body: null, problem: `${shown}: ${(e as Error).message} (timeout or connection error)` };
  }
}

/** Runs `items` through `fn`, `concurrency` at a time. */
export async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/**
 * What a rejected request must not change. Excluded, because reads and sign-in
 * legitimately write them:
 * - staff_sessions: every authenticated request moves the session's last_seen_at,
 *   and sign-in creates sessions (session bookkeeping);
 * - login_throttle: failed sign-ins are counted per address (sign-in bookkeeping);
 * - challenges: `POST /api/public/challenges` issues one per call, and a submission
 *   spends (deletes) its challenge before anything else is checked (API.md: one
 *   proof buys one attempt);
 * - rate_limit_windows: failed follow-up attempts (a wrong case secret) are counted
 *   there by design, that is the budget;
 * - audit_heads: it moves with every appended event, including the read events below;
 * - case_reads: opening a case (a read) records when the handler last opened it, for the
 *   inbox's unread marker;
 * - audit_events of reads and sign-in bookkeeping (READ_ACTIONS): `case.viewed`,
 *   `reporter.case_viewed` and `attachment.downloaded` are appended by reads,
 *   `auth.sign_in_failed` by a failed sign-in. Every other event is hashed, whether
 *   chained or still in audit_pending: a reporter's event waits there until its hour
 *   is over, and the sweep that then chains it changes nothing a request did.
 * staff_users is compared by row count only: sign-in bookkeeping updates its
 * failure counter and lock columns. Every other table is compared by content.
 */
export const EXCLUDED_TABLES = [
  'staff_sessions',
  'login_throttle',
  'challenges',
  'rate_limit_windows',
  'audit_heads',
  'audit_events',
  'audit_pending',
  'case_reads',
  'migrations',
];
export const COUNT_ONLY_TABLES = ['staff_users'];
export const READ_ACTIONS = ['case.viewed', 'reporter.case_viewed', 'attachment.downloaded', 'auth.sign_in_failed'];

export async function snapshotQuery(db: DataSource): Promise<string> {
  const tables: { table_name: string }[] = await db.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const parts = tables
    .filter(({ table_name }) => !EXCLUDED_TABLES.includes(table_name))
    .map(({ table_name }) =>
      COUNT_ONLY_TABLES.includes(table_name)
        ? `'${table_name}', (SELECT count(*) FROM "${table_name}")::text`
        : `'${table_name}', (SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM "${table_name}" t)`,
    );
  const actions = READ_ACTIONS.map((a) => `'${a}'`).join(', ');
  const event = `concat_ws('/', organisation_id, occurred_at, actor_kind, actor_id, actor_role, action, case_id, details::text)`;
  parts.push(
    `'audit_events', (SELECT count(*) || ':' || coalesce(md5(string_agg(e, ',' ORDER BY e)), '') FROM (
       SELECT ${event} AS e FROM audit_events WHERE action NOT IN (${actions})
       UNION ALL SELECT ${event} FROM audit_pending WHERE action NOT IN (${actions})) recorded)`,
  );
  return `SELECT json_build_object(${parts.join(', ')}) AS snapshot`;
}

export async function snapshot(db: DataSource, query: string): Promise<Record<string, string>> {
  const rows: { snapshot: Record<string, string> }[] = await db.query(query);
  return rows[0].snapshot;
}

/**
 * A private database with one organisation, a submitted case, the reporter's bearer
 * token and a signed-in member of every staff role: the world the fuzzer attacks.
 */
export async function setUpWorld(): Promise<FuzzWorld & { close(): Promise<void> }> {
  const database = await createPrivateDatabase('kanava_fuzz');
  const t = await startTestApp({}, { databaseUrl: database.url });
  const org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
  const { built, bearer, caseId } = await submitCase(t.http, org);
  const staff = {
    admin: await loginStaff(t, org.admins[0]),
    handler: await loginStaff(t, org.handlers[0]),
    custodian: await loginStaff(t, org.custodians[0]),
    auditor: await loginStaff(t, org.auditors[0]),
  };
  const sign = built.reporter.sign.secretKey;
  const fresh = buildSubmission({
    org: await fetchOrganisation(t.http, org.slug),
    channelId: org.channelId,
    recipients: await fetchRecipients(t.http, org.channelId),
    content: { title: 'T', body: 'B', subjects: [{ name: 'N', role: 'R', details: 'D' }], identity: { name: 'I', contact: 'C', details: 'D' } },
  });
  const message = encryptItem({ caseId, kind: 'message-reporter', itemId: randomUUID(), key: built.sharedKey, signSecretKey: sign, value: { text: 'hi' } });
  const attachment = prepareAttachment({ caseId, sharedKey: built.sharedKey, signSecretKey: sign, trueSize: 100_000 });
  // An announced, unfinished upload, so the content routes get past "not found".
  await t.http.post('/api/public/case/attachments').set('Authorization', bearer).send(attachment.create).expect(201);
  const grant = {
    keyKind: 'shared',
    grantee: `user:${org.handlers[0].id}`,
    keyId: built.body.grants[0].keyId,
    sealed: toB64(generateKey()),
    signature: toB64(new Uint8Array(64)),
  };
  const password = {
    salt: toB64(new Uint8Array(16)),
    kdf: { alg: 'argon2id13', ops: 2, mem: 67108864 },
    authKey: toB64(new Uint8Array(32)),
    keyBundle: toB64(new Uint8Array(200)),
  };
  const templates: object[] = [
    { ...built.body, proof: { challengeId: randomUUID(), nonce: toB64(new Uint8Array(8)) } },
    // Not submitted: with a solved proof, its mutations reach the item, grant and signature checks.
    { ...fresh.body, proof: { challengeId: randomUUID(), nonce: toB64(new Uint8Array(8)) } },
    message,
    attachment.create,
    { email: 'nobody@example.test' },
    { email: 'nobody@example.test', authKey: toB64(new Uint8Array(32)), totp: '123456' },
    { email: 'new@example.test', displayName: 'New', roles: ['handler'], designations: [{ channelId: org.channelId, role: 'handler' }] },
    { name: 'Channel', description: 'd', allowAnonymous: true, exclusionEnabled: false, categories: ['A'] },
    { label: 'L' },
    { userId: randomUUID(), role: 'handler' },
    { userId: randomUUID(), grants: [grant] },
    { userId: randomUUID(), reason: 'expert opinion', expiresAt: '2099-01-01T00:00:00Z', grants: [grant] },
    { grants: [grant] },
    { publicKey: toB64(new Uint8Array(32)) },
    { confirm: true },
    { version: 1 },
    { currentAuthKey: toB64(new Uint8Array(32)), next: password, totp: '123456' },
    {
      ...password,
      totp: '123456',
      boxPublicKey: toB64(new Uint8Array(32)),
      signPublicKey: toB64(new Uint8Array(32)),
      recoveryKeyBundle: toB64(new Uint8Array(200)),
      recoveryResetKey: toB64(new Uint8Array(32)),
    },
    { email: 'nobody@example.test', resetKey: toB64(new Uint8Array(32)), next: password, backupCode: 'ABCDE-12345' },
  ];
  const world: FuzzWorld = {
    t,
    routes: servedRoutes(t),
    headers: {
      anonymous: {},
      reporter: { Authorization: bearer },
      admin: staff.admin.headers,
      handler: staff.handler.headers,
      custodian: staff.custodian.headers,
      auditor: staff.auditor.headers,
      staffWithoutCsrf: { Cookie: staff.handler.cookie },
    },
    knownIds: { caseId: [caseId], channelId: [org.channelId], id: [attachment.attachmentId], categoryId: org.categoryIds.slice(0, 1) },
    templates,
    fields: dtoFieldNames(),
  };
  return {
    ...world,
    close: async () => {
      await t.close();
      await database.drop();
    },
  };
}

/**
 * Sends `batches` × `batchSize` generated requests, a few at a time, and fails on
 * any problem `send` finds or any change a batch of rejected requests made.
 */
export async function fuzz(
  world: FuzzWorld,
  arbitrary: fc.Arbitrary<FuzzRequest>,
  options: { batches: number; batchSize: number; concurrency: number; seed?: number },
) {
  const query = await snapshotQuery(world.t.db);
  const stats = { requests: 0, rejected: 0, accepted: 0, batchesCompared: 0, statuses: {} as Record<number, number> };
  const outcome = await fc.check(
    fc.asyncProperty(fc.array(arbitrary, { minLength: options.batchSize, maxLength: options.batchSize }), async (batch) => {
      const before = await snapshot(world.t.db, query);
      const results = await pool(batch, options.concurrency, (r) => send(world, r));
      stats.requests += results.length;
      for (const r of results) stats.statuses[r.status] = (stats.statuses[r.status] ?? 0) + 1;
      const problems = results.flatMap((r) => (r.problem ? [r.problem] : []));
      if (problems.length > 0) throw new Error(problems.join('\n'));
      // A batch in which some request legitimately succeeded at a write is not compared.
      const wrote = results.some(
        (r) => r.status >= 200 && r.status < 300 && !['get', 'head'].includes(r.request.route.method) && r.request.route.path !== '/api/public/challenges',
      );
      stats.rejected += results.filter((r) => r.status >= 400).length;
      stats.accepted += results.filter((r) => r.status < 400).length;
      if (wrote) return;
      const after = await snapshot(world.t.db, query);
      stats.batchesCompared++;
      const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
      if (changed.length > 0)
        throw new Error(`rejected requests changed ${changed.join(', ')}:\n${results.map((r) => `${r.status} ${r.url.slice(0, 120)}`).join('\n')}`);
    }),
    { numRuns: options.batches, seed: options.seed ?? (process.env.KANAVA_FUZZ_SEED ? Number(process.env.KANAVA_FUZZ_SEED) : undefined), endOnFailure: true },
  );
  // The failing batch itself is too large to print usefully; its problems name each bad request.
  if (outcome.failed) throw new Error(`seed ${outcome.seed}: ${(outcome.errorInstance as Error | undefined)?.message ?? 'property failed'}`);
  return stats;
}
