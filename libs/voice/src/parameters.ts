/**
 * The disguise's parameters: drawn afresh for every recording from the caller's
 * CSPRNG, used once and never returned by {@link disguiseVoice}, so no two
 * recordings of one person share a voice and nobody holds the numbers that would
 * describe the transformation.
 */
import { VoiceError, VoiceErrorCode } from './errors';
import { RandomBytes, Uniform } from './random';

/** A slow sinusoidal modulation: depth (fraction), rate (Hz) and starting phase (radians). */
export interface Drift {
  depth: number;
  rate: number;
  phase: number;
}

/** Upper edges (Hz) of the bands of the formant warp; the last band reaches to Nyquist. */
export const FORMANT_BAND_EDGES = [350, 900, 1700, 2700, 4000, 6000] as const;

/** Everything that makes one disguised voice. */
export interface DisguiseParameters {
  /** Output median F0 ÷ input median F0: 3 to 6 semitones up or down. */
  pitchFactor: number;
  /** Exponent of the pitch map around the median: below 1 flattens the intonation, above 1 widens it. */
  intonation: number;
  /** Slow drift of the pitch map (a few per cent), so even the map is not one number. */
  pitchDrift: Drift;
  /** Mean factor by which the formants (the spectral envelope) move: 7 to 16 % up or down. */
  formantFactor: number;
  /** One slope multiplier per band of {@link FORMANT_BAND_EDGES} (plus the top band): the warp is piecewise, not one scale. */
  formantBands: number[];
  /** Slow drift of the formant warp. */
  formantDrift: Drift;
  breathiness: number;
  tilt: number;
  jitter: number;
  shimmer: number;
  /** Seeds the fast generator of the excitation noise, jitter and shimmer. */
  noiseSeed: Uint32Array;
}

/** Ranges the drawn parameters come from (and that {@link assertParameters} accepts, a little wider for tests). */
const RANGES = {
  semitones: [3, 6],
  intonationDown: [0.7, 0.88],
  intonationUp: [1.12, 1.3],
  pitchDriftDepth: [0.02, 0.05],
  formantShift: [1.07, 1.16],
  formantBand: [0.88, 1.12],
  formantDriftDepth: [0.015, 0.04],
  driftRate: [0.1, 0.4],
  breathiness: [0.04, 0.15],
  tilt: [0, 0.45],
  jitter: [0.002, 0.01],
  shimmer: [0.02, 0.08],
} as const;

function drift(u: Uniform, depth: readonly [number, number]): Drift {
  return { depth: u.between(depth[0], depth[1]), rate: u.between(RANGES.driftRate[0], RANGES.driftRate[1]), phase: u.between(0, 2 * Math.PI) };
}

/**
 * Draws one recording's parameters. The order of draws is fixed, so one random
 * stream always gives the same parameters (a seeded stream in a test reproduces
 * what {@link disguiseVoice} drew from it).
 */
export function drawDisguiseParameters(random: RandomBytes): DisguiseParameters {
  const u = new Uniform(random);
  const semitones = u.between(RANGES.semitones[0], RANGES.semitones[1]) * (u.coin() ? 1 : -1);
  const intonation = u.coin() ? u.between(RANGES.intonationUp[0], RANGES.intonationUp[1]) : u.between(RANGES.intonationDown[0], RANGES.intonationDown[1]);
  const pitchDrift = drift(u, RANGES.pitchDriftDepth);
  const shift = u.between(RANGES.formantShift[0], RANGES.formantShift[1]);
  const formantFactor = u.coin() ? shift : 1 / shift;
  const formantBands = Array.from({ length: FORMANT_BAND_EDGES.length + 1 }, () => u.between(RANGES.formantBand[0], RANGES.formantBand[1]));
  const formantDrift = drift(u, RANGES.formantDriftDepth);
  return {
    pitchFactor: 2 ** (semitones / 12),
    intonation,
    pitchDrift,
    formantFactor,
    formantBands,
    formantDrift,
    breathiness: u.between(RANGES.breathiness[0], RANGES.breathiness[1]),
    tilt: u.between(RANGES.tilt[0], RANGES.tilt[1]),
    jitter: u.between(RANGES.jitter[0], RANGES.jitter[1]),
    shimmer: u.between(RANGES.shimmer[0], RANGES.shimmer[1]),
    noiseSeed: u.seed(),
  };
}

function inRange(value: unknown, low: number, high: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= low && value <= high;
}

function driftValid(d: Drift | undefined): boolean {
  return !!d && inRange(d.depth, 0, 0.1) && inRange(d.rate, 0, 2) && inRange(d.phase, -100, 100);
}

/**
 * Refuses parameters outside what the engine can render well (a pitch factor of
 * 0.5 to 2, formants moved by at most 30 %, and so on). It does not refuse weak
 * ones: a factor of 1 is allowed, for tests; the portal never chooses parameters.
 */
export function assertParameters(p: DisguiseParameters): void {
  const ok =
    !!p &&
    inRange(p.pitchFactor, 0.5, 2) &&
    inRange(p.intonation, 0.5, 1.5) &&
    driftValid(p.pitchDrift) &&
    inRange(p.formantFactor, 0.7, 1.3) &&
    Array.isArray(p.formantBands) &&
    p.formantBands.length === FORMANT_BAND_EDGES.length + 1 &&
    p.formantBands.every((b) => inRange(b, 0.8, 1.2)) &&
    driftValid(p.formantDrift) &&
    inRange(p.breathiness, 0, 1) &&
    inRange(p.tilt, 0, 0.9) &&
    inRange(p.jitter, 0, 0.05) &&
    inRange(p.shimmer, 0, 0.3) &&
    p.noiseSeed instanceof Uint32Array &&
    p.noiseSeed.length === 4;
  if (!ok) throw new VoiceError(VoiceErrorCode.BadParameters, 'the disguise parameters are out of range');
}

/** The slow modulation factor 1 + depth·sin(2π·rate·t + phase) at time t (s). */
function driftAt(d: Drift, seconds: number): number {
  return 1 + d.depth * Math.sin(2 * Math.PI * d.rate * seconds + d.phase);
}

/** Lowest and highest output F0 (Hz): the map is clamped to a range voices have. */
export const OUTPUT_F0_RANGE = [55, 450] as const;

/**
 * The pitch map: an input F0 (Hz) at time t (s) to the output F0, given the
 * recording's median F0. f′ = factor · median · (f / median)^intonation · drift(t),
 * clamped to {@link OUTPUT_F0_RANGE}. Monotonic in f, so the median maps to
 * factor · median (times the drift).
 */
export function mapPitch(f0: number, median: number, seconds: number, p: DisguiseParameters): number {
  const mapped = p.pitchFactor * median * (f0 / median) ** p.intonation * driftAt(p.pitchDrift, seconds);
  return Math.min(OUTPUT_F0_RANGE[1], Math.max(OUTPUT_F0_RANGE[0], mapped));
}

/**
 * The formant warp at time t (s): where an envelope feature at `hz` in the input
 * lands in the output. Piecewise linear over {@link FORMANT_BAND_EDGES}, the slope
 * of band i being formantFactor · formantBands[i] · drift(t); monotonic and continuous.
 */
export function warpFrequency(hz: number, seconds: number, p: DisguiseParameters): number {
  const scale = p.formantFactor * driftAt(p.formantDrift, seconds);
  let below = 0;
  let out = 0;
  for (let i = 0; i <= FORMANT_BAND_EDGES.length; i++) {
    const edge = i < FORMANT_BAND_EDGES.length ? FORMANT_BAND_EDGES[i] : Infinity;
    const slope = scale * p.formantBands[i];
    if (hz <= edge) return out + (hz - below) * slope;
    out += (edge - below) * slope;
    below = edge;
  }
  return out;
}

/** The inverse of {@link warpFrequency}: which input frequency lands at output `hz`. */
export function unwarpFrequency(hz: number, seconds: number, p: DisguiseParameters): number {
  const scale = p.formantFactor * driftAt(p.formantDrift, seconds);
  let below = 0;
  let out = 0;
  for (let i = 0; i <= FORMANT_BAND_EDGES.length; i++) {
    const edge = i < FORMANT_BAND_EDGES.length ? FORMANT_BAND_EDGES[i] : Infinity;
    const slope = scale * p.formantBands[i];
    const next = out + (edge - below) * slope;
    if (hz <= next) return below + (hz - out) / slope;
    out = next;
    below = edge;
  }
  return below;
}
