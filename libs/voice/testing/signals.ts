/**
 * Test signals and measurements for the voice engine's specs: a seeded random
 * source, a synthetic voice with known pitch and formants, and independent
 * estimators (F0 by time-domain autocorrelation, spectra, formant peaks) plus the
 * simple shifts an attacker would try. Test code only: never imported by the lib.
 */
import { EnvelopeWarper, levinson, autocorrelation, hann } from '../src/lpc';
import { Fft } from '../src/fft';
import { resample } from '../src/resample';
import type { RandomBytes } from '../src/random';

/** A deterministic byte stream (splitmix32) standing in for the CSPRNG, so a test can repeat a draw. */
export function seededRandom(seed: number): RandomBytes {
  let state = seed >>> 0;
  const word = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = word() & 0xff;
    return out;
  };
}

export type SegmentKind = 'vowel' | 'pause' | 'fricative';

export interface SegmentSpec {
  kind: SegmentKind;
  seconds: number;
  /** Vowels: F0 at the start and the end (Hz), gliding linearly. */
  f0?: [number, number];
  /** Vowels: formant frequencies (Hz). */
  formants?: number[];
}

export interface Segment extends SegmentSpec {
  start: number;
  end: number;
}

export interface SyntheticVoice {
  samples: Float32Array;
  sampleRate: number;
  segments: Segment[];
}

export const VOWELS: Record<string, number[]> = {
  a: [730, 1090, 2440, 3400],
  i: [270, 2290, 3010, 3700],
  u: [300, 870, 2240, 3300],
  e: [530, 1840, 2480, 3500],
  o: [570, 840, 2410, 3300],
};
const BANDWIDTHS = [70, 100, 130, 170];

/** A phrase of five vowels with gliding pitch, pauses and two fricatives (≈ 2.9 s). */
export function phrase(scale = 1, f0Scale = 1): SegmentSpec[] {
  const v = (name: string, seconds: number, f0: [number, number]): SegmentSpec => ({
    kind: 'vowel',
    seconds,
    f0: [f0[0] * f0Scale, f0[1] * f0Scale],
    formants: VOWELS[name].map((f) => f * scale),
  });
  return [
    { kind: 'pause', seconds: 0.25 },
    v('a', 0.45, [110, 140]),
    { kind: 'fricative', seconds: 0.15 },
    v('i', 0.35, [135, 120]),
    { kind: 'pause', seconds: 0.3 },
    v('u', 0.4, [105, 125]),
    v('e', 0.35, [125, 100]),
    { kind: 'fricative', seconds: 0.15 },
    v('o', 0.45, [115, 95]),
    { kind: 'pause', seconds: 0.3 },
  ];
}

/**
 * A voice-like signal: a Rosenberg glottal pulse train (differentiated, for the
 * lips' radiation) at the given F0 glide through a cascade of formant resonators,
 * noise through a high resonance for fricatives, silence (and a −70 dB noise
 * floor) in pauses, with 15 ms fades so the input itself does not click.
 */
export function syntheticVoice(specs: SegmentSpec[] = phrase(), sampleRate = 16000, seed = 1): SyntheticVoice {
  const random = seededRandom(seed);
  const noise = (): number => {
    const b = random(2);
    return ((b[0] << 8) | b[1]) / 32768 - 1;
  };
  const segments: Segment[] = [];
  let cursor = 0;
  for (const spec of specs) {
    const length = Math.round(spec.seconds * sampleRate);
    segments.push({ ...spec, start: cursor, end: cursor + length });
    cursor += length;
  }
  const out = new Float32Array(cursor);
  const fade = Math.round(0.015 * sampleRate);
  for (const s of segments) {
    const length = s.end - s.start;
    const envelope = (i: number): number => Math.min(1, (i + 0.5) / fade, (length - i - 0.5) / fade) ** 2;
    if (s.kind === 'vowel') {
      const source = new Float64Array(length);
      let phase = 0;
      let previous = 0;
      for (let i = 0; i < length; i++) {
        const f0 = s.f0![0] + ((s.f0![1] - s.f0![0]) * i) / length;
        phase = (phase + f0 / sampleRate) % 1;
        // Rosenberg pulse: opening 40 % of the period, closing 16 %, then closed.
        const g = phase < 0.4 ? 0.5 * (1 - Math.cos((Math.PI * phase) / 0.4)) : phase < 0.56 ? Math.cos((Math.PI * (phase - 0.4)) / 0.32) : 0;
        source[i] = g - previous;
        previous = g;
      }
      let signal: Float64Array = source;
      s.formants!.forEach((f, index) => (signal = resonate(signal, f, BANDWIDTHS[index] ?? 200, sampleRate)));
      for (let i = 0; i < length; i++) out[s.start + i] = signal[i] * envelope(i);
    } else if (s.kind === 'fricative') {
      const source = Float64Array.from({ length }, noise);
      const signal = resonate(resonate(source, 4500, 1500, sampleRate), 2600, 800, sampleRate);
      for (let i = 0; i < length; i++) out[s.start + i] = signal[i] * envelope(i) * 0.25;
    }
  }
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  for (let i = 0; i < out.length; i++) out[i] = (out[i] / peak) * 0.5 + 3e-4 * noise();
  return { samples: out, sampleRate, segments };
}

/** A two-pole resonator (Klatt) with unit gain at DC. */
function resonate(x: Float64Array, frequency: number, bandwidth: number, sampleRate: number): Float64Array {
  const r = Math.exp((-Math.PI * bandwidth) / sampleRate);
  const a1 = 2 * r * Math.cos((2 * Math.PI * frequency) / sampleRate);
  const a2 = -r * r;
  const g = 1 - a1 - a2;
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = g * x[i] + a1 * (y[i - 1] ?? 0) + a2 * (y[i - 2] ?? 0);
  return y;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

/**
 * F0 per 40 ms window (10 ms apart) inside [start, end), by normalised
 * cross-correlation in the time domain: the first lag whose correlation reaches
 * 90 % of the best one (so a doubled period does not win), refined by a parabola.
 * Windows without a correlation of at least `threshold` count as unvoiced (NaN).
 */
export function f0Track(x: Float32Array, sampleRate: number, start: number, end: number, threshold = 0.6, range: [number, number] = [50, 500]): number[] {
  const window = Math.round(0.04 * sampleRate);
  const hop = Math.round(0.01 * sampleRate);
  const minLag = Math.floor(sampleRate / range[1]);
  const maxLag = Math.ceil(sampleRate / range[0]);
  const out: number[] = [];
  for (let s = start; s + window + maxLag <= end; s += hop) {
    const nccf = new Float64Array(maxLag + 2);
    let e0 = 0;
    for (let i = 0; i < window; i++) e0 += x[s + i] * x[s + i];
    for (let lag = minLag - 1; lag <= maxLag + 1; lag++) {
      let cross = 0;
      let e1 = 0;
      for (let i = 0; i < window; i++) {
        cross += x[s + i] * x[s + i + lag];
        e1 += x[s + i + lag] * x[s + i + lag];
      }
      nccf[lag] = e0 > 0 && e1 > 0 ? cross / Math.sqrt(e0 * e1) : 0;
    }
    let best = 0;
    for (let lag = minLag; lag <= maxLag; lag++) best = Math.max(best, nccf[lag]);
    if (best < threshold) {
      out.push(NaN);
      continue;
    }
    // The first local peak within 90 % of the best; the best itself if it sits on the range's edge.
    let lag = minLag;
    while (lag < maxLag && !(nccf[lag] >= 0.9 * best && nccf[lag] >= nccf[lag - 1] && nccf[lag] >= nccf[lag + 1])) lag++;
    const curvature = nccf[lag - 1] - 2 * nccf[lag] + nccf[lag + 1];
    const delta = curvature < 0 ? (0.5 * (nccf[lag - 1] - nccf[lag + 1])) / curvature : 0;
    out.push(sampleRate / (lag + delta));
  }
  return out;
}

/** The median F0 of the voiced windows in [start, end) (NaN if none is voiced). */
export function medianF0Of(x: Float32Array, sampleRate: number, start: number, end: number): number {
  const voiced = f0Track(x, sampleRate, start, end).filter((f) => !Number.isNaN(f));
  return voiced.length ? median(voiced) : NaN;
}

/** RMS level in dB (re full scale) per frame of `seconds`. */
export function levelsDb(x: Float32Array, sampleRate: number, seconds = 0.02): number[] {
  const frame = Math.round(seconds * sampleRate);
  const out: number[] = [];
  for (let s = 0; s + frame <= x.length; s += frame) {
    let sum = 0;
    for (let i = s; i < s + frame; i++) sum += x[i] * x[i];
    out.push(10 * Math.log10(sum / frame + 1e-12));
  }
  return out;
}

const SPECTRUM_SIZE = 512;

/** Log power spectra (dB) of 32 ms Hann frames every 10 ms: 257 bins from 0 to Nyquist per frame. */
export function logSpectrogram(x: Float32Array, sampleRate: number): Float64Array[] {
  const fft = new Fft(SPECTRUM_SIZE);
  const window = hann(SPECTRUM_SIZE);
  const hop = Math.round(0.01 * sampleRate);
  const frames: Float64Array[] = [];
  const re = new Float64Array(SPECTRUM_SIZE);
  const im = new Float64Array(SPECTRUM_SIZE);
  for (let s = 0; s + SPECTRUM_SIZE <= x.length; s += hop) {
    for (let i = 0; i < SPECTRUM_SIZE; i++) {
      re[i] = x[s + i] * window[i];
      im[i] = 0;
    }
    fft.forward(re, im);
    const frame = new Float64Array(SPECTRUM_SIZE / 2 + 1);
    for (let j = 0; j <= SPECTRUM_SIZE / 2; j++) frame[j] = 10 * Math.log10(re[j] * re[j] + im[j] * im[j] + 1e-10);
    frames.push(frame);
  }
  return frames;
}

/** The smooth part of a log spectrum (dB): its cepstrum cut after `lifter` coefficients (2 ms at 16 kHz for 32). */
export function cepstralEnvelope(logSpectrum: Float64Array, lifter = 32): Float64Array {
  const bins = logSpectrum.length - 1;
  const size = 2 * bins;
  const fft = new Fft(size);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  for (let j = 0; j <= bins; j++) re[j] = logSpectrum[j];
  for (let j = 1; j < bins; j++) re[size - j] = logSpectrum[j];
  fft.inverse(re, im);
  for (let q = lifter + 1; q < size - lifter; q++) re[q] = 0;
  im.fill(0);
  fft.forward(re, im);
  return re.slice(0, bins + 1);
}

/** out(bin j) = spectrum(bin j·factor), linearly interpolated and held at Nyquist: a spectrum shifted by 1/factor. */
export function stretchSpectrum(spectrum: Float64Array, factor: number): Float64Array {
  const bins = spectrum.length - 1;
  const out = new Float64Array(bins + 1);
  for (let j = 0; j <= bins; j++) {
    const q = Math.min(j * factor, bins);
    const i = Math.min(Math.floor(q), bins - 1);
    out[j] = spectrum[i] + (spectrum[i + 1] - spectrum[i]) * (q - i);
  }
  return out;
}

/**
 * The ideal simple inverse of a pitch and formant shift, applied to spectra: each
 * frame is split into its envelope (formants) and fine structure (harmonics); the
 * envelope is shifted back by the formant factor and the harmonics by the pitch
 * factor. Better than any audio tool an attacker has (no phase, no artefacts).
 */
export function idealInverse(frames: Float64Array[], pitchFactor: number, formantFactor: number): Float64Array[] {
  return frames.map((frame) => {
    const envelope = cepstralEnvelope(frame);
    const fine = frame.map((v, j) => v - envelope[j]);
    const back = stretchSpectrum(envelope, formantFactor);
    const harmonics = stretchSpectrum(fine, pitchFactor);
    return back.map((v, j) => v + harmonics[j]);
  });
}

/**
 * Mean log-spectral distance (dB) between two spectrograms over the frames where
 * `mask` is true and the bins [fromHz, toHz). Each frame's mean level is removed
 * first, so the distance measures spectral shape, not loudness.
 */
export function logSpectralDistance(a: Float64Array[], b: Float64Array[], sampleRate: number, mask: boolean[], fromHz = 60, toHz = 7000): number {
  const bins = a[0].length - 1;
  const lo = Math.ceil((fromHz / (sampleRate / 2)) * bins);
  const hi = Math.floor((toHz / (sampleRate / 2)) * bins);
  let total = 0;
  let count = 0;
  for (let t = 0; t < Math.min(a.length, b.length); t++) {
    if (!mask[t]) continue;
    let ma = 0;
    let mb = 0;
    for (let j = lo; j < hi; j++) {
      ma += a[t][j];
      mb += b[t][j];
    }
    ma /= hi - lo;
    mb /= hi - lo;
    let sum = 0;
    for (let j = lo; j < hi; j++) sum += (a[t][j] - ma - (b[t][j] - mb)) ** 2;
    total += Math.sqrt(sum / (hi - lo));
    count++;
  }
  return total / count;
}

/** True for the spectrogram frames whose level is within `rangeDb` of the loudest (speech, not pauses). */
export function speechFrames(frames: Float64Array[], rangeDb = 30): boolean[] {
  const levels = frames.map((f) => 10 * Math.log10(f.reduce((s, v) => s + 10 ** (v / 10), 0)));
  const loudest = Math.max(...levels);
  return levels.map((l) => l > loudest - rangeDb);
}

/**
 * WSOLA time stretch (Verhelst and Roelands): 32 ms Hann frames laid down every
 * 8 ms, each taken from within ±8 ms of its nominal place where it best continues
 * the previous one. `ratio` = output length ÷ input length.
 */
export function timeStretch(x: Float32Array, ratio: number, sampleRate: number): Float32Array {
  const size = Math.round(0.032 * sampleRate);
  const hop = size >> 2;
  const tolerance = hop;
  const window = hann(size);
  const length = Math.round(x.length * ratio);
  const out = new Float64Array(length + size);
  const weight = new Float64Array(length + size);
  const at = (i: number): number => x[i] ?? 0;
  let previous = 0;
  for (let k = 0; k * hop < length; k++) {
    const nominal = Math.round((k * hop) / ratio);
    let chosen = nominal;
    if (k > 0) {
      const natural = previous + hop;
      let best = -Infinity;
      for (let d = -tolerance; d <= tolerance; d++) {
        let c = 0;
        for (let i = 0; i < size; i += 2) c += at(natural + i) * at(nominal + d + i);
        if (c > best) {
          best = c;
          chosen = nominal + d;
        }
      }
    }
    for (let i = 0; i < size; i++) {
      out[k * hop + i] += window[i] * at(chosen + i);
      weight[k * hop + i] += window[i];
    }
    previous = chosen;
  }
  const y = new Float32Array(length);
  for (let i = 0; i < length; i++) y[i] = weight[i] > 1e-3 ? out[i] / weight[i] : 0;
  return y;
}

/**
 * A plain pitch shift, as audio editors do it: play faster by `factor` (resample),
 * then stretch back to the original length. Pitch and formants both move by
 * `factor`, and the same call with 1/factor is its simple inverse.
 */
export function plainPitchShift(x: Float32Array, sampleRate: number, factor: number): Float32Array {
  const faster = resample(x, Math.round(sampleRate * factor), sampleRate);
  const stretched = timeStretch(faster, x.length / faster.length, sampleRate);
  const out = new Float32Array(x.length);
  out.set(stretched.subarray(0, x.length));
  return out;
}

/** Peaks (Hz) of the mean LPC envelope of [start, end): the formants, lowest first, as many as found up to `count`. */
export function formantPeaks(x: Float32Array, sampleRate: number, start: number, end: number, count = 4): number[] {
  const order = Math.round(sampleRate / 1000) + 2;
  const size = Math.round(0.03 * sampleRate);
  const window = hann(size);
  const bins = 1024;
  const warper = new EnvelopeWarper(order, bins);
  const mean = new Float64Array(bins + 1);
  const spectrum = new Float64Array(bins + 1);
  const frame = new Float64Array(size);
  const r = new Float64Array(order + 1);
  const a = new Float64Array(order + 1);
  const k = new Float64Array(order + 1);
  let frames = 0;
  for (let s = start; s + size <= end; s += Math.round(0.01 * sampleRate)) {
    for (let i = 0; i < size; i++) frame[i] = (x[s + i] - 0.97 * (x[s + i - 1] ?? 0)) * window[i];
    autocorrelation(frame, order, r);
    const error = levinson(r, order, a, k);
    warper.spectrum(a, error, spectrum);
    for (let j = 0; j <= bins; j++) mean[j] += Math.log(spectrum[j]);
    frames++;
  }
  const peaks: number[] = [];
  for (let j = 1; j < bins && peaks.length < count; j++) {
    if (mean[j] > mean[j - 1] && mean[j] >= mean[j + 1] && frames > 0) peaks.push(((j / bins) * sampleRate) / 2);
  }
  return peaks;
}

/**
 * Mel-cepstra of log power spectra (dB, as {@link logSpectrogram} gives them):
 * `bands` triangular mel filters over [fromHz, toHz], their log energies, and the
 * DCT-II coefficients c₁…c_{count} (c₀, the loudness, left out).
 */
export function melCepstra(frames: Float64Array[], sampleRate: number, bands = 30, count = 12, fromHz = 80, toHz = 5000): Float64Array[] {
  const bins = frames[0].length - 1;
  const mel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
  const hz = (m: number): number => 700 * (10 ** (m / 2595) - 1);
  const edges = Array.from({ length: bands + 2 }, (_, i) => hz(mel(fromHz) + ((mel(toHz) - mel(fromHz)) * i) / (bands + 1)));
  const binHz = sampleRate / 2 / bins;
  return frames.map((frame) => {
    const energies = new Float64Array(bands);
    for (let b = 0; b < bands; b++) {
      let sum = 0;
      for (let j = Math.floor(edges[b] / binHz); j <= Math.ceil(edges[b + 2] / binHz) && j <= bins; j++) {
        const f = j * binHz;
        const weight =
          f < edges[b] || f > edges[b + 2]
            ? 0
            : f <= edges[b + 1]
              ? (f - edges[b]) / (edges[b + 1] - edges[b])
              : (edges[b + 2] - f) / (edges[b + 2] - edges[b + 1]);
        sum += weight * 10 ** (frame[j] / 10);
      }
      energies[b] = Math.log(sum + 1e-12);
    }
    const c = new Float64Array(count);
    for (let k = 1; k <= count; k++) {
      let sum = 0;
      for (let b = 0; b < bands; b++) sum += energies[b] * Math.cos((Math.PI * k * (b + 0.5)) / bands);
      c[k - 1] = sum * Math.sqrt(2 / bands);
    }
    return c;
  });
}

/**
 * Mel-cepstral distortion (dB), the usual measure of how close one voice's timbre
 * is to another's in voice conversion: (10/ln 10)·√(2·Σ(Δcₖ)²), averaged over the
 * frames where `mask` is true.
 */
export function melCepstralDistortion(a: Float64Array[], b: Float64Array[], mask: boolean[]): number {
  let total = 0;
  let count = 0;
  for (let t = 0; t < Math.min(a.length, b.length); t++) {
    if (!mask[t]) continue;
    let sum = 0;
    for (let k = 0; k < a[t].length; k++) sum += (a[t][k] - b[t][k]) ** 2;
    total += (10 / Math.LN10) * Math.sqrt(2 * sum);
    count++;
  }
  return total / count;
}
