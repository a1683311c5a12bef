import { encodeTimeCursor, MAX_SEQ, parseSeq, parseTimeCursor } from './keyset-cursor';

const ID = '3f2b8c1e-9d4a-4b6e-8f00-1a2b3c4d5e6f';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('keyset cursors', () => {
  it('reads back what it wrote', () => {
    for (const at of ['2026-03-01T12:34:56.123456Z', '0001-01-01T00:00:00.000000Z', '9999-12-31T23:59:59.999999Z', '2024-02-29T00:00:00.000000Z']) {
      expect(parseTimeCursor(encodeTimeCursor({ at, id: ID }))).toEqual({ at, id: ID });
    }
  });

  it.each([
    ['a time Date.parse accepts but SQL does not cast', raw({ at: '1', id: ID })],
    ['a time in words', raw({ at: 'Tue, 01 Jan 2030 00:00:00 GMT', id: ID })],
    ['a time without microseconds', raw({ at: '2026-03-01T12:34:56Z', id: ID })],
    ['a time beyond year 9999', raw({ at: '+275760-09-13T00:00:00.000000Z', id: ID })],
    ['year 0', raw({ at: '0000-01-01T00:00:00.000000Z', id: ID })],
    ['31 February', raw({ at: '2026-02-31T00:00:00.000000Z', id: ID })],
    ['29 February of a common year', raw({ at: '2025-02-29T00:00:00.000000Z', id: ID })],
    ['hour 24', raw({ at: '2026-03-01T24:00:00.000000Z', id: ID })],
    ['second 60', raw({ at: '2026-03-01T23:59:60.000000Z', id: ID })],
    ['an id of 36 dashes', raw({ at: '2026-03-01T12:34:56.123456Z', id: '-'.repeat(36) })],
    ['an upper-case id', raw({ at: '2026-03-01T12:34:56.123456Z', id: ID.toUpperCase() })],
    ['a number as id', raw({ at: '2026-03-01T12:34:56.123456Z', id: 7 })],
    ['an extra field', raw({ at: '2026-03-01T12:34:56.123456Z', id: ID, x: 1 })],
    ['an array', raw(['2026-03-01T12:34:56.123456Z', ID])],
    ['null', raw(null)],
    ['a string', raw('cursor')],
    ['not JSON', Buffer.from('{at:', 'utf8').toString('base64url')],
    ['padded base64', `${encodeTimeCursor({ at: '2026-03-01T12:34:56.123456Z', id: ID })}==`],
    ['the standard alphabet', Buffer.from(JSON.stringify({ at: '2026-03-01T12:34:56.123456Z', id: ID })).toString('base64')],
    ['empty', ''],
    ['too long', 'A'.repeat(201)],
  ])('refuses %s', (_name, text) => {
    expect(parseTimeCursor(text)).toBeNull();
  });

  it('refuses a non-canonical encoding of a valid cursor (stray bits in the last symbol)', () => {
    const canonical = encodeTimeCursor({ at: '2026-03-01T12:34:56.123456Z', id: ID });
    expect(canonical.length % 4).not.toBe(0);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(canonical.at(-1)!);
    const stray = canonical.slice(0, -1) + alphabet[last + 1];
    // Node decodes both to the same bytes; only the form Kanava writes is a cursor.
    expect(Buffer.from(stray, 'base64url')).toEqual(Buffer.from(canonical, 'base64url'));
    expect(parseTimeCursor(canonical)).not.toBeNull();
    expect(parseTimeCursor(stray)).toBeNull();
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 1, ['x'], { at: 'x' }]) expect(parseTimeCursor(value)).toBeNull();
  });

  it('takes audit sequence numbers up to the largest bigint and nothing else', () => {
    expect(parseSeq('0')).toBe(0n);
    expect(parseSeq(MAX_SEQ.toString())).toBe(MAX_SEQ);
    for (const text of [(MAX_SEQ + 1n).toString(), '9999999999999999999', '-1', '+1', '1e3', '0x10', ' 1', '1.0', '', '12345678901234567890', undefined, 5]) {
      expect(parseSeq(text)).toBeNull();
    }
  });
});
