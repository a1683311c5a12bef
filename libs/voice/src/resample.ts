import { assertSampleRate, assertSamples } from './signal';

/** Zero crossings of the sinc kernel on each side, counted at the lower of the two rates. */
const ZERO_CROSSINGS = 16;
/** Kaiser window shape: about 80 dB stop-band attenuation. */
const KAISER_BETA = 8;
/** The kernel's −6 dB point, as a fraction of the lower rate's Nyquist frequency. */
const CUTOFF = 0.95;
/** Above this many distinct output positions per input sample, positions are rounded to this grid. */
const MAX_PHASES = 4096;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast for the β used here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/**
 * Band-limited resampling by windowed-sinc interpolation (Kaiser window), with one
 * precomputed filter per output phase (polyphase). Going down, the kernel is
 * stretched to the output rate, so content above the new Nyquist frequency is
 * removed instead of folding back. Both rates are whole Hz from 8,000 to 192,000;
 * the output has `round(length · toRate / fromRate)` samples and the same duration.
 * Samples outside the input count as silence. Always a new array.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  assertSamples(samples);
  assertSampleRate(fromRate);
  assertSampleRate(toRate);
  if (fromRate === toRate) return samples.slice();
  const n = samples.length;
  const outLength = Math.round((n * toRate) / fromRate);
  const out = new Float32Array(outLength);
  if (n === 0 || outLength === 0) return out;

  // Output j sits at input position j·step/den (an exact fraction).
  const g = gcd(fromRate, toRate);
  const step = fromRate / g;
  const den = toRate / g;
  const exact = den <= MAX_PHASES;
  const phases = exact ? den : MAX_PHASES;
  const scale = Math.min(1, toRate / fromRate);
  const cutoff = CUTOFF * scale;
  const half = Math.ceil(ZERO_CROSSINGS / scale);
  const taps = 2 * half;
  const table = new Float32Array(phases * taps);
  const i0Beta = besselI0(KAISER_BETA);
  for (let p = 0; p < phases; p++) {
    const frac = p / phases;
    for (let t = 0; t < taps; t++) {
      const d = t - half + 1 - frac; // input sample minus output position
      const x = Math.PI * cutoff * d;
      const sinc = d === 0 ? 1 : Math.sin(x) / x;
      const u = d / half;
      const window = Math.abs(u) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - u * u)) / i0Beta;
      table[p * taps + t] = cutoff * sinc * window;
    }
  }

  for (let j = 0; j < outLength; j++) {
    const position = j * step;
    let i0 = Math.floor(position / den);
    let p: number;
    if (exact) {
      p = position - i0 * den;
    } else {
      p = Math.round(((position - i0 * den) / den) * phases);
      if (p === phases) {
        p = 0;
        i0++;
      }
    }
    const base = i0 - half + 1;
    const row = p * taps;
    let sum = 0;
    if (base >= 0 && base + taps <= n) {
      for (let t = 0; t < taps; t++) sum += samples[base + t] * table[row + t];
    } else {
      const from = Math.max(0, -base);
      const to = Math.min(taps, n - base);
      for (let t = from; t < to; t++) sum += samples[base + t] * table[row + t];
    }
    out[j] = sum;
  }
  return out;
}
