// The voice disguise on a 3-minute recording, single thread, in Node (`npm run bench -- voice`):
// the espeak-ng fixture of libs/voice (a Finnish sentence) repeated to 3 minutes at 48 kHz,
// two channels (what AudioContext.decodeAudioData gives the portal), through
// prepareVoiceMessageAsync: downmix, resample to 16 kHz, disguise, normalise, WAV.
//   voice_realtime_factor      seconds of 48 kHz audio processed per second of CPU time
//   voice_disguise_ms_per_min  CPU ms per minute of audio (Node on this machine, not a browser)
//   voice_peak_heap_mb         peak of heap plus typed-array memory above the idle baseline,
//                              sampled between the slices of work (input buffers included)
//   voice_wav_bytes_per_min    size of the disguised WAV per minute (16 kHz, 16-bit, mono)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const SECONDS = Number(process.env.KANAVA_BENCH_VOICE_SECONDS ?? 180);
const RATE = 48000;

export async function benchVoice(root) {
  const voice = createRequire(import.meta.url)(path.join(root, 'dist', 'libs', 'voice', 'src', 'index.js'));
  const fixture = voice.decodeWav(new Uint8Array(readFileSync(path.join(root, 'libs', 'voice', 'testing', 'fixtures', 'espeak-fi.wav'))));
  const sentence = voice.resample(fixture.channels[0], fixture.sampleRate, RATE);
  const left = new Float32Array(SECONDS * RATE);
  for (let at = 0; at < left.length; at += sentence.length) left.set(sentence.subarray(0, Math.min(sentence.length, left.length - at)), at);
  const right = left.map((v) => v * 0.9);
  const { randomBytes } = await import('node:crypto');
  const random = (n) => new Uint8Array(randomBytes(n));

  const memory = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  globalThis.gc?.();
  const baseline = memory();
  let peak = baseline;
  const cpuBefore = process.cpuUsage();
  const message = await voice.prepareVoiceMessageAsync([left, right], RATE, { random, onProgress: () => (peak = Math.max(peak, memory())) });
  const cpu = process.cpuUsage(cpuBefore);
  peak = Math.max(peak, memory());
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`voice_realtime_factor: ${(SECONDS / cpuSeconds).toFixed(1)}`);
  console.log(`voice_disguise_ms_per_min: ${Math.round((cpuSeconds * 1000 * 60) / SECONDS)}`);
  console.log(`voice_peak_heap_mb: ${((peak - baseline) / 2 ** 20).toFixed(1)}`);
  console.log(`voice_wav_bytes_per_min: ${Math.round((message.wav.length * 60) / SECONDS)}`);
}
