import { VoiceError, VoiceErrorCode } from './errors';
import { assertSampleRate, assertSamples } from './signal';

/** The media type of a disguised voice message. */
export const VOICE_MIME_TYPE = 'audio/wav';

/** Bytes of the canonical header {@link encodeWav} writes before the samples. */
export const WAV_HEADER_BYTES = 44;

/** Largest sample data a RIFF file can describe (its sizes are 32-bit). */
const MAX_DATA_BYTES = 0xffffffff - (WAV_HEADER_BYTES - 8);

function ascii(view: DataView, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
}

function readAscii(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
}

/**
 * A mono PCM 16-bit little-endian WAV file: the 44-byte canonical header (RIFF,
 * WAVE, a 16-byte `fmt ` chunk with format 1, `data`) and the samples, clamped to
 * [−1, 1] and rounded to the nearest of the 65,535 levels ±32,767 (symmetric, so
 * silence stays exactly zero and a sign flip is exact). 16 kHz gives 32,000 bytes
 * per second.
 */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  assertSamples(samples);
  assertSampleRate(sampleRate);
  const dataBytes = samples.length * 2;
  if (dataBytes > MAX_DATA_BYTES) throw new VoiceError(VoiceErrorCode.TooLong, 'the recording is too long for one WAV file');
  const bytes = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  ascii(view, 0, 'RIFF');
  view.setUint32(4, WAV_HEADER_BYTES - 8 + dataBytes, true);
  ascii(view, 8, 'WAVE');
  ascii(view, 12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // channels
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(view, 36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(WAV_HEADER_BYTES + 2 * i, Math.round(v * 32767), true);
  }
  return bytes;
}

/** A decoded PCM WAV file: one Float32Array per channel, samples in [−1, 1]. */
export interface DecodedWav {
  sampleRate: number;
  channels: Float32Array[];
}

/**
 * Reads a PCM 16-bit WAV file (any channel count up to 8; WAVE_FORMAT_EXTENSIBLE
 * with the PCM sub-format too), skipping chunks it does not need (LIST, fact).
 * Throws `bad_wav` for anything malformed or truncated and `unsupported_wav` for
 * other encodings (8-, 24- or 32-bit, float, compressed).
 */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  if (!(bytes instanceof Uint8Array) || bytes.length < 12 || readAscii(bytes, 0) !== 'RIFF' || readAscii(bytes, 8) !== 'WAVE') {
    throw new VoiceError(VoiceErrorCode.BadWav, 'not a RIFF WAVE file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: { channels: number; sampleRate: number; bits: number; blockAlign: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = readAscii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (body + size > bytes.length) throw new VoiceError(VoiceErrorCode.BadWav, `the ${id.trim()} chunk runs past the end of the file`);
    if (id === 'fmt ') {
      if (size < 16) throw new VoiceError(VoiceErrorCode.BadWav, 'the fmt chunk is too short');
      let tag = view.getUint16(body, true);
      if (tag === 0xfffe && size >= 40) tag = view.getUint16(body + 24, true); // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts with the tag
      format = {
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
      if (tag !== 1 || format.bits !== 16) throw new VoiceError(VoiceErrorCode.UnsupportedWav, 'only PCM 16-bit WAV files are read');
      if (format.channels < 1 || format.channels > 8 || format.blockAlign !== 2 * format.channels)
        throw new VoiceError(VoiceErrorCode.BadWav, 'the fmt chunk is inconsistent');
      assertSampleRate(format.sampleRate);
    } else if (id === 'data') {
      if (!format) throw new VoiceError(VoiceErrorCode.BadWav, 'the data chunk comes before the fmt chunk');
      const frames = Math.floor(size / format.blockAlign);
      const channels = Array.from({ length: format.channels }, () => new Float32Array(frames));
      for (let i = 0; i < frames; i++) {
        // The inverse of encodeWav's scale, so a file it wrote reads back to the same levels; −32,768 becomes −1.
        for (let c = 0; c < format.channels; c++) channels[c][i] = Math.max(-1, view.getInt16(body + i * format.blockAlign + 2 * c, true) / 32767);
      }
      return { sampleRate: format.sampleRate, channels };
    }
    offset = body + size + (size & 1); // chunks are padded to an even length
  }
  throw new VoiceError(VoiceErrorCode.BadWav, 'the file has no data chunk');
}
