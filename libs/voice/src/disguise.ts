/**
 * The voice disguise: LPC analysis and re-synthesis. Per 10 ms frame the input
 * gives only its spectral envelope (linear prediction), its energy, its pitch and
 * whether it is voiced. The envelope is warped in frequency (the formants move,
 * by a piecewise, slowly drifting map), the pitch goes through a non-linear,
 * drifting map, and the output is synthesised from a new excitation: the
 * speaker's own glottal source never reaches it. See docs/voice-disguise.md.
 */
import { VoiceError, VoiceErrorCode } from './errors';
import { autocorrelation, EnvelopeWarper, hann, lagWindow, levinson } from './lpc';
import { assertParameters, DisguiseParameters, drawDisguiseParameters, mapPitch, unwarpFrequency } from './parameters';
import { PitchTrack, pitchSteps } from './pitch';
import { FastNoise, RandomBytes } from './random';
import { assertSampleRate, assertSamples } from './signal';
import { excitationSteps, framePowers, latticeSteps, matchEnergy, PRE_EMPHASIS, SynthesisTrack } from './synthesis';

/** Highest sample rate {@link disguiseVoice} works at (the portal gives it 16 kHz). */
export const MAX_DISGUISE_RATE = 48000;

/** Output samples are kept inside ±this: a recording that would exceed it is scaled down whole, never clipped. */
export const OUTPUT_LIMIT = 0.99;

const FRAME_SECONDS = 0.01;
const WINDOW_SECONDS = 0.03;
/** Frames per slice between yields of the step-wise versions (2.5 s of audio). */
const BLOCK = 250;

export interface DisguiseOptions {
  /** The CSPRNG the parameters are drawn from (see {@link RandomBytes}). */
  random: RandomBytes;
}

export interface AsyncOptions {
  /** Called with the fraction done (0..1) between slices of work. */
  onProgress?: (fraction: number) => void;
  /** Stops the work between slices with a `VoiceError` of code `aborted`. */
  signal?: AbortSignal;
}

/**
 * Disguises a mono voice recording: returns new mono samples at the same rate and
 * of the same length. The parameters are drawn from `options.random` for this
 * call only and are not returned. 8 to 48 kHz; the portal gives 16 kHz.
 *
 * @throws VoiceError bad_sample_rate, bad_samples (not a Float32Array, NaN or ±Infinity), bad_random
 */
export function disguiseVoice(samples: Float32Array, sampleRate: number, options: DisguiseOptions): Float32Array {
  return runSteps(disguiseSteps(samples, sampleRate, drawDisguiseParameters(options.random)));
}

/** {@link disguiseVoice} in slices, yielding to the event loop between them, so a page stays responsive and can show progress. */
export function disguiseVoiceAsync(samples: Float32Array, sampleRate: number, options: DisguiseOptions & AsyncOptions): Promise<Float32Array> {
  return runStepsAsync(disguiseSteps(samples, sampleRate, drawDisguiseParameters(options.random)), options);
}

/**
 * The same transformation with parameters given by the caller, for tests and
 * tuning. A product must use {@link disguiseVoice}: parameters someone chose or
 * kept would let them describe, and so approximately invert, the transformation.
 *
 * @throws VoiceError bad_parameters, and what {@link disguiseVoice} throws
 */
export function disguiseVoiceWith(samples: Float32Array, sampleRate: number, parameters: DisguiseParameters): Float32Array {
  return runSteps(disguiseSteps(samples, sampleRate, parameters));
}

/** LPC order for a rate: two poles per kHz of bandwidth (one formant each), plus two for the spectral tilt. */
export function lpcOrder(sampleRate: number): number {
  return Math.round(sampleRate / 1000) + 2;
}

/**
 * The disguise as a generator: yields the fraction done between slices and
 * returns the output. The input is read, never written.
 */
export function* disguiseSteps(samples: Float32Array, sampleRate: number, parameters: DisguiseParameters): Generator<number, Float32Array> {
  assertSamples(samples);
  assertSampleRate(sampleRate, MAX_DISGUISE_RATE);
  assertParameters(parameters);
  const length = samples.length;
  if (length === 0) return new Float32Array(0);
  const hop = Math.round(sampleRate * FRAME_SECONDS);
  const frames = Math.floor((length - 1) / hop) + 2; // centres 0, hop, …, past the last sample
  yield 0;

  const pitch: PitchTrack = yield* scaled(pitchSteps(samples, sampleRate, hop, frames, BLOCK), 0, 0.3);
  const track = yield* scaled(envelopeSteps(samples, sampleRate, hop, frames, pitch, parameters), 0.3, 0.2);
  const excitation = yield* scaled(excitationSteps(track, length, sampleRate, parameters, new FastNoise(parameters.noiseSeed), BLOCK), 0.5, 0.2);
  const output = yield* scaled(latticeSteps(track, excitation, BLOCK), 0.7, 0.25);
  matchEnergy(output, framePowers(samples, hop, frames), hop);
  limitPeak(output);
  yield 1;
  return output;
}

/** Re-maps a sub-step's fractions into [base, base + weight] and passes its result on. */
function* scaled<T>(steps: Generator<number, T>, base: number, weight: number): Generator<number, T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    yield base + weight * r.value;
  }
}

/**
 * Per frame: the LPC envelope of the pre-emphasised input, warped by the formant
 * map; the excitation gain that keeps the frame's power; the mapped F0 and voicing.
 */
function* envelopeSteps(
  samples: Float32Array,
  sampleRate: number,
  hop: number,
  frames: number,
  pitch: PitchTrack,
  p: DisguiseParameters,
): Generator<number, SynthesisTrack> {
  const analyser = new EnvelopeAnalyser(samples, sampleRate, hop, frames, p);
  for (let t = 0; t < frames; t += BLOCK) {
    analyser.analyse(t, Math.min(frames, t + BLOCK));
    yield Math.min(frames, t + BLOCK) / frames;
  }
  analyser.wipe();
  const { f0, voicing } = mappedPitch(pitch, hop, sampleRate, p);
  return { hop, frames, order: analyser.order, reflection: analyser.reflection, gain: analyser.gain, f0, voicing };
}

class EnvelopeAnalyser {
  readonly order: number;
  readonly reflection: Float64Array;
  readonly gain: Float64Array;
  private readonly windowLength: number;
  private readonly window: Float64Array;
  private readonly windowPower: number;
  private readonly lag: Float64Array;
  private readonly warper: EnvelopeWarper;
  private readonly source: Float64Array;
  private readonly frame: Float64Array;
  private readonly r: Float64Array;
  private readonly a: Float64Array;
  private readonly k: Float64Array;

  constructor(
    private readonly samples: Float32Array,
    private readonly sampleRate: number,
    private readonly hop: number,
    frames: number,
    private readonly p: DisguiseParameters,
  ) {
    const order = lpcOrder(sampleRate);
    this.order = order;
    this.windowLength = Math.round(sampleRate * WINDOW_SECONDS) & ~1;
    this.window = hann(this.windowLength);
    this.windowPower = this.window.reduce((sum, w) => sum + w * w, 0);
    this.lag = lagWindow(order, sampleRate);
    // About 31 Hz per bin at any rate: fine enough for a formant's peak.
    this.warper = new EnvelopeWarper(order, Math.max(128, Math.round((256 * sampleRate) / 16000)));
    this.source = new Float64Array(this.warper.bins + 1);
    this.frame = new Float64Array(this.windowLength);
    this.r = new Float64Array(order + 1);
    this.a = new Float64Array(order + 1);
    this.k = new Float64Array(order + 1);
    this.reflection = new Float64Array(frames * order);
    this.gain = new Float64Array(frames);
  }

  analyse(from: number, to: number): void {
    const { samples, frame, window, windowLength, order, r, a, k, lag, source, warper } = this;
    const nyquist = this.sampleRate / 2;
    const n = samples.length;
    for (let t = from; t < to; t++) {
      const start = t * this.hop - windowLength / 2;
      for (let i = 0; i < windowLength; i++) {
        const at = start + i;
        const current = at >= 0 && at < n ? samples[at] : 0;
        const previous = at >= 1 && at <= n ? samples[at - 1] : 0;
        frame[i] = (current - PRE_EMPHASIS * previous) * window[i];
      }
      autocorrelation(frame, order, r);
      const power = r[0] / this.windowPower;
      for (let i = 0; i <= order; i++) r[i] *= lag[i];
      r[0] *= 1 + 1e-9;
      const error = levinson(r, order, a, k);
      const seconds = (t * this.hop) / this.sampleRate;
      for (let j = 0; j <= warper.bins; j++) source[j] = (unwarpFrequency((j / warper.bins) * nyquist, seconds, this.p) / nyquist) * warper.bins;
      const warpedError = warper.warp(a, error, source, k);
      for (let m = 1; m <= order; m++) this.reflection[t * order + m - 1] = k[m];
      this.gain[t] = Math.sqrt(power * warpedError);
    }
  }

  /** The frame buffer held the (pre-emphasised) input: wiped before it is dropped. */
  wipe(): void {
    this.frame.fill(0);
  }
}

/** The median of the voiced frames' F0 (0 when nothing is voiced). */
export function medianF0(f0: Float64Array): number {
  const voiced = Array.from(f0).filter((f) => f > 0);
  if (voiced.length === 0) return 0;
  voiced.sort((x, y) => x - y);
  const mid = voiced.length >> 1;
  return voiced.length % 2 ? voiced[mid] : 0.5 * (voiced[mid - 1] + voiced[mid]);
}

/** Output F0 for every frame (unvoiced frames take their neighbours', linearly) and the voicing. */
function mappedPitch(pitch: PitchTrack, hop: number, sampleRate: number, p: DisguiseParameters): { f0: Float64Array; voicing: Float64Array } {
  const frames = pitch.f0.length;
  const median = medianF0(pitch.f0);
  const f0 = new Float64Array(frames);
  const voicing = new Float64Array(frames);
  const voicedFrames: number[] = [];
  for (let t = 0; t < frames; t++) {
    if (pitch.f0[t] > 0) {
      f0[t] = mapPitch(pitch.f0[t], median, (t * hop) / sampleRate, p);
      voicing[t] = 1;
      voicedFrames.push(t);
    }
  }
  if (voicedFrames.length === 0) {
    f0.fill(120 * p.pitchFactor); // a whisper: the pulse clock runs, its pulses have no weight
    return { f0, voicing };
  }
  let previous = -1;
  for (const t of [...voicedFrames, frames]) {
    for (let u = previous + 1; u < t; u++) {
      if (previous < 0) f0[u] = f0[t];
      else if (t >= frames) f0[u] = f0[previous];
      else f0[u] = f0[previous] + ((f0[t] - f0[previous]) * (u - previous)) / (t - previous);
    }
    previous = t;
  }
  return { f0, voicing };
}

/** Scales the whole output down if its peak would pass {@link OUTPUT_LIMIT} (level changes, shape does not). */
function limitPeak(output: Float32Array): void {
  let peak = 0;
  for (let i = 0; i < output.length; i++) peak = Math.max(peak, Math.abs(output[i]));
  if (peak <= OUTPUT_LIMIT) return;
  const scale = OUTPUT_LIMIT / peak;
  for (let i = 0; i < output.length; i++) output[i] *= scale;
}

/** Runs a step generator to its end on the calling thread. */
export function runSteps<T>(steps: Generator<number, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs a step generator, giving the event loop a turn (a macrotask) between slices. */
export async function runStepsAsync<T>(steps: Generator<number, T>, options: AsyncOptions = {}): Promise<T> {
  for (;;) {
    if (options.signal?.aborted) throw new VoiceError(VoiceErrorCode.Aborted, 'the voice processing was cancelled');
    const r = steps.next();
    if (r.done) return r.value;
    options.onProgress?.(r.value);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
