import { openItem, toB64 } from '@kanava/crypto';
import { startTestApp, TestApp } from './helpers/app';
import {
  buildSubmission,
  fetchOrganisation,
  fetchRecipients,
  loginStaff,
  ReportContent,
  solveChallenge,
  StaffSessionInfo,
  submitReport,
} from './helpers/clients';
import { openAsHandler } from './browser/helpers/portal';
import { makeOrganisation, TestOrganisation } from './helpers/factories';

/** A small questionnaire: a yes-no question, one shown only on "yes", and a single choice. */
const QUESTIONS = [
  { id: 'ongoing', type: 'yes-no', required: true, label: { fi: 'Jatkuuko se yhä?', en: 'Is it still going on?' } },
  { id: 'since', type: 'date', required: false, label: { en: 'Since when?' }, showIf: { questionId: 'ongoing', equals: 'yes' } },
  {
    id: 'how',
    type: 'single-choice',
    required: true,
    label: { en: 'How do you know?' },
    help: { en: 'Choose the closest.' },
    options: [
      { id: 'saw', label: { en: 'I saw it myself', fi: 'Näin sen itse' } },
      { id: 'told', label: { en: 'Someone told me' } },
    ],
  },
];

describe('questionnaires per channel', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let admin: StaffSessionInfo;
  const url = () => `/api/admin/channels/${org.channelId}/questionnaire`;
  const rows = async () =>
    (await t.db.query('SELECT version FROM questionnaires WHERE channel_id = $1 ORDER BY version', [org.channelId])) as { version: number }[];

  beforeAll(async () => {
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1 });
    admin = await loginStaff(t, org.admins[0]);
  });
  afterAll(() => t.close());

  it('a channel without one has the plain report form', async () => {
    const res = await t.http.get(`/api/public/channels/${org.channelId}/questionnaire`).expect(200);
    expect(res.body).toEqual({ channelId: org.channelId, questionnaire: null });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await t.http.get(url()).set(admin.headers).expect(200)).body).toMatchObject({ current: null, versions: [] });
    await t.http.get('/api/public/channels/00000000-0000-4000-8000-000000000000/questionnaire').expect(404);
  });

  it.each([
    ['two questions with one id', [QUESTIONS[0], QUESTIONS[0]], 'duplicate_question_id'],
    ['a question without text', [{ ...QUESTIONS[0], label: { fi: '  ' } }], 'label_required'],
    ['a choice with one option', [{ ...QUESTIONS[2], options: [QUESTIONS[2].options![0]] }], 'options_required'],
    [
      'options on a text question',
      [{ id: 'x', type: 'short-text', required: false, label: { en: 'X' }, options: QUESTIONS[2].options }],
      'options_not_allowed',
    ],
    ['a condition on a later question', [QUESTIONS[1], QUESTIONS[0]], 'condition_unknown_question'],
    [
      'a condition on a date',
      [QUESTIONS[0], QUESTIONS[1], { ...QUESTIONS[1], id: 'y', showIf: { questionId: 'since', equals: 'yes' } }],
      'condition_not_choice',
    ],
    ['a condition on no answer', [QUESTIONS[0], { ...QUESTIONS[1], showIf: { questionId: 'ongoing', equals: 'maybe' } }], 'condition_unknown_value'],
    ['an unknown type', [{ ...QUESTIONS[0], type: 'slider' }], 'invalid_request'],
    ['a bad id', [{ ...QUESTIONS[0], id: 'Has Space' }], 'invalid_request'],
    ['51 questions', Array.from({ length: 51 }, (_, i) => ({ ...QUESTIONS[0], id: `q${i}` })), 'invalid_request'],
  ])('refuses %s with a clear 400 and saves nothing', async (_name, questions, code) => {
    const res = await t.http.put(url()).set(admin.headers).send({ questions }).expect(400);
    expect(res.body.error).toBe(code);
    expect(res.body.message).toEqual(expect.any(String));
    expect(await rows()).toEqual([]);
  });

  it('saving adds a version; the portal gets the newest; a case keeps the version it was answered with', async () => {
    const first = await t.http.put(url()).set(admin.headers).send({ questions: QUESTIONS }).expect(200);
    expect(first.body.current).toMatchObject({
      version: 1,
      questions: [{ id: 'ongoing', help: {}, options: [], showIf: null }, { id: 'since' }, { id: 'how' }],
    });
    const v1 = first.body.current.id as string;
    const asked = await t.http.get(`/api/public/channels/${org.channelId}/questionnaire`).expect(200);
    expect(asked.body.questionnaire).toEqual({ id: v1, version: 1, questions: first.body.current.questions, createdAt: expect.any(String) });

    const answers = {
      questionnaireId: v1,
      answers: [
        { questionId: 'ongoing', type: 'yes-no' as const, question: 'Is it still going on?', value: 'yes' },
        { questionId: 'since', type: 'date' as const, question: 'Since when?', value: '2026-01-15' },
        { questionId: 'how', type: 'single-choice' as const, question: 'How do you know?', value: 'I saw it myself' },
      ],
    };
    const old = await submitReport(t, org, { title: 'Answered with version 1', body: 'B', answers });

    const second = await t.http
      .put(url())
      .set(admin.headers)
      .send({ questions: [QUESTIONS[2]] })
      .expect(200);
    expect(second.body.current.version).toBe(2);
    expect(second.body.versions.map((v: { version: number; questions: number }) => [v.version, v.questions])).toEqual([
      [2, 1],
      [1, 3],
    ]);
    expect((await t.http.get(`/api/public/channels/${org.channelId}/questionnaire`).expect(200)).body.questionnaire.version).toBe(2);

    // The handler reads the old case: it names version 1, and the signed answers read as the reporter gave them.
    const { sharedKey, view } = await openAsHandler(t, org.handlers[0], old.body.caseId);
    expect((view as unknown as { questionnaire: unknown }).questionnaire).toEqual({ id: v1, version: 1 });
    const item = view.items.find((i) => i.kind === 'answers')!;
    expect(openItem(item, old.body.caseId, sharedKey, old.reporter.sign.publicKey)).toEqual(answers);
    // The reporter reads their own answers back on the follow-up.
    const followUp = await t.http
      .get('/api/public/case')
      .set('Authorization', `Bearer ${toB64(old.reporter.lookupToken)}`)
      .expect(200);
    const own = followUp.body.items.find((i: { kind: string }) => i.kind === 'answers');
    expect(openItem(own, old.body.caseId, sharedKey, old.reporter.sign.publicKey)).toEqual(answers);

    // No questions: back to the plain form, and the version list keeps all three.
    await t.http.put(url()).set(admin.headers).send({ questions: [] }).expect(200);
    expect((await t.http.get(`/api/public/channels/${org.channelId}/questionnaire`).expect(200)).body.questionnaire).toBeNull();
    expect(await rows()).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);

    const events = await t.db.query(`SELECT details FROM audit_events WHERE organisation_id = $1 AND action = 'channel.questionnaire_saved' ORDER BY seq`, [
      org.id,
    ]);
    expect(events.map((e: { details: unknown }) => e.details)).toEqual([
      { channelId: org.channelId, version: 1, questions: 3 },
      { channelId: org.channelId, version: 2, questions: 1 },
      { channelId: org.channelId, version: 3, questions: 0 },
    ]);
  });

  it("refuses answers without their version, a version without answers, and another channel's version; nothing is stored", async () => {
    const other = await makeOrganisation(t, { handlers: 1 });
    const otherAdmin = await loginStaff(t, other.admins[0]);
    const foreign = (
      await t.http.put(`/api/admin/channels/${other.channelId}/questionnaire`).set(otherAdmin.headers).send({ questions: QUESTIONS }).expect(200)
    ).body.current.id as string;
    const answers = { questionnaireId: foreign, answers: [{ questionId: 'how', type: 'single-choice' as const, question: 'How?', value: 'I saw it myself' }] };
    const before = (await t.db.query('SELECT count(*)::int AS n FROM cases'))[0].n;

    const build = async (content: ReportContent) =>
      buildSubmission({
        org: await fetchOrganisation(t.http, org.slug),
        channelId: org.channelId,
        recipients: await fetchRecipients(t.http, org.channelId),
        content,
      }).body as Record<string, unknown>;
    const refused = async (payload: Record<string, unknown>) =>
      (
        await t.http
          .post('/api/public/reports')
          .send({ ...payload, proof: await solveChallenge(t.http) })
          .expect(400)
      ).body.error;

    expect(await refused(await build({ title: 'T', body: 'B', answers }))).toBe('unknown_questionnaire');
    const { questionnaireId: _dropped, ...withoutVersion } = await build({ title: 'T', body: 'B', answers });
    expect(await refused(withoutVersion)).toBe('answers_without_questionnaire');
    expect(await refused({ ...(await build({ title: 'T', body: 'B' })), questionnaireId: foreign })).toBe('questionnaire_without_answers');
    expect((await t.db.query('SELECT count(*)::int AS n FROM cases'))[0].n).toBe(before);
  });

  it('only an admin designs questionnaires', async () => {
    for (const who of [org.handlers[0], org.auditors[0]]) {
      const session = await loginStaff(t, who);
      await t.http.get(url()).set(session.headers).expect(403);
      await t.http.put(url()).set(session.headers).send({ questions: [] }).expect(403);
    }
    await t.http.put(url()).send({ questions: [] }).expect(401);
  });
});
