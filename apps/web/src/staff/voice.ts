import { decodeWav, downmixToMono, encodeWav, VOICE_MIME_TYPE } from '@kanava/voice';

export { formatDuration } from '../shared/duration';

/** A voice message from the portal: a WAV it disguised before encrypting (docs/voice-disguise.md). */
export function isVoiceMessage(type: string): boolean {
  return type === VOICE_MIME_TYPE || type === 'audio/x-wav' || type === 'audio/wave';
}

/**
 * Checks that decrypted bytes are a PCM WAV and writes them again as the 16-bit mono
 * WAV this console plays, with the duration. The <audio> element only ever parses a
 * file made here, not whatever bytes a sender labelled audio/wav.
 * @throws VoiceError for anything that is not a PCM 16-bit WAV
 */
export function playableVoice(data: Uint8Array): { wav: Uint8Array; durationSeconds: number } {
  const decoded = decodeWav(data);
  const mono = decoded.channels.length === 1 ? decoded.channels[0] : downmixToMono(decoded.channels);
  const wav = encodeWav(mono, decoded.sampleRate);
  decoded.channels.forEach((c) => c.fill(0));
  mono.fill(0);
  return { wav, durationSeconds: mono.length / decoded.sampleRate };
}
