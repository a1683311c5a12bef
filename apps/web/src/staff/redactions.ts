import { isRedactableKind, RedactableKind, REDACTION_FIELDS, RedactionValue } from '@kanava/crypto';
import type { OpenedItem } from './case-client';

/** A handler's redaction as the console shows it: what it stands for, when, and the handler's version. */
export interface RedactionView {
  /** The kind of the item it replaced; null when the redaction could not be opened. */
  redactedKind: RedactableKind | null;
  /** When: as the redacting handler signed it (the createdAt of one made before the redaction kind). */
  at: string;
  /** The handler's version, or null when it could not be opened. */
  replacement: Record<string, string> | null;
  /** The original item's id, for a redaction of it again. */
  redactedItemId: string;
}

/**
 * The redaction an item is, or null when it is none: an item of kind `redaction`, or one
 * of a reporter's kinds signed by a handler (how redactions were made before the
 * redaction kind existed: shown as the handler's, never as the reporter's words).
 */
export function redactionOf(item: OpenedItem): RedactionView | null {
  if (item.kind === 'redaction') {
    const v = item.value as unknown as RedactionValue | null;
    return v
      ? { redactedKind: v.redactedKind, at: v.redactedAt, replacement: v.replacement, redactedItemId: v.redactedItemId }
      : { redactedKind: null, at: item.createdAt, replacement: null, redactedItemId: item.itemId };
  }
  if (item.authorKind === 'handler' && (item.kind === 'report' || item.kind === 'subject' || item.kind === 'message-reporter') && isRedactableKind(item.kind)) {
    const kind = item.kind;
    const replacement = item.value ? Object.fromEntries(REDACTION_FIELDS[kind].map((f) => [f, String(item.value![f] ?? '')])) : null;
    return { redactedKind: kind, at: item.createdAt, replacement, redactedItemId: item.itemId };
  }
  return null;
}

/** Whether the item stands for something of `kind`: the item itself, or a redaction of it. */
export function standsFor(item: OpenedItem, kind: RedactableKind): boolean {
  const r = redactionOf(item);
  return r ? r.redactedKind === kind : item.kind === kind;
}
