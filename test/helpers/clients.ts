import { randomUUID } from 'node:crypto';
import type supertest from 'supertest';
import { TotpClock, totpFor } from '@kanava/staff';
import type { TestApp } from './app';
import { TEST_PASSWORD } from './factories';
import {
  assertCaseSecretSalt,
  assertKdfParams,
  deriveReporterKeys,
  deriveStaffKeys,
  encryptItem,
  AnswersValue,
  fromB64,
  generateCaseSecret,
  generateKey,
  KeyBundle,
  ReporterKeys,
  sealGrantToBox,
  sealGrantToReporter,
  solveProof,
  toB64,
  unwrapKeyBundle,
  DEFAULT_STAFF_KDF,
  generateRecoveryKey,
  generateStaffKeys,
  randomBytes,
  recoverySubkeys,
  wrapKeyBundle,
  WireGrant,
  WireItem,
} from '@kanava/crypto';

type Http = ReturnType<typeof supertest>;

export interface OrganisationInfo {
  id: string;
  slug: string;
  caseSecretSalt: string;
  recoveryPublicKey: string | null;
  /** Extension (docs/reporter-protocol-extensions.md): the key that signs the key directory. */
  directoryPublicKey?: string | null;
  channels: { id: string; exclusionEnabled: boolean; allowAnonymous: boolean; voiceEnabled: boolean; categories: { id: string; label: string }[] }[];
}

export interface Recipients {
  handlers: { userId: string; displayName: string; boxPublicKey: string; signPublicKey: string }[];
  custodians: { userId: string; boxPublicKey: string; signPublicKey: string }[];
}

export interface ReportContent {
  title: string;
  body: string;
  subjects?: { name: string; role: string; details: string }[];
  identity?: { name: string; contact: string; details: string };
  /**
   * Seal the persons concerned under a key of their own (R21, docs/reporter-protocol-extensions.md)
   * instead of the shared key, as the portal does; a v1 client does not.
   */
  protectSubjects?: boolean;
  /** Answers to the channel's questionnaire (docs/reporter-protocol-extensions.md "Questionnaires"), sent as an `answers` item. */
  answers?: AnswersValue;
}

export interface BuiltSubmission {
  body: Record<string, unknown> & { items: WireItem[]; grants: WireGrant[]; caseId: string };
  caseSecret: string;
  reporter: ReporterKeys;
  sharedKey: Uint8Array;
  identityKey: Uint8Array | null;
  concernedKey: Uint8Array | null;
}

export async function fetchOrganisation(http: Http, slug: string): Promise<OrganisationInfo> {
  const res = await http.get(`/api/public/organisations/${slug}`).expect(200);
  return res.body as OrganisationInfo;
}

export async function fetchRecipients(http: Http, channelId: string): Promise<Recipients> {
  const res = await http.get(`/api/public/channels/${channelId}/recipients`).expect(200);
  return res.body as Recipients;
}

/** Requests a challenge and solves it, as the portal does before submitting. */
export async function solveChallenge(http: Http): Promise<{ challengeId: string; nonce: string }> {
  const res = await http.post('/api/public/challenges').expect(201);
  const { id, salt, difficulty } = res.body as { id: string; salt: string; difficulty: number };
  return { challengeId: id, nonce: toB64(solveProof(fromB64(salt, 16), difficulty)) };
}

/**
 * What the reporter's browser does (CRYPTO.md, API.md "Submit"): derive keys from a
 * new case secret, encrypt and sign every item, seal the case keys to every
 * allowed recipient. The proof is added by the caller.
 */
export function buildSubmission(args: {
  org: OrganisationInfo;
  channelId: string;
  categoryId?: string | null;
  recipients: Recipients;
  content: ReportContent;
  excludedUserIds?: string[];
}): BuiltSubmission {
  const { org, recipients, content } = args;
  assertCaseSecretSalt(org.id, org.caseSecretSalt);
  const caseSecret = generateCaseSecret();
  const reporter = deriveReporterKeys(caseSecret, org.id);
  const caseId = randomUUID();
  const sharedKey = generateKey();
  const identityKey = content.identity ? generateKey() : null;
  const concernedKey = content.protectSubjects && content.subjects?.length ? generateKey() : null;
  const excluded = args.excludedUserIds ?? [];
  const handlers = recipients.handlers.filter((h) => !excluded.includes(h.userId));
  const sign = reporter.sign.secretKey;

  const items: WireItem[] = [
    encryptItem({
      caseId,
      kind: 'report',
      itemId: randomUUID(),
      key: sharedKey,
      signSecretKey: sign,
      value: { title: content.title, body: content.body, handlerSignKeys: handlers.map((h) => h.signPublicKey) },
    }),
    ...(content.subjects ?? []).map((s) =>
      encryptItem({ caseId, kind: 'subject', itemId: randomUUID(), key: concernedKey ?? sharedKey, signSecretKey: sign, value: s }),
    ),
  ];
  if (content.answers) {
    items.push(encryptItem({ caseId, kind: 'answers', itemId: randomUUID(), key: sharedKey, signSecretKey: sign, value: content.answers }));
  }
  if (content.identity && identityKey) {
    items.push(encryptItem({ caseId, kind: 'identity', itemId: randomUUID(), key: identityKey, signSecretKey: sign, value: content.identity }));
  }

  const toBox = (keyKind: 'shared' | 'identity' | 'concerned', key: Uint8Array, grantee: `user:${string}` | 'recovery', boxPublicKey: string) =>
    sealGrantToBox({ caseId, keyKind, key, grantee, boxPublicKey: fromB64(boxPublicKey, 32), signSecretKey: sign });
  const grants: WireGrant[] = [
    sealGrantToReporter({ caseId, keyKind: 'shared', key: sharedKey, wrapKey: reporter.wrapKey, signSecretKey: sign }),
    ...handlers.map((h) => toBox('shared', sharedKey, `user:${h.userId}`, h.boxPublicKey)),
  ];
  if (org.recoveryPublicKey) grants.push(toBox('shared', sharedKey, 'recovery', org.recoveryPublicKey));
  if (identityKey) {
    grants.push(sealGrantToReporter({ caseId, keyKind: 'identity', key: identityKey, wrapKey: reporter.wrapKey, signSecretKey: sign }));
    for (const c of recipients.custodians) grants.push(toBox('identity', identityKey, `user:${c.userId}`, c.boxPublicKey));
    if (org.recoveryPublicKey) grants.push(toBox('identity', identityKey, 'recovery', org.recoveryPublicKey));
  }
  if (concernedKey) {
    // To the report's handlers and the channel's custodians (once each), the reporter and recovery.
    const holders = new Map([...handlers, ...recipients.custodians.filter((c) => !excluded.includes(c.userId))].map((h) => [h.userId, h.boxPublicKey]));
    grants.push(sealGrantToReporter({ caseId, keyKind: 'concerned', key: concernedKey, wrapKey: reporter.wrapKey, signSecretKey: sign }));
    for (const [userId, box] of holders) grants.push(toBox('concerned', concernedKey, `user:${userId}`, box));
    if (org.recoveryPublicKey) grants.push(toBox('concerned', concernedKey, 'recovery', org.recoveryPublicKey));
  }

  return {
    caseSecret,
    reporter,
    sharedKey,
    identityKey,
    concernedKey,
    body: {
      caseId,
      channelId: args.channelId,
      categoryId: args.categoryId ?? null,
      lookupToken: toB64(reporter.lookupToken),
      reporterSignPublicKey: toB64(reporter.sign.publicKey),
      excludedUserIds: excluded,
      ...(content.answers ? { questionnaireId: content.answers.questionnaireId } : {}),
      items,
      grants,
    },
  };
}

/** Fetches what the portal needs, builds a report and submits it with a solved proof. */
export async function submitReport(
  t: TestApp,
  target: { slug: string; channelId: string },
  content: ReportContent = { title: 'T', body: 'B' },
  excludedUserIds: string[] = [],
): Promise<BuiltSubmission> {
  const org = await fetchOrganisation(t.http, target.slug);
  const recipients = await fetchRecipients(t.http, target.channelId);
  const built = buildSubmission({ org, channelId: target.channelId, recipients, content, excludedUserIds });
  await t.http
    .post('/api/public/reports')
    .send({ ...built.body, proof: await solveChallenge(t.http) })
    .expect(201);
  return built;
}

export interface StaffSessionInfo {
  cookie: string;
  csrfToken: string;
  /** Cookie and X-CSRF-Token, for `.set(staff.headers)`. */
  headers: { Cookie: string; 'X-CSRF-Token': string };
  userId: string;
  bundle: KeyBundle;
  signPublicKey: Uint8Array;
  boxPublicKey: Uint8Array;
}

/**
 * A TOTP code the test app will accept: the app's TOTP clock moves on one step
 * first, so logging in again is not refused as a replay.
 */
export function nextTotp(t: TestApp, secret: string): string {
  const clock = t.app.get(TotpClock);
  clock.advance(30_000);
  return totpFor(secret, 'test').generate({ timestamp: clock.now() });
}

/** The staff login of CRYPTO.md: prelogin, derive KEK and authKey, login with TOTP, unwrap the bundle. */
export async function loginStaff(t: TestApp, staff: { email: string; totpSecret: string }, password = TEST_PASSWORD): Promise<StaffSessionInfo> {
  const { http } = t;
  const email = staff.email;
  const pre = await http.post('/api/auth/prelogin').send({ email }).expect(200);
  const kdf = assertKdfParams(pre.body.kdf);
  const { kek, authKey } = deriveStaffKeys(password, fromB64(pre.body.salt as string, 16), kdf);
  const res = await http
    .post('/api/auth/login')
    .send({ email, authKey: toB64(authKey), totp: nextTotp(t, staff.totpSecret) })
    .expect(200);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('kanava_session='));
  if (!cookie) throw new Error('login set no session cookie');
  const csrfToken = res.body.csrfToken as string;
  return {
    cookie,
    csrfToken,
    headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken },
    userId: res.body.user.id as string,
    bundle: unwrapKeyBundle(fromB64(res.body.keyBundle as string), kek),
    signPublicKey: fromB64(res.body.user.signPublicKey as string, 32),
    boxPublicKey: fromB64(res.body.user.boxPublicKey as string, 32),
  };
}

/** What the invitee's browser does at activation: every key is made here, only public parts leave. */
export function activationBody(password: string, totp: string) {
  const keys = generateStaffKeys();
  const salt = randomBytes(16);
  const { kek, authKey } = deriveStaffKeys(password, salt, DEFAULT_STAFF_KDF);
  const recoveryKey = generateRecoveryKey();
  const { wrapKey, resetKey } = recoverySubkeys(recoveryKey);
  const bundle = { boxSecretKey: keys.box.secretKey, signSecretKey: keys.sign.secretKey, trust: {} };
  return {
    totp,
    boxPublicKey: toB64(keys.box.publicKey),
    signPublicKey: toB64(keys.sign.publicKey),
    salt: toB64(salt),
    kdf: DEFAULT_STAFF_KDF,
    authKey: toB64(authKey),
    keyBundle: toB64(wrapKeyBundle(bundle, kek)),
    recoveryKeyBundle: toB64(wrapKeyBundle(bundle, wrapKey)),
    recoveryResetKey: toB64(resetKey),
  };
}
