/** Why the voice engine refused its input. Stable strings: the portal may show or log them. */
export enum VoiceErrorCode {
  BadSampleRate = 'bad_sample_rate',
  BadSamples = 'bad_samples',
  BadChannels = 'bad_channels',
  BadParameters = 'bad_parameters',
  BadRandom = 'bad_random',
  BadWav = 'bad_wav',
  UnsupportedWav = 'unsupported_wav',
  TooLong = 'too_long',
  Aborted = 'aborted',
}

/**
 * The only error type this library throws on bad input. Messages describe the
 * problem, never the audio involved. No function returns silence or partial
 * output instead of throwing.
 */
export class VoiceError extends Error {
  readonly code: VoiceErrorCode;

  constructor(code: VoiceErrorCode, message: string = code) {
    super(message);
    this.name = 'VoiceError';
    this.code = code;
  }
}

/** True when `error` is a {@link VoiceError}, optionally with the given code. */
export function isVoiceError(error: unknown, code?: VoiceErrorCode): error is VoiceError {
  return error instanceof VoiceError && (code === undefined || error.code === code);
}
