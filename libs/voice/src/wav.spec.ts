import { decodeWav, encodeWav, isVoiceError, VoiceErrorCode, WAV_HEADER_BYTES } from './index';

describe('encodeWav', () => {
  it('writes the exact 44-byte canonical header of PCM 16-bit mono', () => {
    const bytes = encodeWav(new Float32Array([0, 1, -1, 0.5]), 16000);
    expect(bytes).toHaveLength(WAV_HEADER_BYTES + 8);
    // prettier-ignore
    const header = [
      0x52, 0x49, 0x46, 0x46, 44, 0, 0, 0, 0x57, 0x41, 0x56, 0x45, // "RIFF", 36 + 8, "WAVE"
      0x66, 0x6d, 0x74, 0x20, 16, 0, 0, 0, 1, 0, 1, 0, // "fmt ", 16, PCM, mono
      0x80, 0x3e, 0, 0, 0x00, 0x7d, 0, 0, 2, 0, 16, 0, // 16,000 Hz, 32,000 bytes/s, block 2, 16 bits
      0x64, 0x61, 0x74, 0x61, 8, 0, 0, 0, // "data", 8 bytes
    ];
    expect(Array.from(bytes.subarray(0, 44))).toEqual(header);
    expect(Array.from(new Int16Array(bytes.slice(44).buffer))).toEqual([0, 32767, -32767, 16384]);
  });

  it('clamps out-of-range samples instead of wrapping them', () => {
    const bytes = encodeWav(new Float32Array([1.7, -3]), 8000);
    expect(Array.from(new Int16Array(bytes.slice(44).buffer))).toEqual([32767, -32767]);
  });

  it('costs 32,000 bytes per second at 16 kHz', () => {
    expect(encodeWav(new Float32Array(16000), 16000)).toHaveLength(44 + 32000);
  });

  it('refuses NaN and bad rates', () => {
    expect(() => encodeWav(new Float32Array([NaN]), 16000)).toThrow(expect.objectContaining({ code: VoiceErrorCode.BadSamples }));
    expect(() => encodeWav(new Float32Array(1), 1000)).toThrow(expect.objectContaining({ code: VoiceErrorCode.BadSampleRate }));
  });
});

describe('decodeWav', () => {
  it('reads back what encodeWav wrote, to the 16-bit step', () => {
    const samples = Float32Array.from({ length: 200 }, (_, i) => Math.sin(i / 7) * 0.8);
    const decoded = decodeWav(encodeWav(samples, 22050));
    expect(decoded.sampleRate).toBe(22050);
    expect(decoded.channels).toHaveLength(1);
    decoded.channels[0].forEach((v, i) => expect(Math.abs(v - samples[i])).toBeLessThanOrEqual(0.5 / 32767 + 1e-7));
  });

  it('refuses what is not a PCM 16-bit WAV file with a coded error', () => {
    const good = encodeWav(new Float32Array(4), 16000);
    const float = good.slice();
    float[20] = 3; // IEEE float
    const truncated = good.slice(0, 30);
    const cases: [Uint8Array, VoiceErrorCode][] = [
      [new TextEncoder().encode('OggS not a wav file'), VoiceErrorCode.BadWav],
      [float, VoiceErrorCode.UnsupportedWav],
      [truncated, VoiceErrorCode.BadWav],
      [good.slice(0, 36), VoiceErrorCode.BadWav],
    ];
    for (const [bytes, code] of cases) {
      let caught: unknown;
      try {
        decodeWav(bytes);
      } catch (error) {
        caught = error;
      }
      expect(isVoiceError(caught, code)).toBe(true);
    }
  });
});
