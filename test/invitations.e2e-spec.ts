import { totpFor, TotpClock } from '@kanava/staff';
import { startTestApp, TestApp } from './helpers/app';
import { activationBody, loginStaff } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { startSmtpSink, waitForMail } from './helpers/smtp-sink';

describe('invitations and activation', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ KANAVA_SMTP_URL: smtp.url, KANAVA_MAIL_FROM: 'kanava@example.test' });
    org = await makeOrganisation(t, { handlers: 1, custodians: 0 });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const now = () => t.app.get(TotpClock).now();

  it('an admin invites by e-mail; the invitee activates with keys made in the client and signs in', async () => {
    const admin = await loginStaff(t, org.admins[0]);
    const email = `new-${org.slug}@example.test`;
    const invited = await t.http
      .post('/api/admin/invitations')
      .set(admin.headers)
      .send({ email, displayName: 'Uusi Käsittelijä', roles: ['handler'], designations: [{ channelId: org.channelId, role: 'handler' }] })
      .expect(201);
    expect(invited.body).toMatchObject({ mailed: true });
    expect(invited.body.activationUrl).toBeUndefined(); // the link goes only to the invitee

    const mail = await waitForMail(smtp.mails, email);
    const token = /\/staff\/activate#([A-Za-z0-9_-]{43})/.exec(mail.raw.replace(/=\r?\n/g, ''))![1];
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM staff_invitations WHERE token_hash = $1', [Buffer.from(token)]);
    expect(n).toBe(0); // only the hash is stored

    const described = await t.http.get(`/api/auth/invitations/${token}`).expect(200);
    expect(described.body).toMatchObject({ email, displayName: 'Uusi Käsittelijä', roles: ['handler'] });
    const { body: totp } = await t.http.post(`/api/auth/invitations/${token}/totp`).expect(200);
    expect(totp.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);

    const password = 'syksyn ensimmäinen lumi 2026';
    const wrongCode = await t.http.post(`/api/auth/invitations/${token}/activate`).send(activationBody(password, '000000'));
    expect(wrongCode.body.error).toBe('totp_invalid');
    const activationCode = totpFor(totp.secret, 'x').generate({ timestamp: now() });
    const body = activationBody(password, activationCode);
    const activated = await t.http.post(`/api/auth/invitations/${token}/activate`).send(body).expect(201);
    expect(activated.body.backupCodes).toHaveLength(10);

    // Single use.
    const reuse = await t.http.get(`/api/auth/invitations/${token}`);
    expect({ status: reuse.status, error: reuse.body.error }).toEqual({ status: 404, error: 'invitation_invalid' });
    const reactivate = await t.http.post(`/api/auth/invitations/${token}/activate`).send(activationBody(password, '123456'));
    expect(reactivate.status).toBe(404);

    // The activation code is spent: it does not sign in within its time step.
    const replay = await t.http.post('/api/auth/login').send({ email, authKey: body.authKey, totp: activationCode });
    expect(replay.status).toBe(401);
    const session = await loginStaff(t, { email, totpSecret: totp.secret }, password);
    expect(session.userId).toBe(activated.body.userId);
    const review = await t.http.get('/api/admin/access-review').set(admin.headers).expect(200);
    const row = review.body.designations.find((d: { userId: string }) => d.userId === session.userId);
    expect(row).toMatchObject({
      channelId: org.channelId,
      role: 'handler',
      designatedBy: org.admins[0].id,
      casesGranted: 0,
      createdVia: 'invitation',
      createdByOperator: null,
    });
  });

  it('lists open invitations and withdraws one, whose link then stops working', async () => {
    const admin = await loginStaff(t, org.admins[0]);
    const email = `withdrawn-${org.slug}@example.test`;
    const invited = await t.http
      .post('/api/admin/invitations')
      .set(admin.headers)
      .send({ email, displayName: 'W', roles: ['auditor'], designations: [] })
      .expect(201);
    const mail = await waitForMail(smtp.mails, email);
    const token = /\/staff\/activate#([A-Za-z0-9_-]{43})/.exec(mail.raw.replace(/=\r?\n/g, ''))![1];
    const open = await t.http.get('/api/admin/invitations').set(admin.headers).expect(200);
    expect(open.body.find((i: { id: string }) => i.id === invited.body.invitationId)).toMatchObject({ email, roles: ['auditor'], invitedBy: org.admins[0].id });
    await t.http.delete(`/api/admin/invitations/${invited.body.invitationId}`).set(admin.headers).expect(204);
    expect((await t.http.get(`/api/auth/invitations/${token}`)).status).toBe(404);
    expect((await t.http.delete(`/api/admin/invitations/${invited.body.invitationId}`).set(admin.headers)).status).toBe(404);
  });

  it('refuses an expired invitation', async () => {
    const admin = await loginStaff(t, org.admins[0]);
    const email = `late-${org.slug}@example.test`;
    await t.http
      .post('/api/admin/invitations')
      .set(admin.headers)
      .send({ email, displayName: 'Late', roles: ['auditor'], designations: [] })
      .expect(201);
    const mail = await waitForMail(smtp.mails, email);
    const token = /\/staff\/activate#([A-Za-z0-9_-]{43})/.exec(mail.raw.replace(/=\r?\n/g, ''))![1];
    await t.db.query("UPDATE staff_invitations SET expires_at = now() - interval '1 minute' WHERE email = $1", [email]);
    const res = await t.http.post(`/api/auth/invitations/${token}/totp`);
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 404, error: 'invitation_invalid' });
  });

  it('refuses invitations that make no sense, and changes nothing', async () => {
    const admin = await loginStaff(t, org.admins[0]);
    const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM staff_invitations WHERE organisation_id = $1', [org.id]))[0].n as number;
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ email: org.handlers[0].email, displayName: 'Dup', roles: ['handler'], designations: [] }, 'email_taken'],
      [
        { email: 'x@example.test', displayName: 'X', roles: ['auditor'], designations: [{ channelId: org.channelId, role: 'handler' }] },
        'designation_needs_role',
      ],
      [{ email: 'y@example.test', displayName: 'Y', roles: ['wizard'], designations: [] }, 'invalid_request'],
      [{ email: 'w@example.test', displayName: '   ', roles: ['auditor'], designations: [] }, 'invalid_request'],
      [
        {
          email: 'z@example.test',
          displayName: 'Z',
          roles: ['handler'],
          designations: [{ channelId: '00000000-0000-4000-8000-000000000000', role: 'handler' }],
        },
        'channel_not_found',
      ],
    ];
    for (const [body, error] of cases) {
      const res = await t.http.post('/api/admin/invitations').set(admin.headers).send(body);
      expect({ error: res.body.error, client: res.status >= 400 && res.status < 500 }).toEqual({ error, client: true });
    }
    expect(await count()).toBe(before);
  });
});
