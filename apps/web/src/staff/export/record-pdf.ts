import type { PdfLine } from './pdf';

/** "thirdCountryTransfers" → "Third country transfers". */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The PDF is WinAnsi: typographic punctuation outside Latin-1 is printed as its plain form rather than "?". */
function plain(text: string): string {
  return text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"');
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${words(k)}: ${value(x)}`)
      .join('; ');
  }
  return String(v);
}

/**
 * The lines of a JSON document as a readable PDF: each top-level field a heading,
 * lists as items, objects as "Field: value". Every value of the document is printed,
 * so the PDF says what the JSON says.
 */
export function documentLines(doc: Record<string, unknown>, title: string): PdfLine[] {
  const lines: PdfLine[] = [{ text: plain(title), heading: true }];
  for (const [key, v] of Object.entries(doc)) {
    lines.push({ text: words(key), heading: true });
    if (Array.isArray(v)) {
      if (v.length === 0) lines.push({ text: '-' });
      for (const item of v) lines.push({ text: plain(`- ${value(item)}`) });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) lines.push({ text: plain(`${words(k)}: ${value(x)}`) });
    } else {
      lines.push({ text: plain(value(v)) });
    }
  }
  return lines;
}
