import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  decodeWav,
  disguiseVoice,
  disguiseVoiceAsync,
  disguiseVoiceWith,
  drawDisguiseParameters,
  isVoiceError,
  OUTPUT_LIMIT,
  resample,
  VoiceErrorCode,
} from './index';
import type { DisguiseParameters } from './index';
import * as S from '../testing/signals';

const RATE = 16000;
const voice = S.syntheticVoice(S.phrase(), RATE, 1); // ≈ 2.9 s
const vowels = voice.segments.filter((s) => s.kind === 'vowel');
const fricatives = voice.segments.filter((s) => s.kind === 'fricative');

/** Mel-cepstral distortion (dB) of a spectrogram against the original's, over the original's speech frames. */
function distanceFrom(original: Float32Array): (frames: Float64Array[]) => number {
  const spectra = S.logSpectrogram(original, RATE);
  const mask = S.speechFrames(spectra);
  const cepstra = S.melCepstra(spectra, RATE);
  return (frames) => S.melCepstralDistortion(cepstra, S.melCepstra(frames, RATE), mask);
}

function voicedShare(x: Float32Array, start: number, end: number): number {
  const track = S.f0Track(x, RATE, start, end);
  return track.filter((f) => !Number.isNaN(f)).length / track.length;
}

describe('disguiseVoice on a synthetic voice (glottal pulses through formant resonators, with pauses)', () => {
  const cases = [1, 2].map((seed) => {
    const parameters = drawDisguiseParameters(S.seededRandom(seed));
    return { seed, parameters, output: disguiseVoiceWith(voice.samples, RATE, parameters) };
  });

  it('keeps the length, and no sample is NaN or outside the output limit', () => {
    for (const { output } of cases) {
      expect(output).toHaveLength(voice.samples.length);
      expect(output.every((v) => Number.isFinite(v) && Math.abs(v) <= OUTPUT_LIMIT)).toBe(true);
    }
  });

  it('moves the median F0 by the drawn pitch factor (within the drift of the map, 6 %)', () => {
    const before = S.medianF0Of(voice.samples, RATE, 0, voice.samples.length);
    expect(before).toBeGreaterThan(100);
    for (const { parameters, output } of cases) {
      expect(Math.abs(parameters.pitchFactor - 1)).toBeGreaterThan(0.18); // at least 3 semitones
      const ratio = S.medianF0Of(output, RATE, 0, output.length) / before;
      expect(Math.abs(ratio / parameters.pitchFactor - 1)).toBeLessThan(0.06);
    }
  });

  it('moves F0 by exactly the configured factor when the map has no intonation change or drift (2 %)', () => {
    const p: DisguiseParameters = { ...cases[0].parameters, pitchFactor: 0.8, intonation: 1, pitchDrift: { depth: 0, rate: 0, phase: 0 } };
    const output = disguiseVoiceWith(voice.samples, RATE, p);
    for (const v of vowels) {
      const ratio = S.medianF0Of(output, RATE, v.start, v.end) / S.medianF0Of(voice.samples, RATE, v.start, v.end);
      expect(Math.abs(ratio / 0.8 - 1)).toBeLessThan(0.02);
    }
  });

  it('moves the formant peaks in the direction of the drawn formant factor', () => {
    const a = vowels[0];
    const before = S.formantPeaks(voice.samples, RATE, a.start, a.end, 3);
    expect(before[1]).toBeGreaterThan(1000);
    expect(before[1]).toBeLessThan(1200);
    for (const { parameters, output } of cases) {
      const after = S.formantPeaks(output, RATE, a.start, a.end, 3);
      const ratios = [1, 2].map((i) => after[i] / before[i]);
      const mean = (ratios[0] + ratios[1]) / 2;
      expect(Math.sign(mean - 1)).toBe(Math.sign(parameters.formantFactor - 1));
      expect(Math.abs(mean - 1)).toBeGreaterThan(0.04);
    }
  });

  it('keeps the energy envelope: speech and pauses at the same times and levels (within 3 dB)', () => {
    const before = S.levelsDb(voice.samples, RATE, 0.05);
    for (const { output } of cases) {
      const after = S.levelsDb(output, RATE, 0.05);
      before.forEach((level, i) => {
        if (level > -45) expect(Math.abs(after[i] - level)).toBeLessThan(3);
        else expect(after[i]).toBeLessThan(-55);
      });
    }
  });

  it('keeps voiced segments voiced and fricatives unvoiced', () => {
    for (const { output } of cases) {
      for (const v of vowels) expect(voicedShare(output, v.start, v.end)).toBeGreaterThan(0.8);
      for (const f of fricatives) expect(voicedShare(output, f.start, f.end)).toBeLessThan(0.5);
    }
  });

  it('has no clicks at frame edges: the sample-to-sample steps there are no larger than elsewhere', () => {
    const hop = RATE / 100;
    for (const { output } of cases) {
      let edge = 0;
      let edges = 0;
      let other = 0;
      let others = 0;
      for (let n = 1; n < output.length; n++) {
        const step = Math.abs(output[n] - output[n - 1]);
        if (n % hop === 0) {
          edge += step;
          edges++;
        } else {
          other += step;
          others++;
        }
      }
      expect(edge / edges / (other / others)).toBeLessThan(1.3);
    }
  });

  it('is not undone by the simple inverse, while a plain pitch shift is (mel-cepstral distortion, dB)', () => {
    const distance = distanceFrom(voice.samples);
    for (const { parameters: p, output } of cases) {
      // Baseline: a plain pitch shift, undone by the same shift with 1/factor, comes back within 12 dB.
      const shifted = S.plainPitchShift(voice.samples, RATE, p.pitchFactor);
      const undone = distance(S.logSpectrogram(S.plainPitchShift(shifted, RATE, 1 / p.pitchFactor), RATE));
      expect(undone).toBeLessThan(12);
      // The disguise, given the same inverse pitch shift, or an ideal inverse of pitch and formant shift, stays beyond 15 dB.
      const audioInverse = distance(S.logSpectrogram(S.plainPitchShift(output, RATE, 1 / p.pitchFactor), RATE));
      const idealInverse = distance(S.idealInverse(S.logSpectrogram(output, RATE), p.pitchFactor, p.formantFactor));
      expect(audioInverse).toBeGreaterThan(15);
      expect(idealInverse).toBeGreaterThan(15);
      expect(Math.min(audioInverse, idealInverse)).toBeGreaterThan(1.5 * undone);
    }
  });

  it('gives the same output for the same random stream and different output for another', () => {
    const short = voice.samples.subarray(0, RATE);
    const a = disguiseVoice(short, RATE, { random: S.seededRandom(7) });
    const b = disguiseVoice(short, RATE, { random: S.seededRandom(7) });
    const c = disguiseVoice(short, RATE, { random: S.seededRandom(8) });
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    let difference = 0;
    for (let i = 0; i < a.length; i++) difference += (a[i] - c[i]) ** 2;
    expect(difference).toBeGreaterThan(1e-3);
  });

  it('does not write to its input, and the async version gives the same output with progress', async () => {
    const short = voice.samples.slice(0, RATE);
    const copy = short.slice();
    const progress: number[] = [];
    const a = await disguiseVoiceAsync(short, RATE, { random: S.seededRandom(3), onProgress: (f) => progress.push(f) });
    expect(short).toEqual(copy);
    expect(a).toEqual(disguiseVoice(short, RATE, { random: S.seededRandom(3) }));
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1]))).toBe(true);
  });

  it('stays inside the output limit for a recording at full scale', () => {
    const loud = voice.samples.map((v) => v * 1.99);
    const output = disguiseVoiceWith(loud.subarray(0, RATE), RATE, cases[0].parameters);
    expect(Math.max(...output.map(Math.abs))).toBeLessThanOrEqual(OUTPUT_LIMIT);
  });

  it('refuses bad input with a coded error', async () => {
    const random = S.seededRandom(1);
    const expectCode = (f: () => unknown, code: VoiceErrorCode) => {
      let caught: unknown;
      try {
        f();
      } catch (error) {
        caught = error;
      }
      expect(isVoiceError(caught, code)).toBe(true);
    };
    expectCode(() => disguiseVoice(new Float32Array([0, NaN]), RATE, { random }), VoiceErrorCode.BadSamples);
    expectCode(() => disguiseVoice([0.1] as unknown as Float32Array, RATE, { random }), VoiceErrorCode.BadSamples);
    expectCode(() => disguiseVoice(new Float32Array(10), 96000, { random }), VoiceErrorCode.BadSampleRate);
    expectCode(() => disguiseVoice(new Float32Array(10), 4000, { random }), VoiceErrorCode.BadSampleRate);
    expectCode(() => disguiseVoice(new Float32Array(10), RATE, { random: () => new Uint8Array(1) }), VoiceErrorCode.BadRandom);
    expectCode(() => disguiseVoiceWith(new Float32Array(10), RATE, { ...drawDisguiseParameters(random), pitchFactor: 3 }), VoiceErrorCode.BadParameters);
    const controller = new AbortController();
    controller.abort();
    await expect(disguiseVoiceAsync(new Float32Array(RATE), RATE, { random, signal: controller.signal })).rejects.toMatchObject({
      code: VoiceErrorCode.Aborted,
    });
    expect(disguiseVoice(new Float32Array(0), RATE, { random })).toHaveLength(0);
  });
});

describe('disguiseVoice on a recorded-voice-like fixture (espeak-ng, Finnish; see testing/fixtures/README.md)', () => {
  const wav = decodeWav(new Uint8Array(readFileSync(path.join(__dirname, '../testing/fixtures/espeak-fi.wav'))));
  const x = resample(wav.channels[0], wav.sampleRate, RATE);
  const parameters = drawDisguiseParameters(S.seededRandom(1));
  const output = disguiseVoiceWith(x, RATE, parameters);

  it('moves the median F0 by the drawn factor and keeps the energy envelope', () => {
    const ratio = S.medianF0Of(output, RATE, 0, output.length) / S.medianF0Of(x, RATE, 0, x.length);
    expect(Math.abs(ratio / parameters.pitchFactor - 1)).toBeLessThan(0.06);
    const before = S.levelsDb(x, RATE, 0.05);
    const after = S.levelsDb(output, RATE, 0.05);
    before.forEach((level, i) => {
      if (level > -40) expect(Math.abs(after[i] - level)).toBeLessThan(3);
    });
  });

  it('is not undone by the simple inverse, while a plain pitch shift is', () => {
    const distance = distanceFrom(x);
    const shifted = S.plainPitchShift(x, RATE, parameters.pitchFactor);
    const undone = distance(S.logSpectrogram(S.plainPitchShift(shifted, RATE, 1 / parameters.pitchFactor), RATE));
    const inverse = distance(S.idealInverse(S.logSpectrogram(output, RATE), parameters.pitchFactor, parameters.formantFactor));
    expect(inverse).toBeGreaterThan(2 * undone);
  });
});
