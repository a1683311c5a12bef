/**
 * Removes embedded metadata from images before they are encrypted (CRYPTO.md
 * "Attachments", REQUIREMENTS R18): camera make and serial, GPS position, time,
 * editing software, comments. Works on the bytes, so the picture itself is not
 * re-encoded. Anything it cannot parse is refused rather than passed on unclean.
 */

export class ImageMetadataError extends Error {}

export type StrippableType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image types whose metadata is removed, by their leading bytes (the declared type can lie). */
export function strippableType(bytes: Uint8Array): StrippableType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

/** The image without metadata; other files unchanged with `stripped: false`. */
export function stripImageMetadata(bytes: Uint8Array): { bytes: Uint8Array; stripped: boolean } {
  switch (strippableType(bytes)) {
    case 'image/jpeg':
      return { bytes: stripJpeg(bytes), stripped: true };
    case 'image/png':
      return { bytes: stripPng(bytes), stripped: true };
    case 'image/webp':
      return { bytes: stripWebp(bytes), stripped: true };
    default:
      return { bytes, stripped: false };
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * JPEG: keeps the segments needed to show the picture (JFIF APP0, the ICC colour
 * profile in APP2, Adobe APP14 which tells how colours are stored) and drops every
 * other application segment (EXIF and XMP in APP1, IPTC in APP13, maker data) and comments.
 */
function stripJpeg(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) throw new ImageMetadataError('JPEG segment expected');
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      parts.push(bytes.subarray(at, at + 2));
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(bytes.subarray(at, at + 2));
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) throw new ImageMetadataError('JPEG segment truncated');
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) throw new ImageMetadataError('JPEG segment length out of range');
    if (marker === 0xda) {
      // Start of scan: entropy-coded data follows; everything from here is the picture itself.
      parts.push(bytes.subarray(at));
      break;
    }
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keep =
      !isApp && marker !== 0xfe
        ? true
        : marker === 0xe0
          ? ascii(bytes, at + 4, 4) === 'JFIF'
          : marker === 0xe2
            ? ascii(bytes, at + 4, 11) === 'ICC_PROFILE'
            : marker === 0xee && ascii(bytes, at + 4, 5) === 'Adobe';
    if (keep) parts.push(bytes.subarray(at, end));
    at = end;
  }
  return concat(parts);
}

/** PNG chunks that only describe how to show the picture; every other ancillary chunk (text, time, EXIF, unknown) is dropped. */
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'bKGD', 'pHYs', 'acTL', 'fcTL', 'fdAT']);

function stripPng(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let ended = false;
  while (at < bytes.length && !ended) {
    if (at + 12 > bytes.length) throw new ImageMetadataError('PNG chunk truncated');
    const length = view.getUint32(at);
    const type = ascii(bytes, at + 4, 4);
    const end = at + 12 + length;
    if (end > bytes.length) throw new ImageMetadataError('PNG chunk length out of range');
    if (PNG_KEEP.has(type)) parts.push(bytes.subarray(at, end));
    ended = type === 'IEND';
    at = end;
  }
  if (!ended) throw new ImageMetadataError('PNG without IEND');
  return concat(parts);
}

/** WebP: drops the EXIF and XMP chunks and clears their flags in the extended header. */
function stripWebp(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) throw new ImageMetadataError('WebP size out of range');
  const chunks: Uint8Array[] = [];
  let at = 12;
  while (at < riffEnd) {
    if (at + 8 > riffEnd) throw new ImageMetadataError('WebP chunk truncated');
    const type = ascii(bytes, at, 4);
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size + (size & 1);
    if (end > riffEnd) throw new ImageMetadataError('WebP chunk length out of range');
    if (type !== 'EXIF' && type !== 'XMP ') {
      const chunk = bytes.slice(at, end);
      // VP8X flags byte: bit 3 EXIF, bit 2 XMP.
      if (type === 'VP8X' && size >= 1) chunk[8] &= ~0x0c;
      chunks.push(chunk);
    }
    at = end;
  }
  const body = concat(chunks);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, 4 + body.length, true);
  return concat([header, body]);
}
