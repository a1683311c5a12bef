import { randomBytes, randomUUID } from 'node:crypto';
import { decryptAttachmentStream, encryptItem, fromB64, openBoxGrant, openItem, boxPublicKeyFromSecret, toB64, WireGrant, WireItem } from '@kanava/crypto';
import { Case, CaseGrant, CaseItem, grantToWire, itemToWire } from '@kanava/database';
import { ProvisioningService } from '@kanava/staff';
import type { Page } from 'playwright-core';
import { catalogs as portalCatalogs } from '../../../apps/web/src/portal/i18n';
import type { TestApp } from '../../helpers/app';
import { loginStaff } from '../../helpers/clients';
import { signDirectory, TEST_PASSWORD, type TestOrganisation, type TestStaff } from '../../helpers/factories';

/** A reporter opens their case in the portal with the case secret, as a person does (English labels). */
export async function openFollowUp(page: Page, origin: string, slug: string, caseSecret: string): Promise<void> {
  const en = portalCatalogs.en;
  await page.goto(`${origin}/r/${slug}`);
  await page.getByRole('button', { name: en['home.followUp'] }).click();
  await page.getByLabel(en['followUp.secret'], { exact: true }).fill(caseSecret);
  await page.getByRole('button', { name: en['followUp.open'] }).click();
  await page.getByTestId('case-status').waitFor({ timeout: 30_000 });
}

/** The test app's own origin. */
export function appOrigin(t: TestApp): string {
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

export async function caseIdByReference(t: TestApp, reference: string): Promise<string> {
  const rows = (await t.db.query('SELECT id FROM cases WHERE reference = $1', [reference])) as { id: string }[];
  if (rows.length !== 1) throw new Error(`no case with reference ${reference}`);
  return rows[0].id;
}

/** What a handler's browser does to read a case: log in, fetch it, open their shared-key grant. */
export async function openAsHandler(t: TestApp, handler: TestStaff, caseId: string) {
  const staff = await loginStaff(t, handler);
  const res = await t.http.get(`/api/staff/cases/${caseId}`).set(staff.headers).expect(200);
  const grant = (res.body.grants as WireGrant[]).find((g) => g.keyKind === 'shared' && g.grantee === `user:${staff.userId}`);
  if (!grant) throw new Error('the handler holds no shared grant');
  const box = { publicKey: boxPublicKeyFromSecret(staff.bundle.boxSecretKey), secretKey: staff.bundle.boxSecretKey };
  const sharedKey = openBoxGrant(grant, caseId, box);
  return { staff, sharedKey, view: res.body as { items: (WireItem & { signerPublicKey: string })[] } };
}

/** A handler's signed, encrypted reply, posted through the staff API as the staff console will. */
export async function postHandlerReply(t: TestApp, handler: TestStaff, caseId: string, text: string): Promise<void> {
  const { staff, sharedKey } = await openAsHandler(t, handler, caseId);
  const item = encryptItem({
    caseId,
    kind: 'message-handler',
    itemId: randomUUID(),
    key: sharedKey,
    signSecretKey: staff.bundle.signSecretKey,
    value: { text },
  });
  await t.http.post(`/api/staff/cases/${caseId}/messages`).set(staff.headers).send(item).expect(201);
}

/** Downloads and decrypts every attachment of a case with a handler's keys: name → plaintext. */
export async function attachmentsAsHandler(t: TestApp, handler: TestStaff, caseId: string): Promise<Map<string, Buffer>> {
  const { staff, sharedKey } = await openAsHandler(t, handler, caseId);
  const list = await t.http.get(`/api/staff/cases/${caseId}/attachments`).set(staff.headers).expect(200);
  const out = new Map<string, Buffer>();
  const rows = (Array.isArray(list.body) ? list.body : list.body.attachments) as {
    attachmentId: string;
    meta: WireItem & { signerPublicKey: string };
    fileKey: WireItem & { signerPublicKey: string };
  }[];
  for (const a of rows) {
    const meta = openItem<{ name: string; size: number }>(a.meta, caseId, sharedKey, fromB64(a.meta.signerPublicKey, 32));
    const key = openItem<{ key: string }>(a.fileKey, caseId, sharedKey, fromB64(a.fileKey.signerPublicKey, 32));
    const content = await t.http
      .get(`/api/staff/cases/${caseId}/attachments/${a.attachmentId}/content`)
      .set(staff.headers)
      .buffer(true)
      .parse((res, cb) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200);
    const plain: Buffer[] = [];
    async function* once() {
      yield new Uint8Array(content.body as Buffer);
    }
    for await (const p of decryptAttachmentStream(once(), { fileKey: fromB64(key.key, 32), caseId, attachmentId: a.attachmentId, trueSize: meta.size }))
      plain.push(Buffer.from(p));
    out.set(meta.name, Buffer.concat(plain));
  }
  return out;
}

/**
 * A small JPEG-shaped file: JFIF header, an EXIF segment holding `exifMarker` (as a
 * camera would write GPS data), and scan data holding `pixelMarker`. The portal must
 * remove the first and keep the second.
 */
export function jpegWithExif(exifMarker: string, pixelMarker: string): Buffer {
  const segment = (marker: number, payload: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(0xff00 | marker, 0);
    head.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([head, payload]);
  };
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, Buffer.from(`Exif\0\0GPS ${exifMarker}`, 'latin1')),
    segment(0xdb, Buffer.alloc(65, 1)),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from(`scan ${pixelMarker} scan`, 'latin1'),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** Another channel of an organisation, with its own handlers and custodians (makeOrganisation makes one). */
export async function addChannel(
  t: TestApp,
  org: TestOrganisation,
  name: string,
  counts: { handlers: number; custodians: number },
): Promise<{ channelId: string; handlers: TestStaff[]; custodians: TestStaff[] }> {
  const provisioning = new ProvisioningService(t.db, t.config);
  const { channel } = await provisioning.createChannel({ organisationId: org.id, name, allowAnonymous: true, categories: ['Fraud'] });
  const make = async (role: 'handler' | 'custodian', i: number): Promise<TestStaff> => {
    const tag = randomBytes(4).toString('hex');
    const email = `${role}${i}-${tag}@example.test`;
    const displayName = `${name} ${role} ${i}`;
    const created = await provisioning.createStaffUser({
      organisationId: org.id,
      email,
      displayName,
      password: TEST_PASSWORD,
      roles: [role],
      channelIds: [channel.id],
    });
    await t.db.query('UPDATE staff_users SET confidentiality_accepted_at = now(), confidentiality_version = 1 WHERE id = $1', [created.user.id]);
    return {
      id: created.user.id,
      email,
      displayName,
      roles: [role],
      totpSecret: created.totpSecret,
      backupCodes: created.backupCodes,
      recoveryKey: toB64(created.recoveryKey),
    };
  };
  const handlers: TestStaff[] = [];
  for (let i = 0; i < counts.handlers; i++) handlers.push(await make('handler', i));
  const custodians: TestStaff[] = [];
  for (let i = 0; i < counts.custodians; i++) custodians.push(await make('custodian', i));
  // Listed in the organisation's key directory, as an admin signs new accounts in.
  await signDirectory(t, org);
  return { channelId: channel.id, handlers, custodians };
}

/**
 * The reporter's identity as a custodian's client opens it: the custodian's own
 * identity-key grant (read from the database, as the staff console receives it),
 * opened with their box key, then the identity item, whose signature must be the
 * case's reporter key.
 */
export async function identityAsCustodian(t: TestApp, custodian: TestStaff, caseId: string): Promise<unknown> {
  const staff = await loginStaff(t, custodian);
  const grant = await t.db.getRepository(CaseGrant).findOneOrFail({ where: { caseId, keyKind: 'identity', granteeUserId: staff.userId } });
  const item = await t.db.getRepository(CaseItem).findOneOrFail({ where: { caseId, kind: 'identity' } });
  const reported = await t.db.getRepository(Case).findOneOrFail({ where: { id: caseId } });
  const box = { publicKey: boxPublicKeyFromSecret(staff.bundle.boxSecretKey), secretKey: staff.bundle.boxSecretKey };
  const key = openBoxGrant(grantToWire(grant) as WireGrant, caseId, box);
  return openItem(itemToWire(item) as WireItem, caseId, key, reported.reporterSignPublicKey);
}
