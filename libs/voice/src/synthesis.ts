/**
 * Re-synthesis: a new excitation (a band-limited pulse train on the new pitch
 * contour, plus noise) through an all-pole lattice filter whose reflection
 * coefficients and gain glide sample by sample between frame centres. Nothing of
 * the input waveform is used here: only the per-frame envelope, gain, F0 and voicing.
 */
import { FastNoise } from './random';

/** Pre-emphasis coefficient: the envelope is fitted to x[n] − 0.97·x[n−1], and the output is de-emphasised. */
export const PRE_EMPHASIS = 0.97;

/** Taps of the band-limited pulse on each side of its (fractional) instant. */
const PULSE_HALF = 4;
const PULSE_CUTOFF = 0.9;

/** The per-frame description the synthesis works from (frame t is centred at sample t·hop). */
export interface SynthesisTrack {
  hop: number;
  frames: number;
  order: number;
  /** frames × order reflection coefficients (k₁…k_p of each frame). */
  reflection: Float64Array;
  /** RMS of the excitation per frame. */
  gain: Float64Array;
  /** Output F0 per frame in Hz, positive everywhere (unvoiced frames carry their neighbours', so the pulse clock runs on smoothly). */
  f0: Float64Array;
  /** 1 in voiced frames, 0 in unvoiced ones. */
  voicing: Float64Array;
}

/** How the new excitation sounds: drawn per recording. */
export interface ExcitationShape {
  /** Share of the voiced excitation's energy that is noise (0..1). */
  breathiness: number;
  /** One-pole low-pass coefficient on the pulses (0 = bright, towards 1 = soft). */
  tilt: number;
  /** Random variation of each period (fraction). */
  jitter: number;
  /** Random variation of each pulse's amplitude (fraction). */
  shimmer: number;
}

/** Linear interpolation of a per-frame value at sample n. */
function atSample(values: Float64Array, n: number, hop: number): number {
  const position = n / hop;
  const t = Math.floor(position);
  if (t >= values.length - 1) return values[values.length - 1];
  const frac = position - t;
  return values[t] + (values[t + 1] - values[t]) * frac;
}

/**
 * The excitation: unit mean power, pulses weighted by √(voicing·(1 − breathiness)),
 * noise by √(1 − voicing·(1 − breathiness)). Yields after each block of frames.
 */
export function* excitationSteps(
  track: SynthesisTrack,
  length: number,
  sampleRate: number,
  shape: ExcitationShape,
  noise: FastNoise,
  block = 250,
): Generator<number, Float32Array> {
  const excitation = new Excitation(track, length, sampleRate, shape, noise);
  for (let t = 0; t < track.frames; t += block) {
    excitation.pulses(t, Math.min(track.frames, t + block));
    yield (0.5 * Math.min(track.frames, t + block)) / track.frames;
  }
  for (let t = 0; t < track.frames; t += block) {
    excitation.tiltAndNoise(t, Math.min(track.frames, t + block));
    yield 0.5 + (0.5 * Math.min(track.frames, t + block)) / track.frames;
  }
  highPass(excitation.out, sampleRate, 60);
  return excitation.out;
}

class Excitation {
  readonly out: Float32Array;
  private readonly logF0: Float64Array;
  private readonly pulseShare: number;
  /** Power gain of the tilt filter on white input is (1 − c)/(1 + c): undone, so tilt changes colour, not level. */
  private readonly tiltNorm: number;
  private phase = 0.5;
  /** The current period's length in cycles, perturbed by jitter. */
  private period = 1;
  private tilted = 0;

  constructor(
    private readonly track: SynthesisTrack,
    length: number,
    private readonly sampleRate: number,
    private readonly shape: ExcitationShape,
    private readonly noise: FastNoise,
  ) {
    this.out = new Float32Array(length);
    this.logF0 = track.f0.map(Math.log);
    this.pulseShare = 1 - shape.breathiness;
    this.tiltNorm = Math.sqrt((1 + shape.tilt) / (1 - shape.tilt));
  }

  /** The pulse train of frames [from, to): one pulse each time the phase completes a period. */
  pulses(from: number, to: number): void {
    const { hop, voicing } = this.track;
    const end = Math.min(this.out.length, to * hop);
    let phase = this.phase;
    let period = this.period;
    for (let n = from * hop; n < end; n++) {
      const increment = Math.exp(atSample(this.logF0, n, hop)) / this.sampleRate;
      phase += increment;
      if (phase >= period) {
        phase -= period;
        // The period ended `phase / increment` samples ago: the pulse goes there, with sub-sample precision.
        const instant = n - phase / increment;
        const weight = atSample(voicing, Math.max(0, instant), hop) * this.pulseShare;
        const amplitude = Math.sqrt(weight / increment) * (1 + this.shape.shimmer * this.noise.signed());
        if (amplitude > 0) addPulse(this.out, instant, amplitude * this.tiltNorm);
        period = 1 + this.shape.jitter * this.noise.signed();
      }
    }
    this.phase = phase;
    this.period = period;
  }

  /** Tilts the pulses of frames [from, to) and adds the noise (after all pulses are placed: a pulse spills a few samples forward). */
  tiltAndNoise(from: number, to: number): void {
    const { hop, voicing } = this.track;
    const { out, noise } = this;
    const tilt = this.shape.tilt;
    const end = Math.min(out.length, to * hop);
    const sqrt3 = Math.sqrt(3);
    let tilted = this.tilted;
    for (let n = from * hop; n < end; n++) {
      tilted = (1 - tilt) * out[n] + tilt * tilted;
      out[n] = tilted + Math.sqrt(1 - atSample(voicing, n, hop) * this.pulseShare) * sqrt3 * noise.signed();
    }
    this.tilted = tilted;
  }
}

/** A unit-area, band-limited impulse at a fractional instant (Hann-windowed sinc). */
function addPulse(out: Float32Array, instant: number, amplitude: number): void {
  const first = Math.ceil(instant - PULSE_HALF);
  for (let n = first; n <= instant + PULSE_HALF; n++) {
    if (n < 0 || n >= out.length) continue;
    const d = n - instant;
    const x = Math.PI * PULSE_CUTOFF * d;
    const sinc = d === 0 ? 1 : Math.sin(x) / x;
    const window = 0.5 + 0.5 * Math.cos((Math.PI * d) / (PULSE_HALF + 1));
    out[n] += amplitude * PULSE_CUTOFF * sinc * window;
  }
}

/**
 * Second-order Butterworth high-pass, in place: takes the pulse train's DC and
 * rumble out before the de-emphasis (which boosts low frequencies) can turn them
 * into thumps at voicing onsets.
 */
export function highPass(x: Float32Array, sampleRate: number, cutoff: number): void {
  const w = Math.tan((Math.PI * cutoff) / sampleRate);
  const q = Math.SQRT1_2;
  const norm = 1 / (1 + w / q + w * w);
  const b0 = norm;
  const b1 = -2 * norm;
  const b2 = norm;
  const a1 = 2 * (w * w - 1) * norm;
  const a2 = (1 - w / q + w * w) * norm;
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    const y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x0;
    y2 = y1;
    y1 = y0;
    x[i] = y0;
  }
}

/**
 * Filters the excitation in place through the time-varying all-pole lattice
 * 1/A(z) and the de-emphasis. Reflection coefficients and gain move linearly from
 * one frame centre to the next, so the filter changes without a step anywhere
 * (no clicks at frame edges), and interpolated reflection coefficients inside
 * ±1 always give a stable filter.
 */
export function* latticeSteps(track: SynthesisTrack, excitation: Float32Array, block = 250): Generator<number, Float32Array> {
  const lattice = new Lattice(track);
  for (let t = 0; t < track.frames; t += block) {
    lattice.filter(excitation, t, Math.min(track.frames, t + block));
    yield Math.min(track.frames, t + block) / track.frames;
  }
  return excitation;
}

class Lattice {
  private readonly k: Float64Array;
  private readonly dk: Float64Array;
  /** Backward prediction errors b₀…b_p of the previous sample: the filter's state. */
  private readonly b: Float64Array;
  private deemphasised = 0;

  constructor(private readonly track: SynthesisTrack) {
    this.k = new Float64Array(track.order + 1);
    this.dk = new Float64Array(track.order + 1);
    this.b = new Float64Array(track.order + 1);
  }

  filter(x: Float32Array, from: number, to: number): void {
    const { hop, frames, order, reflection, gain } = this.track;
    const { k, dk, b } = this;
    let deemphasised = this.deemphasised;
    for (let t = from; t < to; t++) {
      const next = Math.min(t + 1, frames - 1);
      for (let m = 1; m <= order; m++) {
        k[m] = reflection[t * order + m - 1];
        dk[m] = (reflection[next * order + m - 1] - k[m]) / hop;
      }
      let g = gain[t];
      const dg = (gain[next] - g) / hop;
      const end = Math.min(x.length, (t + 1) * hop);
      for (let n = t * hop; n < end; n++) {
        let f = x[n] * g;
        for (let m = order; m >= 1; m--) {
          f -= k[m] * b[m - 1];
          b[m] = k[m] * f + b[m - 1];
          k[m] += dk[m];
        }
        b[0] = f;
        deemphasised = f + PRE_EMPHASIS * deemphasised;
        x[n] = deemphasised;
        g += dg;
      }
    }
    this.deemphasised = deemphasised;
  }
}

/** Mean power of `x` in a Hann window of 2·hop centred at each frame centre. */
export function framePowers(x: Float32Array, hop: number, frames: number): Float64Array {
  const width = 2 * hop;
  const window = new Float64Array(width);
  let windowSum = 0;
  for (let i = 0; i < width; i++) {
    window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / width);
    windowSum += window[i];
  }
  const out = new Float64Array(frames);
  for (let t = 0; t < frames; t++) {
    const start = t * hop - hop;
    let sum = 0;
    for (let i = 0; i < width; i++) {
      const v = x[start + i] ?? 0;
      sum += window[i] * v * v;
    }
    out[t] = sum / windowSum;
  }
  return out;
}

/**
 * Gives the output the input's energy envelope: per frame the gain that makes
 * the output's short-time power equal the target's, interpolated sample by sample
 * (so the correction itself cannot click). Kept within ±30 dB, so a frame where
 * the synthesis is near silent is not blown up into noise.
 */
export function matchEnergy(output: Float32Array, target: Float64Array, hop: number): void {
  const frames = target.length;
  const actual = framePowers(output, hop, frames);
  let loudest = 0;
  for (let t = 0; t < frames; t++) loudest = Math.max(loudest, target[t]);
  const floor = 1e-20 + loudest * 1e-10;
  const gain = new Float64Array(frames);
  for (let t = 0; t < frames; t++) gain[t] = Math.min(31.6, Math.max(1 / 31.6, Math.sqrt((target[t] + floor) / (actual[t] + floor))));
  for (let n = 0; n < output.length; n++) output[n] *= atSample(gain, n, hop);
}
