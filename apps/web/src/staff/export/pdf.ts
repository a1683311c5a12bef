/**
 * A plain-text PDF (A4, Helvetica, WinAnsi): enough for a readable record of a
 * case that opens in every viewer, with no font files and no library. Characters
 * outside Latin-1 (which WinAnsi covers for Finnish and Swedish) print as "?".
 */
export interface PdfLine {
  text: string;
  /** Headings print larger and bold. */
  heading?: boolean;
}

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 56;
const SIZE = 10;
const LEADING = 14;
const WRAP = 95;

/** Wraps a paragraph at word boundaries (long words are cut) to at most `width` characters. */
export function wrap(text: string, width = WRAP): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      let w = word;
      while (w.length > width) {
        if (line) {
          out.push(line);
          line = '';
        }
        out.push(w.slice(0, width));
        w = w.slice(width);
      }
      if (!line) line = w;
      else if (line.length + 1 + w.length <= width) line += ' ' + w;
      else {
        out.push(line);
        line = w;
      }
    }
    out.push(line);
  }
  return out;
}

function literal(text: string): string {
  let s = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const c = code < 32 || code > 255 ? '?' : ch;
    s += c === '\\' || c === '(' || c === ')' ? '\\' + c : c;
  }
  return `(${s})`;
}

/** Bytes of a latin-1 string (the PDF is written in that encoding). */
function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function textPdf(lines: PdfLine[], title: string): Uint8Array {
  const perPage = Math.floor((PAGE_H - 2 * MARGIN) / LEADING);
  const laid: PdfLine[] = lines.flatMap((l) =>
    l.heading ? [{ text: '' }, ...wrap(l.text, 70).map((t) => ({ text: t, heading: true }))] : wrap(l.text).map((t) => ({ text: t })),
  );
  const pages: PdfLine[][] = [];
  for (let i = 0; i < laid.length || pages.length === 0; i += perPage) pages.push(laid.slice(i, i + perPage));

  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 6 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  objects[5] = `<< /Title ${literal(title)} /Producer (Kanava) >>`;
  pages.forEach((page, i) => {
    let y = PAGE_H - MARGIN;
    const ops = page.map((l) => {
      const op = `BT /${l.heading ? 'F2 12' : `F1 ${SIZE}`} Tf ${MARGIN} ${y} Td ${literal(l.text)} Tj ET`;
      y -= LEADING;
      return op;
    });
    ops.push(`BT /F1 8 Tf ${MARGIN} ${MARGIN / 2} Td ${literal(`${i + 1} / ${pages.length}`)} Tj ET`);
    const stream = ops.join('\n');
    objects[pageIds[i]] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`;
    objects[pageIds[i] + 1] = `<< /Length ${latin1(stream).length} >>\nstream\n${stream}\nendstream`;
  });

  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = body.length;
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return latin1(body);
}
