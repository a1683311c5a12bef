/**
 * What the portal does with a recording: decoded channels in, a disguised WAV out.
 * MediaRecorder gives Opus (WebM or Ogg); `AudioContext.decodeAudioData` turns it
 * into channels at the context's rate (usually 48 kHz); this downmixes, resamples
 * to 16 kHz, disguises, normalises and encodes PCM 16-bit WAV, which the portal
 * encrypts as an attachment of type {@link VOICE_MIME_TYPE}.
 */
import { AsyncOptions, DisguiseOptions, disguiseSteps, runSteps, runStepsAsync } from './disguise';
import { drawDisguiseParameters } from './parameters';
import { resample } from './resample';
import { DEFAULT_PEAK, downmixToMono, normalisePeak } from './signal';
import { encodeWav } from './wav';

/** The rate of every disguised voice message: speech needs nothing above 8 kHz, and it costs 32,000 bytes a second. */
export const VOICE_SAMPLE_RATE = 16000;

/** A disguised voice message, ready to encrypt. */
export interface VoiceMessage {
  /** The WAV file (audio/wav, PCM 16-bit mono at {@link VOICE_SAMPLE_RATE}). */
  wav: Uint8Array;
  sampleRate: number;
  durationSeconds: number;
}

function* messageSteps(channels: readonly Float32Array[], sampleRate: number, options: DisguiseOptions): Generator<number, VoiceMessage> {
  const parameters = drawDisguiseParameters(options.random);
  const mono = downmixToMono(channels);
  const voice = resample(mono, sampleRate, VOICE_SAMPLE_RATE);
  mono.fill(0); // copies of the undisguised voice are wiped as soon as they are used up
  yield 0.05;
  const steps = disguiseSteps(voice, VOICE_SAMPLE_RATE, parameters);
  let disguised: Float32Array;
  for (;;) {
    const r = steps.next();
    if (r.done) {
      disguised = r.value;
      break;
    }
    yield 0.05 + 0.9 * r.value;
  }
  voice.fill(0);
  const wav = encodeWav(normalisePeak(disguised, DEFAULT_PEAK), VOICE_SAMPLE_RATE);
  return { wav, sampleRate: VOICE_SAMPLE_RATE, durationSeconds: disguised.length / VOICE_SAMPLE_RATE };
}

/**
 * Turns decoded channels (e.g. `AudioBuffer.getChannelData(i)` for each i, at
 * `AudioBuffer.sampleRate`) into a disguised voice message. The caller's arrays
 * are not changed; the caller should wipe them (`fill(0)`) once this returns, as
 * this function wipes its own copies. A silent recording gives a silent message.
 *
 * @throws VoiceError bad_channels, bad_samples, bad_sample_rate, bad_random
 */
export function prepareVoiceMessage(channels: readonly Float32Array[], sampleRate: number, options: DisguiseOptions): VoiceMessage {
  return runSteps(messageSteps(channels, sampleRate, options));
}

/** {@link prepareVoiceMessage} in slices with progress and cancellation (what a page should call). */
export function prepareVoiceMessageAsync(
  channels: readonly Float32Array[],
  sampleRate: number,
  options: DisguiseOptions & AsyncOptions,
): Promise<VoiceMessage> {
  return runStepsAsync(messageSteps(channels, sampleRate, options), options);
}
