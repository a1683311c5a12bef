import { decodeWav, prepareVoiceMessage, prepareVoiceMessageAsync, resample, VOICE_SAMPLE_RATE, VoiceErrorCode } from './index';
import { seededRandom, syntheticVoice } from '../testing/signals';

describe('prepareVoiceMessage', () => {
  // What decodeAudioData gives: two channels at 48 kHz (1 s of the synthetic voice).
  const voice = syntheticVoice(undefined, 16000, 2).samples.subarray(4000, 20000);
  const left = resample(voice, 16000, 48000);
  const right = left.map((v) => v * 0.5);

  it('turns decoded stereo at 48 kHz into a disguised 16 kHz mono WAV at −1 dBFS, leaving the input as it was', () => {
    const copy = left.slice();
    const message = prepareVoiceMessage([left, right], 48000, { random: seededRandom(4) });
    expect(left).toEqual(copy);
    expect(message.sampleRate).toBe(VOICE_SAMPLE_RATE);
    expect(message.durationSeconds).toBeCloseTo(1, 3);
    expect(message.wav).toHaveLength(44 + 2 * 16000);
    const decoded = decodeWav(message.wav);
    expect(decoded.sampleRate).toBe(16000);
    expect(decoded.channels).toHaveLength(1);
    const peak = Math.max(...decoded.channels[0].map(Math.abs));
    expect(peak).toBeGreaterThan(0.88);
    expect(peak).toBeLessThanOrEqual(0.892);
  });

  it('gives the same message asynchronously, with progress, and can be cancelled', async () => {
    const progress: number[] = [];
    const message = await prepareVoiceMessageAsync([left, right], 48000, { random: seededRandom(4), onProgress: (f) => progress.push(f) });
    expect(message.wav).toEqual(prepareVoiceMessage([left, right], 48000, { random: seededRandom(4) }).wav);
    expect(progress.length).toBeGreaterThan(2);
    const controller = new AbortController();
    const pending = prepareVoiceMessageAsync([left], 48000, { random: seededRandom(4), signal: controller.signal, onProgress: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ code: VoiceErrorCode.Aborted });
  });
});
