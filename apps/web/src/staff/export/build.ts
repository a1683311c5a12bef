import { toHex } from '@kanava/crypto';
import { downloadAttachment, listAttachments } from '../attachments';
import { CaseViewWire, OpenedItem, openCase } from '../case-client';
import { redactionOf, standsFor } from '../redactions';
import type { TrustedDirectory } from '../trust';
import type { StaffSession } from '../session';
import { textPdf, PdfLine } from './pdf';
import { answerText } from '../../shared/questionnaire';
import { answersOf } from '../answers';
import { zipStore, ZipEntry } from './zip';

export interface ExportAnswer {
  disclosure: { id: string; ground: string; recipient: string; includesIdentity: boolean; includesPersonsConcerned?: boolean };
  case: CaseViewWire;
}

/** Texts the document needs, in the exporter's language. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

/** A file name that is safe inside the archive and unique in it. */
function safeName(name: string, taken: Set<string>): string {
  const cleaned = [...name].map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
  const base = cleaned.replace(/^\.+/, '_').slice(0, 120) || 'file';
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = base.replace(/(\.[^.]*)?$/, (ext) => `-${i}${ext}`);
  taken.add(candidate);
  return candidate;
}

/**
 * The export for a recorded disclosure (R20), made in this browser: the case as
 * the server gives it for the disclosure, opened with the exporter's keys; every
 * complete attachment downloaded and decrypted; a readable PDF of the case; and a
 * manifest of the SHA-256 of every file. Returns the ZIP's bytes.
 */
export async function buildDisclosureExport(
  session: StaffSession,
  caseId: string,
  disclosureId: string,
  directory: TrustedDirectory,
  t: Translate,
  formatDate: (iso: string) => string,
  language: string,
): Promise<{ name: string; zip: Uint8Array }> {
  const answer = await session.api.get<ExportAnswer>(`/api/staff/cases/${caseId}/disclosures/${disclosureId}/export`);
  const opened = openCase(session, answer.case, directory);
  const view = opened.view;
  const shared = opened.keys.shared;
  if (!shared) throw new Error('no shared key');

  const taken = new Set<string>();
  const files: { entry: ZipEntry; original: string }[] = [];
  for (const a of await listAttachments(session, view, shared, directory)) {
    if (!a.complete || !a.opened) continue;
    const data = await downloadAttachment(session, caseId, a);
    files.push({ entry: { name: `files/${safeName(a.opened.name, taken)}`, data }, original: a.opened.name });
  }

  const str = (v: Record<string, unknown> | null, f: string) => (v ? String(v[f] ?? '') : '');
  // A redaction is written as one: by whom and when, then the redacting handler's version, marked as theirs.
  const redacted = (item: OpenedItem, fields: string[]): PdfLine[] => {
    const r = redactionOf(item)!;
    const name = item.author ?? t('case.unknownAuthor');
    const head = { text: t('redaction.by', { name, date: formatDate(r.at) }) };
    if (!r.replacement) return [head, { text: t('case.unreadable') }];
    const text = fields.map((f) => r.replacement![f] ?? '').filter(Boolean);
    return [head, { text: `${t('redaction.version', { name })}:` }, ...text.map((line) => ({ text: line }))];
  };
  const lines: PdfLine[] = [
    { text: t('export.doc.title', { reference: view.reference }), heading: true },
    { text: t('export.doc.disclosure', { ground: t(`export.ground.${answer.disclosure.ground}`), recipient: answer.disclosure.recipient }) },
    { text: t('export.doc.exported', { date: formatDate(new Date().toISOString()), name: session.user.displayName }) },
    { text: t('export.doc.meta', { channel: view.channelName, received: formatDate(view.receivedAt), status: t(`status.${view.status}`) }) },
  ];
  const report = opened.items.find((i) => i.kind === 'report' && !redactionOf(i)) ?? opened.items.find((i) => standsFor(i, 'report'));
  lines.push({ text: t('case.report'), heading: true });
  if (report && redactionOf(report)) lines.push(...redacted(report, ['title', 'body']));
  else lines.push({ text: str(report?.value ?? null, 'title') }, { text: str(report?.value ?? null, 'body') });
  // The questionnaire's answers, question then answer, as the reporter gave them.
  const answersItem = opened.items.find((i) => i.kind === 'answers');
  if (view.questionnaire || answersItem) {
    const answers = answersOf(answersItem);
    lines.push({ text: t('answers.title'), heading: true });
    if (view.questionnaire) lines.push({ text: t('answers.version', { version: view.questionnaire.version }) });
    if (answers === null) lines.push({ text: t('case.unreadable') });
    else if (answers.length === 0) lines.push({ text: t('answers.none') });
    for (const a of answers ?? []) lines.push({ text: `${a.question}: ${answerText(a, { yes: t('answers.yes'), no: t('answers.no') }, language)}` });
  }
  const subjects = opened.items.filter((i) => standsFor(i, 'subject'));
  lines.push({ text: t('case.subjects'), heading: true });
  // Left out by the server unless the disclosure includes them (R21): say so rather than "none named".
  if (!answer.disclosure.includesPersonsConcerned) lines.push({ text: t('export.concernedLeftOut') });
  else if (subjects.length === 0) lines.push({ text: t('case.noSubjects') });
  // Never printed when left out: a v1 case's redacted entry is under the shared key, so the server cannot hold it back.
  for (const s of answer.disclosure.includesPersonsConcerned ? subjects : []) {
    if (redactionOf(s)) lines.push(...redacted(s, ['name', 'role', 'details']));
    else lines.push({ text: `- ${str(s.value, 'name')} (${str(s.value, 'role')}) ${str(s.value, 'details')}` });
  }
  const identity = opened.items.find((i) => i.kind === 'identity' && i.value);
  if (answer.disclosure.includesIdentity && identity) {
    lines.push(
      { text: t('identity.title'), heading: true },
      { text: `${t('identity.name')}: ${str(identity.value, 'name')}` },
      { text: `${t('identity.contact')}: ${str(identity.value, 'contact')}` },
      { text: `${t('identity.details')}: ${str(identity.value, 'details')}` },
    );
  }
  lines.push({ text: t('case.conversation'), heading: true });
  for (const m of opened.items.filter((i) => standsFor(i, 'message-reporter') || standsFor(i, 'message-handler'))) {
    if (redactionOf(m)) {
      const whose = standsFor(m, 'message-reporter') ? t('case.fromReporter') : t('case.fromHandler');
      lines.push({ text: `${whose}, ${formatDate(m.createdAt)}:` }, ...redacted(m, ['text']));
      continue;
    }
    const who = m.authorKind === 'reporter' ? t('case.fromReporter') : (m.author ?? t('case.unknownAuthor'));
    lines.push({ text: `${who}, ${formatDate(m.createdAt)}:` }, { text: m.value ? str(m.value, 'text') : t('case.unreadable') });
  }

  const hashes: { name: string; hash: string }[] = [];
  for (const f of files) hashes.push({ name: f.entry.name, hash: await sha256Hex(f.entry.data) });
  lines.push({ text: t('export.doc.files'), heading: true });
  if (files.length === 0) lines.push({ text: t('export.doc.noFiles') });
  for (const h of hashes) lines.push({ text: `${h.name}  SHA-256 ${h.hash}` });

  const pdf = textPdf(lines, t('export.doc.title', { reference: view.reference }));
  const docName = `case-${view.reference}.pdf`;
  const all: ZipEntry[] = [{ name: docName, data: pdf }, ...files.map((f) => f.entry)];
  const manifest = [{ name: docName, hash: await sha256Hex(pdf) }, ...hashes].map((h) => `${h.hash}  ${h.name}`).join('\n') + '\n';
  all.push({ name: 'manifest-sha256.txt', data: new TextEncoder().encode(manifest) });
  return { name: `kanava-${view.reference}-disclosure.zip`, zip: zipStore(all) };
}
