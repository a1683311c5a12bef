/**
 * Linear prediction: the per-frame spectral envelope the disguise keeps (moved in
 * frequency) while it throws the speaker's own excitation away.
 *
 * Convention: A(z) = 1 + a₁z⁻¹ + … + a_p z⁻ᵖ, the prediction error is
 * e[n] = Σ aᵢ·x[n−i] (a₀ = 1), and the all-pole model of the frame's power
 * spectrum is error / |A(e^{jω})|², normalised so its mean over ω is about 1.
 */

/** A Hann window of `length` points without zero end points (every sample counts). */
export function hann(length: number): Float64Array {
  const w = new Float64Array(length);
  for (let i = 0; i < length; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / length);
  return w;
}

/** r[τ] = Σ x[n]·x[n+τ] for τ = 0..order, into `out`. */
export function autocorrelation(frame: Float64Array, order: number, out: Float64Array): void {
  const n = frame.length;
  for (let lag = 0; lag <= order; lag++) {
    let sum = 0;
    for (let i = lag; i < n; i++) sum += frame[i] * frame[i - lag];
    out[lag] = sum;
  }
}

/**
 * A Gaussian lag window (bandwidth in Hz): widens the model's resonances a little,
 * so an envelope does not lock onto single harmonics of a high voice.
 */
export function lagWindow(order: number, sampleRate: number, bandwidth = 60): Float64Array {
  const w = new Float64Array(order + 1);
  for (let i = 0; i <= order; i++) w[i] = Math.exp(-0.5 * ((2 * Math.PI * bandwidth * i) / sampleRate) ** 2);
  return w;
}

/**
 * Levinson–Durbin recursion: the predictor `a` (a[0] = 1) and reflection
 * coefficients `k` (k[1..order]) of the autocorrelation `r`. Returns the
 * normalised prediction error (error / r[0], in (0, 1]). A silent frame
 * (r[0] ≤ 0) gives the flat model: a = [1, 0, …], k = 0, error 1. Reflection
 * coefficients are kept inside ±0.9995, so the synthesis filter stays stable.
 */
export function levinson(r: Float64Array, order: number, a: Float64Array, k: Float64Array): number {
  a.fill(0);
  k.fill(0);
  a[0] = 1;
  if (!(r[0] > 0)) return 1;
  let error = r[0];
  for (let m = 1; m <= order; m++) {
    let acc = r[m];
    for (let i = 1; i < m; i++) acc += a[i] * r[m - i];
    let km = -acc / error;
    if (!(km > -0.9995)) km = -0.9995;
    if (!(km < 0.9995)) km = 0.9995;
    k[m] = km;
    for (let i = 1, j = m - 1; i <= j; i++, j--) {
      const ai = a[i];
      const aj = a[j];
      a[i] = ai + km * aj;
      if (i !== j) a[j] = aj + km * ai;
    }
    a[m] = km;
    error *= 1 - km * km;
  }
  return error / r[0];
}

/**
 * Moves a frame's all-pole envelope along the frequency axis and fits a new
 * all-pole model of the same order to the moved envelope: the model's power
 * spectrum is sampled on `bins + 1` points from 0 to Nyquist, read at the source
 * frequencies the caller names for each output point, turned back into an
 * autocorrelation (inverse cosine transform) and solved with {@link levinson}.
 * Tables are computed once per order and bin count.
 */
export class EnvelopeWarper {
  readonly bins: number;
  private readonly order: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly power: Float64Array;
  private readonly moved: Float64Array;
  private readonly r: Float64Array;
  private readonly a: Float64Array;

  constructor(order: number, bins: number) {
    this.order = order;
    this.bins = bins;
    this.cos = new Float64Array((bins + 1) * (order + 1));
    this.sin = new Float64Array((bins + 1) * (order + 1));
    for (let j = 0; j <= bins; j++) {
      for (let i = 0; i <= order; i++) {
        this.cos[j * (order + 1) + i] = Math.cos((Math.PI * j * i) / bins);
        this.sin[j * (order + 1) + i] = Math.sin((Math.PI * j * i) / bins);
      }
    }
    this.power = new Float64Array(bins + 1);
    this.moved = new Float64Array(bins + 1);
    this.r = new Float64Array(order + 1);
    this.a = new Float64Array(order + 1);
  }

  /** The model's power spectrum error/|A|² on the bins, into `out` (length bins + 1). */
  spectrum(a: Float64Array, error: number, out: Float64Array): void {
    const p1 = this.order + 1;
    for (let j = 0; j <= this.bins; j++) {
      let re = 0;
      let im = 0;
      const row = j * p1;
      for (let i = 0; i < p1; i++) {
        re += a[i] * this.cos[row + i];
        im -= a[i] * this.sin[row + i];
      }
      out[j] = error / Math.max(re * re + im * im, 1e-12);
    }
  }

  /**
   * Warps the model (a, error) so that output bin j shows the input envelope at
   * fractional bin `source[j]` (clamped to Nyquist). Writes the new reflection
   * coefficients to `k` (k[1..order]) and returns the new normalised error.
   */
  warp(a: Float64Array, error: number, source: Float64Array, k: Float64Array): number {
    const bins = this.bins;
    this.spectrum(a, error, this.power);
    for (let j = 0; j <= bins; j++) {
      const q = Math.min(source[j], bins);
      const i = Math.min(Math.floor(q), bins - 1);
      const frac = q - i;
      this.moved[j] = this.power[i] + (this.power[i + 1] - this.power[i]) * frac;
    }
    const p1 = this.order + 1;
    for (let lag = 0; lag <= this.order; lag++) {
      // Trapezoid rule over [0, π]: the end points count half.
      let sum = 0.5 * (this.moved[0] + this.moved[bins] * this.cos[bins * p1 + lag]);
      for (let j = 1; j < bins; j++) sum += this.moved[j] * this.cos[j * p1 + lag];
      this.r[lag] = sum / bins;
    }
    // A floor 50 dB under the mean keeps the system well conditioned where the moved envelope is near zero.
    this.r[0] *= 1 + 1e-5;
    return levinson(this.r, this.order, this.a, k);
  }
}
