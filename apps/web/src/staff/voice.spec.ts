import { decodeWav, encodeWav, isVoiceError, VoiceErrorCode } from '@kanava/voice';
import { formatDuration, isVoiceMessage, playableVoice } from './voice';

const tone = (seconds: number, rate: number, frequency: number) =>
  Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * frequency * i) / rate));

/** A PCM 16-bit WAV with several channels, written by hand (encodeWav writes mono only). */
function stereoWav(left: Float32Array, right: Float32Array, rate: number): Uint8Array {
  const bytes = new Uint8Array(44 + left.length * 4);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + left.length * 4, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 2, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 4, true);
  view.setUint16(32, 4, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, left.length * 4, true);
  for (let i = 0; i < left.length; i++) {
    view.setInt16(44 + i * 4, Math.round(left[i] * 32767), true);
    view.setInt16(46 + i * 4, Math.round(right[i] * 32767), true);
  }
  return bytes;
}

describe('voice messages in the console', () => {
  it('recognises the portal type (and the other names of WAV), nothing else', () => {
    expect(isVoiceMessage('audio/wav')).toBe(true);
    expect(isVoiceMessage('audio/x-wav')).toBe(true);
    expect(isVoiceMessage('audio/webm')).toBe(false);
    expect(isVoiceMessage('application/octet-stream')).toBe(false);
    expect(isVoiceMessage('')).toBe(false);
  });

  it('writes a portal WAV again, sample for sample, with its duration', () => {
    const samples = tone(2.5, 16000, 220);
    const original = encodeWav(samples, 16000);
    const { wav, durationSeconds } = playableVoice(original.slice());
    expect(durationSeconds).toBeCloseTo(2.5, 6);
    expect(Buffer.from(wav).equals(Buffer.from(original))).toBe(true);
  });

  it('downmixes a stereo WAV to mono at its own rate', () => {
    const left = tone(1, 22050, 300);
    const right = tone(1, 22050, 300);
    const { wav, durationSeconds } = playableVoice(stereoWav(left, right, 22050));
    const decoded = decodeWav(wav);
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.channels).toHaveLength(1);
    expect(durationSeconds).toBeCloseTo(1, 6);
    expect(decoded.channels[0][100]).toBeCloseTo(left[100], 3);
  });

  it('refuses bytes that are not a PCM WAV with a coded VoiceError, whatever the sender called them', () => {
    const webm = Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const truncated = encodeWav(tone(1, 16000, 200), 16000).subarray(0, 1000);
    for (const bytes of [new Uint8Array(0), webm, truncated, new TextEncoder().encode('RIFF....WAVEnonsense')]) {
      let caught: unknown = null;
      try {
        playableVoice(bytes);
      } catch (e) {
        caught = e;
      }
      expect(isVoiceError(caught, VoiceErrorCode.BadWav) || isVoiceError(caught, VoiceErrorCode.UnsupportedWav)).toBe(true);
    }
  });

  it('shows lengths in whole seconds as m:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(0.4)).toBe('0:01');
    expect(formatDuration(1.9)).toBe('0:01');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(180)).toBe('3:00');
  });
});
