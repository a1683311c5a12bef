import type { AnswerValue } from '@kanava/crypto';
import type { OpenedItem } from './case-client';

/** The answers of an opened `answers` item, or null when it could not be opened or is not the reporter's own. */
export function answersOf(item: OpenedItem | undefined): AnswerValue[] | null {
  if (!item?.value || !item.trusted || item.authorKind !== 'reporter') return null;
  return (item.value.answers as AnswerValue[] | undefined) ?? null;
}
