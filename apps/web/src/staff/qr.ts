import { encode } from 'uqr';

/** The quiet zone QR readers need around the symbol (ISO/IEC 18004: four modules). */
export const QR_QUIET_ZONE = 4;

/** The symbol's dark modules for a text, with the quiet zone; medium error correction survives a glare on a screen. */
export function qrModules(text: string): boolean[][] {
  return encode(text, { ecc: 'M', border: QR_QUIET_ZONE }).data;
}

/**
 * One SVG path that fills exactly the dark modules, each row's runs of dark
 * modules as one rectangle: a single element, so the page needs neither a
 * canvas nor a style attribute (the console's CSP allows neither inline).
 */
export function qrPath(modules: boolean[][]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (x + 1 < row.length && row[x + 1]) x++;
      parts.push(`M${start} ${y}h${x - start + 1}v1h-${x - start + 1}z`);
    }
  });
  return parts.join('');
}
