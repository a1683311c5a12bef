import { ImageMetadataError, stripImageMetadata, strippableType } from './strip-metadata';

const text = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const has = (bytes: Uint8Array, needle: string) => Buffer.from(bytes).includes(needle);
const be16 = (n: number) => [n >> 8, n & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

function jpegSegment(marker: number, payload: Uint8Array): Uint8Array {
  return cat([0xff, marker], be16(payload.length + 2), payload);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  // The CRC is not checked by the stripper; zeros keep the fixture short.
  return cat(be32(data.length), text(type), data, [0, 0, 0, 0]);
}

function webpChunk(type: string, data: Uint8Array): Uint8Array {
  return cat(text(type), le32(data.length), data, data.length & 1 ? [0] : []);
}

describe('image metadata removal', () => {
  it('drops EXIF, XMP and comments from a JPEG and keeps JFIF, ICC and the picture', () => {
    const scan = cat([0xff, 0xda], be16(8), [1, 2, 3, 4, 5, 6], text('PIXELS'), [0xff, 0xd9]);
    const jpeg = cat(
      [0xff, 0xd8],
      jpegSegment(0xe0, cat(text('JFIF\0'), [1, 2])),
      jpegSegment(0xe1, text('Exif\0\0GPS-SECRET-60.17N')),
      jpegSegment(0xe1, text('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>AUTHOR-SECRET</x:xmpmeta>')),
      jpegSegment(0xe2, text('ICC_PROFILE\0colour')),
      jpegSegment(0xed, text('Photoshop 3.0\0IPTC-SECRET')),
      jpegSegment(0xfe, text('COMMENT-SECRET')),
      jpegSegment(0xdb, new Uint8Array(65)),
      scan,
    );
    expect(strippableType(jpeg)).toBe('image/jpeg');
    const out = stripImageMetadata(jpeg);
    expect(out.stripped).toBe(true);
    for (const secret of ['GPS-SECRET', 'AUTHOR-SECRET', 'IPTC-SECRET', 'COMMENT-SECRET']) expect(has(out.bytes, secret)).toBe(false);
    expect(has(out.bytes, 'JFIF')).toBe(true);
    expect(has(out.bytes, 'ICC_PROFILE')).toBe(true);
    expect(Buffer.from(out.bytes).subarray(-scan.length)).toEqual(Buffer.from(scan));
  });

  it('drops text, time and EXIF chunks from a PNG and keeps the image chunks in order', () => {
    const ihdr = pngChunk('IHDR', new Uint8Array(13));
    const idat = pngChunk('IDAT', text('PIXELS'));
    const iend = pngChunk('IEND', new Uint8Array(0));
    const png = cat(
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      ihdr,
      pngChunk('tEXt', text('Author\0TEXT-SECRET')),
      pngChunk('eXIf', text('EXIF-SECRET')),
      pngChunk('tIME', new Uint8Array(7)),
      pngChunk('prVt', text('PRIVATE-SECRET')),
      idat,
      iend,
    );
    const out = stripImageMetadata(png);
    expect(out.stripped).toBe(true);
    expect(Buffer.from(out.bytes)).toEqual(Buffer.from(cat(png.subarray(0, 8), ihdr, idat, iend)));
  });

  it('drops EXIF and XMP chunks from a WebP and clears their flags', () => {
    const vp8x = webpChunk('VP8X', Uint8Array.from([0x0c | 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const image = webpChunk('VP8L', text('PIXELS!'));
    const body = cat(text('WEBP'), vp8x, image, webpChunk('EXIF', text('EXIF-SECRET')), webpChunk('XMP ', text('XMP-SECRET')));
    const webp = cat(text('RIFF'), le32(body.length), body);
    const out = stripImageMetadata(webp);
    expect(out.stripped).toBe(true);
    expect(has(out.bytes, 'EXIF-SECRET') || has(out.bytes, 'XMP-SECRET')).toBe(false);
    expect(out.bytes[20]).toBe(0x10);
    expect(new DataView(out.bytes.buffer).getUint32(4, true)).toBe(out.bytes.length - 8);
    expect(has(out.bytes, 'PIXELS!')).toBe(true);
  });

  it('passes other files through unchanged', () => {
    const pdf = text('%PDF-1.7 not an image');
    expect(stripImageMetadata(pdf)).toEqual({ bytes: pdf, stripped: false });
  });

  it('refuses a damaged image instead of passing it on unclean', () => {
    const broken = cat([0xff, 0xd8], [0xff, 0xe1], be16(5000), text('Exif\0\0GPS'));
    expect(() => stripImageMetadata(broken)).toThrow(ImageMetadataError);
    const noEnd = cat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], pngChunk('IHDR', new Uint8Array(13)));
    expect(() => stripImageMetadata(noEnd)).toThrow(ImageMetadataError);
  });
});
