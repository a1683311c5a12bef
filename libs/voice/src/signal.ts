import { VoiceError, VoiceErrorCode } from './errors';

/** Lowest and highest sample rate the helpers accept (Hz, integers). */
export const MIN_SAMPLE_RATE = 8000;
export const MAX_SAMPLE_RATE = 192000;

/** Peak level of a prepared voice message: −1 dBFS, headroom for lossy players and resampling. */
export const DEFAULT_PEAK = 0.891;

export function assertSampleRate(sampleRate: number, max = MAX_SAMPLE_RATE): void {
  if (!Number.isInteger(sampleRate) || sampleRate < MIN_SAMPLE_RATE || sampleRate > max) {
    throw new VoiceError(VoiceErrorCode.BadSampleRate, `the sample rate must be a whole number of Hz from ${MIN_SAMPLE_RATE} to ${max}`);
  }
}

/** Refuses anything but a Float32Array of finite numbers (NaN or ±Infinity would poison every later step). */
export function assertSamples(samples: Float32Array): void {
  if (!(samples instanceof Float32Array)) throw new VoiceError(VoiceErrorCode.BadSamples, 'samples must be a Float32Array');
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) throw new VoiceError(VoiceErrorCode.BadSamples, `sample ${i} is not a finite number`);
  }
}

/** The largest absolute sample value (0 for an empty signal). */
export function peakOf(samples: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = Math.abs(samples[i]);
    if (v > peak) peak = v;
  }
  return peak;
}

/**
 * The mean of the channels, sample by sample: what `AudioBuffer.getChannelData(i)`
 * gives for each channel becomes one mono signal. Always a new array, so the
 * caller can wipe its own buffers afterwards.
 */
export function downmixToMono(channels: readonly Float32Array[]): Float32Array {
  if (!Array.isArray(channels) || channels.length === 0) throw new VoiceError(VoiceErrorCode.BadChannels, 'give at least one channel');
  const length = channels[0]?.length;
  for (const channel of channels) {
    assertSamples(channel);
    if (channel.length !== length) throw new VoiceError(VoiceErrorCode.BadChannels, 'all channels must have the same length');
  }
  const out = new Float32Array(length);
  if (channels.length === 1) {
    out.set(channels[0]);
    return out;
  }
  const scale = 1 / channels.length;
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i] += channel[i] * scale;
  }
  return out;
}

/**
 * Scales the signal so its largest absolute sample is `peak` (default −1 dBFS),
 * up or down. A silent signal is returned unchanged (there is nothing to scale).
 * Always a new array.
 */
export function normalisePeak(samples: Float32Array, peak = DEFAULT_PEAK): Float32Array {
  assertSamples(samples);
  if (!(peak > 0 && peak <= 1)) throw new VoiceError(VoiceErrorCode.BadParameters, 'the target peak must be in (0, 1]');
  const current = peakOf(samples);
  const out = new Float32Array(samples.length);
  if (current === 0) return out;
  const gain = peak / current;
  for (let i = 0; i < samples.length; i++) out[i] = samples[i] * gain;
  // Float32 rounding can overshoot the target by an ulp; the promise is "at most peak".
  for (let i = 0; i < out.length; i++) {
    if (out[i] > peak) out[i] = peak;
    else if (out[i] < -peak) out[i] = -peak;
  }
  return out;
}
