// The voice disguise of a 3-minute recording in Chromium (`npm run bench -- voice-chromium`): the
// same input as scripts/bench-voice.mjs (the espeak-ng fixture of libs/voice repeated to 3 minutes at
// 48 kHz, two channels, what AudioContext.decodeAudioData gives the portal) through
// prepareVoiceMessageAsync, as the portal calls it, on the page's main thread in Debian's chromium
// (headless, driven by playwright-core as the browser tests are). libs/voice is bundled by Vite for
// the page exactly as the portal build bundles it.
//   voice_disguise_ms_per_min_chromium  wall-clock ms of prepareVoiceMessageAsync per minute of audio
//                                       (slices and their yields included: what a reporter waits)
//   voice_wav_bytes_per_min             size of the disguised WAV per minute (16 kHz, 16-bit, mono)
import { readFileSync } from 'node:fs';
import path from 'node:path';

const SECONDS = Number(process.env.KANAVA_BENCH_VOICE_SECONDS ?? 180);
const RATE = 48000;
const CHROMIUM = process.env.KANAVA_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** libs/voice as one classic script that defines `KanavaVoice` (no module loading, no network). */
async function bundleVoice(root) {
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry: path.join(root, 'libs', 'voice', 'src', 'index.ts'), formats: ['iife'], name: 'KanavaVoice', fileName: () => 'voice.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const chunk = outputs.find((o) => o.type === 'chunk');
  if (!chunk) throw new Error('vite produced no bundle of libs/voice');
  return chunk.code;
}

export async function benchVoiceChromium(root) {
  const code = await bundleVoice(root);
  const fixture = readFileSync(path.join(root, 'libs', 'voice', 'testing', 'fixtures', 'espeak-fi.wav')).toString('base64');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    await page.addScriptTag({ content: code });
    const result = await page.evaluate(
      async ({ fixture, seconds, rate }) => {
        const voice = globalThis.KanavaVoice;
        const bytes = Uint8Array.from(atob(fixture), (c) => c.charCodeAt(0));
        const decoded = voice.decodeWav(bytes);
        const sentence = voice.resample(decoded.channels[0], decoded.sampleRate, rate);
        const left = new Float32Array(seconds * rate);
        for (let at = 0; at < left.length; at += sentence.length) left.set(sentence.subarray(0, Math.min(sentence.length, left.length - at)), at);
        const right = left.map((v) => v * 0.9);
        const started = performance.now();
        const message = await voice.prepareVoiceMessageAsync([left, right], rate, {
          random: (n) => crypto.getRandomValues(new Uint8Array(n)),
          onProgress: () => undefined,
        });
        const ms = performance.now() - started;
        return { ms, wavBytes: message.wav.length, durationSeconds: message.durationSeconds };
      },
      { fixture, seconds: SECONDS, rate: RATE },
    );
    if (Math.abs(result.durationSeconds - SECONDS) > 0.1) throw new Error(`the disguised message lasts ${result.durationSeconds} s, not ${SECONDS} s`);
    console.log(`voice_disguise_ms_per_min_chromium: ${Math.round((result.ms * 60) / SECONDS)}`);
    console.log(`voice_wav_bytes_per_min: ${Math.round((result.wavBytes * 60) / SECONDS)}`);
  } finally {
    await browser.close();
  }
}
