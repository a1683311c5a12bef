/**
 * Pitch (F0) and voicing per frame, after Boersma's autocorrelation method (the one
 * Praat uses): the windowed autocorrelation is divided by the window's own, so
 * a periodic frame scores near 1 at its period; the best path through each frame's
 * candidates (a few periods, or "unvoiced") is found by dynamic programming with a
 * cost for octave jumps and for switching voicing, which removes most octave errors.
 */
import { Fft } from './fft';
import { resample } from './resample';

/** Lowest and highest F0 the tracker looks for (Hz). */
export const PITCH_FLOOR = 65;
export const PITCH_CEILING = 500;

/** The analysis runs at 8 kHz: the period shows below 4 kHz, and a quarter of the work of 16 kHz. */
const ANALYSIS_RATE = 8000;
/** Three periods of the floor (Boersma): long enough to see the lowest voice repeat. */
const WINDOW = Math.round((3 * ANALYSIS_RATE) / PITCH_FLOOR) & ~1;
const FFT_SIZE = 512;
const MIN_LAG = ANALYSIS_RATE / PITCH_CEILING;
const MAX_LAG = ANALYSIS_RATE / PITCH_FLOOR;
const CANDIDATES = 4;
// Praat's defaults for speech.
const SILENCE_THRESHOLD = 0.03;
const VOICING_THRESHOLD = 0.45;
const OCTAVE_COST = 0.01;
const OCTAVE_JUMP_COST = 0.35;
const VOICED_UNVOICED_COST = 0.14;

/** Per frame: F0 in Hz (0 where unvoiced) and the periodicity of the chosen candidate (0..1). */
export interface PitchTrack {
  f0: Float64Array;
  strength: Float64Array;
}

/**
 * Tracks pitch for frames centred at t·hop (t = 0..frames−1, in samples of
 * `sampleRate`). Yields the fraction done between blocks of frames; returns the track.
 */
export function* pitchSteps(samples: Float32Array, sampleRate: number, hop: number, frames: number, block = 250): Generator<number, PitchTrack> {
  const analyser = new PitchAnalyser(samples, sampleRate, hop, frames);
  for (let t = 0; t < frames; t += block) {
    analyser.analyse(t, Math.min(frames, t + block));
    yield Math.min(frames, t + block) / frames;
  }
  return analyser.finish();
}

/** The candidates of each frame; the hot loop lives in a plain method (kept out of the generator, which engines optimise less). */
class PitchAnalyser {
  private readonly x: Float32Array;
  private readonly globalPeak: number;
  private readonly window = new Float64Array(WINDOW);
  private readonly fft = new Fft(FFT_SIZE);
  private readonly re = new Float64Array(FFT_SIZE);
  private readonly im = new Float64Array(FFT_SIZE);
  private readonly windowR: Float64Array;
  private readonly lastLag = Math.min(Math.ceil(MAX_LAG) + 1, FFT_SIZE - WINDOW - 1);
  private readonly nr = new Float64Array(this.lastLag + 2);
  // Candidates per frame: index 0 is "unvoiced"; lag 0 marks an empty slot.
  private readonly lag: Float64Array;
  private readonly score: Float64Array;
  private readonly periodicity: Float64Array;

  constructor(
    samples: Float32Array,
    private readonly sampleRate: number,
    private readonly hop: number,
    private readonly frames: number,
  ) {
    this.x = resample(samples, sampleRate, ANALYSIS_RATE);
    let peak = 0;
    for (let i = 0; i < this.x.length; i++) peak = Math.max(peak, Math.abs(this.x[i]));
    this.globalPeak = peak;
    for (let i = 0; i < WINDOW; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / WINDOW);
    this.windowR = windowAutocorrelation(this.window, this.fft);
    this.lag = new Float64Array(frames * CANDIDATES);
    this.score = new Float64Array(frames * CANDIDATES).fill(-Infinity);
    this.periodicity = new Float64Array(frames * CANDIDATES);
  }

  analyse(from: number, to: number): void {
    const { x, window, re, im, nr, lag, score, periodicity, lastLag } = this;
    for (let t = from; t < to; t++) {
      const centre = (t * this.hop * ANALYSIS_RATE) / this.sampleRate;
      const start = Math.round(centre - WINDOW / 2);
      const first = Math.max(0, -start);
      const last = Math.min(WINDOW, x.length - start);
      let mean = 0;
      for (let i = first; i < last; i++) mean += x[start + i];
      mean /= WINDOW;
      re.fill(0);
      im.fill(0);
      let localPeak = 0;
      for (let i = 0; i < WINDOW; i++) {
        const v = (i >= first && i < last ? x[start + i] : 0) - mean;
        localPeak = Math.max(localPeak, Math.abs(v));
        re[i] = v * window[i];
      }
      const base = t * CANDIDATES;
      // Praat's unvoiced strength: high in silence, the voicing threshold in loud frames.
      const relative = this.globalPeak > 0 ? localPeak / this.globalPeak : 0;
      score[base] = VOICING_THRESHOLD + Math.max(0, 2 - relative / (SILENCE_THRESHOLD / (1 + VOICING_THRESHOLD)));

      this.fft.forward(re, im);
      for (let i = 0; i < FFT_SIZE; i++) {
        re[i] = re[i] * re[i] + im[i] * im[i];
        im[i] = 0;
      }
      this.fft.inverse(re, im);
      if (!(re[0] > 1e-20)) continue;
      for (let l = 0; l <= lastLag; l++) nr[l] = re[l] / re[0] / this.windowR[l];
      let filled = 1;
      for (let l = Math.max(2, Math.floor(MIN_LAG)); l < lastLag; l++) {
        if (!(nr[l] > nr[l - 1] && nr[l] >= nr[l + 1])) continue;
        // Parabolic interpolation of the peak's position and height.
        const curvature = nr[l - 1] - 2 * nr[l] + nr[l + 1];
        const delta = curvature < 0 ? (0.5 * (nr[l - 1] - nr[l + 1])) / curvature : 0;
        const position = l + delta;
        if (position < MIN_LAG || position > MAX_LAG) continue;
        const height = Math.min(1, nr[l] - 0.25 * (nr[l - 1] - nr[l + 1]) * delta);
        const strength = height - OCTAVE_COST * Math.log2((PITCH_FLOOR * position) / ANALYSIS_RATE);
        // Keep the best CANDIDATES − 1 voiced candidates.
        let slot = filled < CANDIDATES ? filled++ : -1;
        if (slot < 0) {
          let worst = 1;
          for (let c = 2; c < CANDIDATES; c++) if (score[base + c] < score[base + worst]) worst = c;
          if (score[base + worst] >= strength) continue;
          slot = worst;
        }
        lag[base + slot] = position;
        score[base + slot] = strength;
        periodicity[base + slot] = height;
      }
    }
  }

  finish(): PitchTrack {
    this.x.fill(0); // the analysis copy is the undisguised voice: wipe it before dropping it
    return bestPath(this.frames, this.lag, this.score, this.periodicity, (this.sampleRate / this.hop) * 0.01);
  }
}

/** Runs {@link pitchSteps} to the end. */
export function trackPitch(samples: Float32Array, sampleRate: number, hop: number, frames: number): PitchTrack {
  const steps = pitchSteps(samples, sampleRate, hop, frames);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The Hann window's normalised autocorrelation, which divides the frame's (Boersma's correction). */
function windowAutocorrelation(window: Float64Array, fft: Fft): Float64Array {
  const re = new Float64Array(FFT_SIZE);
  const im = new Float64Array(FFT_SIZE);
  re.set(window);
  fft.forward(re, im);
  for (let i = 0; i < FFT_SIZE; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fft.inverse(re, im);
  const out = new Float64Array(FFT_SIZE);
  for (let i = 0; i < FFT_SIZE; i++) out[i] = Math.max(re[i] / re[0], 1e-6);
  return out;
}

/** Viterbi over the candidates; transition costs scale with the frame rate as Praat's do (per 10 ms). */
function bestPath(frames: number, lag: Float64Array, score: Float64Array, periodicity: Float64Array, costScale: number): PitchTrack {
  const total = new Float64Array(frames * CANDIDATES).fill(-Infinity);
  const from = new Int32Array(frames * CANDIDATES);
  for (let c = 0; c < CANDIDATES; c++) total[c] = score[c];
  const transition = (a: number, b: number): number => {
    const voicedA = lag[a] > 0;
    const voicedB = lag[b] > 0;
    if (voicedA !== voicedB) return VOICED_UNVOICED_COST * costScale;
    if (!voicedA) return 0;
    return OCTAVE_JUMP_COST * costScale * Math.abs(Math.log2(lag[a] / lag[b]));
  };
  for (let t = 1; t < frames; t++) {
    for (let c = 0; c < CANDIDATES; c++) {
      const here = t * CANDIDATES + c;
      if (score[here] === -Infinity) continue;
      let best = -Infinity;
      let bestFrom = 0;
      for (let p = 0; p < CANDIDATES; p++) {
        const there = (t - 1) * CANDIDATES + p;
        if (total[there] === -Infinity) continue;
        const value = total[there] - transition(there, here);
        if (value > best) {
          best = value;
          bestFrom = p;
        }
      }
      total[here] = best + score[here];
      from[here] = bestFrom;
    }
  }
  const f0 = new Float64Array(frames);
  const strength = new Float64Array(frames);
  if (frames === 0) return { f0, strength };
  let c = 0;
  for (let k = 1; k < CANDIDATES; k++) if (total[(frames - 1) * CANDIDATES + k] > total[(frames - 1) * CANDIDATES + c]) c = k;
  for (let t = frames - 1; t >= 0; t--) {
    const here = t * CANDIDATES + c;
    if (lag[here] > 0 && c > 0) {
      f0[t] = ANALYSIS_RATE / lag[here];
      strength[t] = periodicity[here];
    }
    c = from[here];
  }
  return { f0, strength };
}
