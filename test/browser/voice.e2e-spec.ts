import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { decodeWav, encodeWav } from '@kanava/voice';
import { catalogs } from '../../apps/web/src/portal/i18n';
import { startTestApp, TestApp } from '../helpers/app';
import { RECORDED_EVENTS_SQL } from '../helpers/audit';
import { makeOrganisation, TestOrganisation } from '../helpers/factories';
import { CapturedRequest, ensureWebBuilt, expectAccessible, expectClean, findMarkers, launchChromium, recordedContext, screenshot } from './helpers/browser';
import { appOrigin, attachmentsAsHandler, caseIdByReference } from './helpers/portal';
import { signIn, staffText } from './helpers/staff';

const en = catalogs.en;
const staffEn = staffText.en;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);

const TITLE = 'VOICE-TITLE-MARKER-2c71e9';
const INPUT_RATE = 48000;

/**
 * What the fake microphone plays: 4 s of a voice-like buzz (a 130–170 Hz sawtooth
 * through a syllable-rate envelope), 16-bit mono at 48 kHz. Chromium loops it.
 */
function fakeVoice(): { wav: Uint8Array; pcm: Buffer } {
  const samples = new Float32Array(INPUT_RATE * 4);
  let phase = 0;
  for (let i = 0; i < samples.length; i++) {
    const time = i / INPUT_RATE;
    const f0 = 150 + 20 * Math.sin(2 * Math.PI * 0.7 * time);
    phase = (phase + f0 / INPUT_RATE) % 1;
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * time);
    samples[i] = 0.6 * envelope * (2 * phase - 1);
  }
  const wav = encodeWav(samples, INPUT_RATE);
  return { wav, pcm: Buffer.from(wav.subarray(44)) };
}

/** Byte strings that would show an audio file in the clear: WAV headers, WebM (EBML) and Ogg/Opus headers. */
const AUDIO_SIGNATURES = [Buffer.from('RIFF'), Buffer.from('WAVEfmt'), Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.from('OpusHead'), Buffer.from('OggS')];

function plaintextAudioIn(requests: CapturedRequest[], pcm: Buffer): string[] {
  const found: string[] = [];
  // Windows of the microphone's PCM, taken across the file: a recording sent as is would hold them.
  const windows = [0.1, 0.3, 0.5, 0.7, 0.9].map((at) => {
    const start = Math.floor((pcm.length * at) / 2) * 2;
    return pcm.subarray(start, start + 64);
  });
  for (const r of requests) {
    for (const signature of AUDIO_SIGNATURES) if (r.body.includes(signature)) found.push(`${signature.toString('hex')} in ${r.method} ${r.url}`);
    for (const w of windows) if (r.body.includes(w)) found.push(`microphone PCM in ${r.method} ${r.url}`);
  }
  return found;
}

/** Records until the recorder shows at least `seconds` (the fake device plays in real time), then stops. */
async function record(page: Page, seconds: number): Promise<void> {
  await page.getByRole('button', { name: en['voice.record'] }).click();
  const shown = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  await page.getByText(fill(en['voice.recording'], { time: shown })).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: en['voice.stop'] }).click();
  await page.getByTestId('voice-preview').waitFor({ timeout: 60_000 });
}

/** The <audio> element's state as the browser sees it, once it has read the file's header. */
async function audioState(page: Page, testId: string): Promise<{ duration: number; src: string; error: number | null }> {
  const audio = page.getByTestId(testId);
  await page.waitForFunction((el) => (el as HTMLAudioElement).readyState >= 1 || (el as HTMLAudioElement).error !== null, await audio.elementHandle(), {
    timeout: 30_000,
  });
  return audio.evaluate((el: HTMLAudioElement) => ({ duration: el.duration, src: el.currentSrc, error: el.error?.code ?? null }));
}

describe('voice messages in the browser (issue 20): recorded, disguised and encrypted in the portal, played in the console', () => {
  let t: TestApp;
  let org: TestOrganisation;
  let browser: Browser;
  let dir: string;
  let pcm: Buffer;
  let caseId: string;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestApp();
    org = await makeOrganisation(t, { handlers: 1, custodians: 1 });
    dir = mkdtempSync(path.join(tmpdir(), 'kanava-voice-'));
    const voice = fakeVoice();
    pcm = voice.pcm;
    const file = path.join(dir, 'microphone.wav');
    writeFileSync(file, voice.wav);
    browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${file}`]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an admin turns voice messages on for the channel in the console, and the portal reads it', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      // Off, as for any new channel: the portal offers no recorder.
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: en['home.report'] }).click();
      await page.getByLabel(en['report.subject'], { exact: true }).waitFor();
      expect(await page.getByTestId('voice-recorder').count()).toBe(0);
      expect(await page.getByRole('button', { name: en['voice.record'] }).count()).toBe(0);

      await page.goto(`${r.origin}/staff/admin/channels`);
      await signIn(page, t, org.admins[0]);
      await page.getByRole('heading', { level: 1, name: staffEn['admin.channels.title'] }).waitFor();
      const channel = page.locator(`section[data-channel-id="${org.channelId}"]`);
      const toggle = channel.getByLabel(staffEn['admin.channels.voiceEnabled'], { exact: true });
      await expect(toggle.isChecked()).resolves.toBe(false);
      await toggle.check();
      await channel.getByRole('button', { name: staffEn['admin.channels.saveSettings'] }).click();
      await channel.getByText(staffEn['admin.channels.settingsSaved']).waitFor();
      await expectAccessible(page, 'channels: voice messages on');
      expect((await t.db.query('SELECT voice_enabled FROM channels WHERE id = $1', [org.channelId]))[0].voice_enabled).toBe(true);
      const doc = await t.http.get(`/api/public/organisations/${org.slug}`).expect(200);
      expect(doc.body.channels[0]).toMatchObject({ id: org.channelId, voiceEnabled: true });
      expectClean(r);
    } finally {
      await r.close();
    }
  }, 120_000);

  it('a reporter records, hears the disguised version, discards, records again and sends it; no request holds audio in the clear; a follow-up adds another', async () => {
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    let reference: string;
    try {
      const page = r.page;
      await page.goto(`${r.origin}/r/${org.slug}`);
      await page.getByRole('button', { name: en['home.report'] }).click();
      await page.getByLabel(en['report.subject'], { exact: true }).fill(TITLE);
      // The explanation is there before anything is recorded.
      await page.getByText(en['voice.explain']).waitFor();
      await expect(page.getByText(en['voice.remains']).isVisible()).resolves.toBe(true);
      await expectAccessible(page, 'report form with the voice recorder');

      await record(page, 2);
      const first = await audioState(page, 'voice-preview');
      expect(first.error).toBeNull();
      expect(first.src).toMatch(/^blob:/);
      expect(first.duration).toBeGreaterThan(1);
      await expect(page.getByText(en['voice.listen']).isVisible()).resolves.toBe(true);
      await screenshot(page, 'voice-01-disguised-preview');
      await expectAccessible(page, 'disguised voice message ready');

      // Discarded: nothing is attached any more.
      await page.getByRole('button', { name: en['voice.discard'] }).click();
      await page.getByText(en['voice.discarded']).waitFor();
      expect(await page.getByTestId('voice-preview').count()).toBe(0);

      await record(page, 2);
      await page.getByRole('button', { name: en['voice.again'] }).click();
      await page.getByRole('button', { name: en['voice.stop'] }).waitFor();
      // The form does not send while the voice message is being recorded.
      await page.getByRole('button', { name: en['report.send'] }).click();
      await page.getByText(en['voice.errorBusy']).waitFor();
      expect(r.requests.filter((q) => q.url.endsWith('/api/public/reports'))).toEqual([]);
      await page.getByText(fill(en['voice.recording'], { time: '0:02' })).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: en['voice.stop'] }).click();
      await page.getByTestId('voice-preview').waitFor({ timeout: 60_000 });
      expect((await audioState(page, 'voice-preview')).error).toBeNull();

      // With a voice message the written text may stay empty.
      await page.getByRole('button', { name: en['report.send'] }).click();
      const secretBox = page.getByTestId('case-secret');
      await secretBox.waitFor({ timeout: 60_000 });
      reference = /: (.+)$/.exec((await page.getByText(en['secret.reference'].replace('{reference}', '')).textContent())!)![1];
      await page.getByLabel(en['secret.confirm'], { exact: true }).check();
      await page.getByRole('button', { name: en['secret.continue'] }).click();
      await page.getByTestId('case-status').waitFor();
      await page.getByText('voice-message.wav', { exact: false }).first().waitFor();

      // A follow-up voice message from the case page.
      await page.getByRole('heading', { level: 2, name: en['voice.title'] }).waitFor();
      await record(page, 2);
      await expectAccessible(page, 'follow-up voice message ready');
      await page.getByRole('button', { name: en['voice.send'] }).click();
      await page.getByText(en['voice.sent']).waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('voice-preview').count()).toBe(0);
      await screenshot(page, 'voice-02-follow-up-sent');
      expectClean(r);
    } finally {
      await r.close();
    }

    // Two uploads, both ciphertext: no WAV, WebM or Ogg header and no piece of the microphone's PCM in anything the browser sent.
    const uploads = r.requests.filter((q) => q.method === 'PUT' && q.url.includes('/content'));
    expect(uploads).toHaveLength(2);
    // The check itself finds a WAV sent as is.
    expect(plaintextAudioIn([{ method: 'PUT', url: '/probe', headers: {}, body: Buffer.concat([Buffer.from('RIFF....WAVEfmt '), pcm]) }], pcm)).not.toEqual([]);
    expect(plaintextAudioIn(r.requests, pcm)).toEqual([]);
    expect(findMarkers(r.requests, [TITLE])).toEqual([]);

    // The handler's keys open two disguised 16 kHz mono WAV files; neither holds the microphone's samples.
    caseId = await caseIdByReference(t, reference);
    // Each voice message carries the reporter's signed choice: by default, a transcript only (R28).
    expect(await t.db.query('SELECT choice FROM voice_consents WHERE case_id = $1', [caseId])).toEqual([
      { choice: 'transcript-only' },
      { choice: 'transcript-only' },
    ]);
    const files = await attachmentsAsHandler(t, org.handlers[0], caseId);
    expect([...files.keys()]).toEqual(['voice-message.wav']);
    const rows = (await t.db.query('SELECT count(*)::int AS n FROM attachments WHERE case_id = $1', [caseId])) as { n: number }[];
    expect(rows[0].n).toBe(2);
    for (const wav of files.values()) {
      const decoded = decodeWav(new Uint8Array(wav));
      expect(decoded.sampleRate).toBe(16000);
      expect(decoded.channels).toHaveLength(1);
      expect(decoded.channels[0].length / 16000).toBeGreaterThan(1);
      expect(wav.includes(pcm.subarray(48000, 48064))).toBe(false);
    }
  }, 240_000);

  it('a browser that refuses the microphone gets a clear message and the report form stays usable', async () => {
    // Without the fake permission prompt, headless Chromium refuses getUserMedia as a person pressing "Block" would.
    const refusing = await launchChromium(['--use-fake-device-for-media-stream']);
    try {
      const r = await recordedContext(refusing, appOrigin(t), 'en-GB');
      try {
        const page = r.page;
        await page.goto(`${r.origin}/r/${org.slug}`);
        await page.getByRole('button', { name: en['home.report'] }).click();
        await page.getByRole('button', { name: en['voice.record'] }).click();
        await page.getByRole('alert').filter({ hasText: en['voice.errorPermission'] }).waitFor({ timeout: 30_000 });
        await expect(page.getByRole('button', { name: en['voice.record'] }).isEnabled()).resolves.toBe(true);
        expect(await page.getByTestId('voice-preview').count()).toBe(0);
        await expectAccessible(page, 'microphone refused');
        expect(r.requests.filter((q) => q.method === 'PUT' || q.method === 'POST')).toEqual([]);
        expectClean(r);
      } finally {
        await r.close();
      }
    } finally {
      await refusing.close();
    }
  }, 120_000);

  it('the handler plays the voice message in the console, decrypted in the browser, with its length; it is audited as an attachment view', async () => {
    const attachmentIds = ((await t.db.query('SELECT id FROM attachments WHERE case_id = $1 ORDER BY created_at', [caseId])) as { id: string }[]).map(
      (a) => a.id,
    );
    const viewsBefore = async () =>
      Number(
        (await t.db.query(`SELECT count(*)::int AS n FROM ${RECORDED_EVENTS_SQL} e WHERE action = 'attachment.downloaded' AND case_id = $1`, [caseId]))[0].n,
      );
    const before = await viewsBefore();
    const r = await recordedContext(browser, appOrigin(t), 'en-GB');
    try {
      const page = r.page;
      await page.goto(`${r.origin}/staff/cases/${caseId}`);
      await signIn(page, t, org.handlers[0]);
      await page.getByTestId('report-title').waitFor();
      const attachments = page.getByTestId('attachments');
      await attachments.getByText('voice-message.wav', { exact: true }).first().waitFor();
      const row = attachments.locator(`li[data-attachment-id="${attachmentIds[0]}"]`);
      await row.getByRole('button', { name: fill(staffEn['attachments.play'], { name: 'voice-message.wav' }) }).click();
      await page.getByText(fill(staffEn['attachments.voiceReady'], { name: 'voice-message.wav' })).waitFor({ timeout: 60_000 });
      const player = await audioState(page, 'voice-player');
      expect(player.error).toBeNull();
      expect(player.src).toMatch(/^blob:/);
      expect(player.duration).toBeGreaterThan(1);
      await expect(row.getByTestId('voice-duration').textContent()).resolves.toMatch(/^length \d+:\d\d$/);
      await expect(row.getByText(staffEn['attachments.voiceDisguised']).isVisible()).resolves.toBe(true);
      await screenshot(page, 'voice-03-console-player');
      await expectAccessible(page, 'console: voice message playing');
      expectClean(r);
    } finally {
      await r.close();
    }
    expect(await viewsBefore()).toBe(before + 1);
  }, 120_000);
});
