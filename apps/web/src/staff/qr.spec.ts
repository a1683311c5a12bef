import { encode } from 'uqr';
import { QR_QUIET_ZONE, qrModules, qrPath } from './qr';

const URI =
  'otpauth://totp/Kanava%20%E2%80%93%20Test%20Oy:handler%40example.test?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Kanava&algorithm=SHA1&digits=6&period=30';

/** Paints the path back onto a grid: every command is `M x y h w v1 h-w z`. */
function rasterise(path: string, size: number): boolean[][] {
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const m of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
    const [x, y, w, back] = m.slice(1).map(Number);
    expect(back).toBe(w);
    for (let i = 0; i < w; i++) {
      expect(grid[y][x + i]).toBe(false); // no module painted twice
      grid[y][x + i] = true;
    }
  }
  expect(path.replace(/M\d+ \d+h\d+v1h-\d+z/g, '')).toBe('');
  return grid;
}

/** The 15 format bits of ISO/IEC 18004 (error correction level and mask, BCH-protected and masked). */
function formatBits(level: 'L' | 'M' | 'Q' | 'H', mask: number): number {
  const data = ({ L: 1, M: 0, Q: 3, H: 2 }[level] << 3) | mask;
  let rem = data << 10;
  for (let i = 14; i >= 10; i--) if ((rem >> i) & 1) rem ^= 0x537 << (i - 10);
  return ((data << 10) | rem) ^ 0x5412;
}

describe('QR code of the authenticator set-up address', () => {
  const modules = qrModules(URI);
  const size = modules.length;
  const at = (x: number, y: number) => modules[y + QR_QUIET_ZONE][x + QR_QUIET_ZONE];

  it('has the size of a QR version, a quiet zone and the three finder patterns', () => {
    const inner = size - 2 * QR_QUIET_ZONE;
    expect((inner - 17) % 4).toBe(0);
    const version = (inner - 17) / 4;
    expect(version).toBeGreaterThanOrEqual(1);
    expect(version).toBeLessThanOrEqual(10);
    for (let i = 0; i < size; i++)
      for (let q = 0; q < QR_QUIET_ZONE; q++) {
        expect([modules[q][i], modules[size - 1 - q][i], modules[i][q], modules[i][size - 1 - q]]).toEqual([false, false, false, false]);
      }
    const finder = (ox: number, oy: number) => {
      for (let y = 0; y < 7; y++)
        for (let x = 0; x < 7; x++) {
          const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
          expect({ x: ox + x, y: oy + y, dark: at(ox + x, oy + y) }).toEqual({ x: ox + x, y: oy + y, dark: ring !== 2 });
        }
    };
    finder(0, 0);
    finder(inner - 7, 0);
    finder(0, inner - 7);
    // Timing patterns alternate between the finders.
    for (let i = 8; i < inner - 8; i++) expect([at(i, 6), at(6, i)]).toEqual([i % 2 === 0, i % 2 === 0]);
  });

  it('carries medium error correction in its format information', () => {
    const mask = encode(URI, { ecc: 'M', border: QR_QUIET_ZONE }).maskPattern;
    const expected = formatBits('M', mask);
    // The copy beside the top-left finder, most significant bit first: along row 8 from the left, then up column 8 (the timing pattern skipped).
    const cells: [number, number][] = [
      [0, 8],
      [1, 8],
      [2, 8],
      [3, 8],
      [4, 8],
      [5, 8],
      [7, 8],
      [8, 8],
      [8, 7],
      [8, 5],
      [8, 4],
      [8, 3],
      [8, 2],
      [8, 1],
      [8, 0],
    ];
    const read = cells.reduce((bits, [x, y]) => (bits << 1) | (at(x, y) ? 1 : 0), 0);
    expect(read.toString(2).padStart(15, '0')).toBe(expected.toString(2).padStart(15, '0'));
    // The level matters: the same mask at level L has other format bits.
    expect(formatBits('L', mask)).not.toBe(expected);
  });

  it('draws exactly the dark modules as one path', () => {
    expect(rasterise(qrPath(modules), size)).toEqual(modules);
    expect(qrPath([[false, true, true, false, true]])).toBe('M1 0h2v1h-2zM4 0h1v1h-1z');
    expect(qrPath([[false]])).toBe('');
  });
});
