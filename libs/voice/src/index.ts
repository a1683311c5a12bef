/**
 * Kanava's voice disguise, for voice messages (issue 20): runs in the browser
 * (main thread or Web Worker) and in Node, on Float32Array only, with no Web Audio
 * and no other lib. See docs/voice-disguise.md for the design and its limits.
 */
export { VoiceError, VoiceErrorCode, isVoiceError } from './errors';
export type { RandomBytes } from './random';
export { disguiseVoice, disguiseVoiceAsync, disguiseVoiceWith, MAX_DISGUISE_RATE, OUTPUT_LIMIT } from './disguise';
export type { DisguiseOptions, AsyncOptions } from './disguise';
export { drawDisguiseParameters, mapPitch, warpFrequency, unwarpFrequency, FORMANT_BAND_EDGES, OUTPUT_F0_RANGE } from './parameters';
export type { DisguiseParameters, Drift } from './parameters';
export { prepareVoiceMessage, prepareVoiceMessageAsync, VOICE_SAMPLE_RATE } from './message';
export type { VoiceMessage } from './message';
export { resample } from './resample';
export { downmixToMono, normalisePeak, peakOf, DEFAULT_PEAK, MIN_SAMPLE_RATE, MAX_SAMPLE_RATE } from './signal';
export { encodeWav, decodeWav, VOICE_MIME_TYPE, WAV_HEADER_BYTES } from './wav';
export type { DecodedWav } from './wav';
