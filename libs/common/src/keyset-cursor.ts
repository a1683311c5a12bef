/** A keyset position: the sort value (ISO time with microseconds) and the row id that breaks ties. */
export interface TimeCursor {
  at: string;
  id: string;
}

/** The opaque cursor a page hands out as `nextCursor`. */
export function encodeTimeCursor(c: TimeCursor): string {
  return Buffer.from(JSON.stringify({ at: c.at, id: c.id }), 'utf8').toString('base64url');
}

/** Reads a cursor back; anything else (tampered, truncated, another shape) throws `invalid()`. */
export function decodeTimeCursor(text: string, invalid: () => Error): TimeCursor {
  let c: Partial<TimeCursor>;
  try {
    c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<TimeCursor>;
  } catch {
    throw invalid();
  }
  if (typeof c?.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id) || typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at))) throw invalid();
  return { at: c.at, id: c.id };
}
