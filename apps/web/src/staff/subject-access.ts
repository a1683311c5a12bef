import { catalogs } from './i18n';
import { textPdf, PdfLine } from './export/pdf';
import type { OpenedItem } from './case-client';

/** `GET /api/staff/subject-access-requests/:id`. */
export interface AccessRequestWire {
  id: string;
  requesterRole: string;
  language: 'fi' | 'sv' | 'en';
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  extension: { reason: string; extendedAt: string } | null;
  answeredAt: string | null;
  decisions: { caseId: string; reference: string; decision: string; grounds: string[]; decidedAt: string }[];
}

export const ACCESS_ROLES = ['person_concerned', 'reporter', 'other'];
export const ACCESS_DECISIONS = ['released', 'partly_withheld', 'withheld'];
export const ACCESS_GROUNDS = ['protects_reporter_identity', 'jeopardises_investigation', 'protects_others', 'legal_claims'];
export const ACCESS_EXTENSIONS = ['complex', 'number_of_requests'];

/** The text fields of an opened item that a search reads (report, persons concerned, messages, notes). */
export function itemText(item: OpenedItem): string {
  if (!item.value) return '';
  return Object.values(item.value)
    .filter((v): v is string => typeof v === 'string')
    .join('\n');
}

/** Whether an item mentions the term (case- and accent-insensitively enough for names: NFKC, lower case). */
export function mentions(item: OpenedItem, term: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').toLocaleLowerCase();
  return !!term.trim() && norm(itemText(item)).includes(norm(term.trim()));
}

/** One case's part of the answer: what is released (the items' text) or that something is withheld and why. */
export interface AnswerPart {
  reference: string;
  decision: string;
  grounds: string[];
  released: { kind: string; text: string }[];
}

/**
 * The answer to a subject access request as a PDF, made in this browser in the
 * requester's language (not the handler's): what data the organisation holds about
 * them in the whistleblowing channel, released parts verbatim, withheld parts with
 * their grounds, the route to the Data Protection Ombudsman when anything is
 * withheld, and that the right to restriction (GDPR 18) does not apply (FI 31 §).
 */
export function answerPdf(request: AccessRequestWire, requester: string, parts: AnswerPart[], today: string): Uint8Array {
  const c = catalogs[request.language];
  const t = (key: string, values: Record<string, string> = {}) => (c[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
  const lines: PdfLine[] = [
    { text: t('access.pdf.title'), heading: true },
    { text: t('access.pdf.to', { name: requester, date: today, received: request.receivedAt.slice(0, 10) }) },
    { text: parts.length ? t('access.pdf.intro') : t('access.pdf.none') },
  ];
  for (const p of parts) {
    lines.push({ text: t('access.pdf.case', { reference: p.reference }), heading: true });
    lines.push({ text: t(`access.pdf.decision.${p.decision}`) });
    for (const r of p.released) lines.push({ text: `${t(`access.pdf.kind.${r.kind}`)}: ${r.text}` });
    for (const g of p.grounds) lines.push({ text: `- ${t(`access.ground.${g}`)}` });
  }
  if (parts.some((p) => p.decision !== 'released')) lines.push({ text: t('access.pdf.ombudsman') });
  lines.push({ text: t('access.pdf.restriction') });
  return textPdf(lines, t('access.pdf.title'));
}
