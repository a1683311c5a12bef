import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { MAX_JSON_DEPTH } from '@kanava/common';
import { startTestApp, TestApp } from './helpers/app';
import { loginStaff } from './helpers/clients';
import { makeOrganisation, TestOrganisation } from './helpers/factories';
import { createPrivateDatabase } from './helpers/private-db';

/** Validators that bound a value's size on their own. */
const BOUNDED = new Set([
  'maxLength',
  'isLength',
  'isLowerUuid',
  'isKeysetCursor',
  'isSequenceNumber',
  'isIn',
  'isEnum',
  'equals',
  'isBoolean',
  'isInt',
  'isNumber',
  'nestedValidation',
]);

/** A pattern bounds a string's length when nothing in it repeats without an upper limit. */
function boundedPattern(pattern: RegExp): boolean {
  return !/(^|[^\\])[+*]|\{\d+,\}/.test(pattern.source);
}

function bounded(m: ValidationMetadata): boolean {
  const name = m.name ?? m.type;
  if (BOUNDED.has(name) || m.type === 'nestedValidation') return true;
  if (name === 'isB64') return m.constraints?.[0] !== undefined;
  if (name === 'matches') return m.constraints?.[0] instanceof RegExp && boundedPattern(m.constraints[0]);
  return false;
}

describe('input limits', () => {
  let t: TestApp;
  let database: Awaited<ReturnType<typeof createPrivateDatabase>>;
  let org: TestOrganisation;

  beforeAll(async () => {
    // A private database, so "nothing is written" counts this file's requests only (other files create challenges too).
    database = await createPrivateDatabase('kanava_limits');
    t = await startTestApp({}, { databaseUrl: database.url });
    org = await makeOrganisation(t, { handlers: 1, custodians: 0 });
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });

  it('every DTO string has a maximum length, every array a maximum size, every required nested object is required', () => {
    // The app is loaded, so every controller's DTO classes have registered their validators.
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, ValidationMetadata[]> };
    const unbounded: string[] = [];
    let checked = 0;
    for (const [target, metas] of storage.validationMetadatas) {
      if (!/(Dto|Params|Query)$/.test(target.name)) continue;
      const byProperty = new Map<string, ValidationMetadata[]>();
      for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
      for (const [property, list] of byProperty) {
        checked++;
        const own = list.filter((m) => !m.each);
        const each = list.filter((m) => m.each);
        const isArray = own.some((m) => (m.name ?? m.type) === 'isArray');
        // ValidateNested lets undefined through: a required nested object must also be checked to be one.
        const nested = own.some((m) => m.type === 'nestedValidation');
        const optional = own.some((m) => m.type === 'conditionalValidation');
        if (nested && !optional && !isArray && !own.some((m) => ['isObject', 'isDefined'].includes(m.name ?? m.type)))
          unbounded.push(`${target.name}.${property}: nested object not required to be an object`);
        if (isArray) {
          if (!own.some((m) => m.name === 'arrayMaxSize')) unbounded.push(`${target.name}.${property}: array without ArrayMaxSize`);
          if (!each.some(bounded)) unbounded.push(`${target.name}.${property}: array elements without a bound`);
        } else if (!own.some(bounded)) {
          unbounded.push(`${target.name}.${property}: no maximum length`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(unbounded).toEqual([]);
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels with 400 json_too_deep, before validation`, async () => {
    const deep = (n: number): unknown => (n === 0 ? 'x' : { a: deep(n - 1) });
    for (const path of ['/api/public/reports', '/api/auth/prelogin', '/api/public/challenges']) {
      const res = await t.http.post(path).send(deep(MAX_JSON_DEPTH + 1) as object);
      expect([path, res.status, res.body]).toEqual([path, 400, { error: 'json_too_deep', message: expect.any(String) }]);
    }
    // A very deep array (a million levels) is refused the same way, not with a stack overflow.
    const huge = '['.repeat(500_000) + ']'.repeat(500_000);
    const res = await t.http.post('/api/public/reports').set('Content-Type', 'application/json').send(huge);
    expect([res.status, res.body.error]).toEqual([400, 'json_too_deep']);
    // At the limit, validation answers as usual.
    const ok = await t.http.post('/api/auth/prelogin').send(deep(MAX_JSON_DEPTH - 1) as object);
    expect([ok.status, ok.body.error]).toEqual([400, 'invalid_request']);
  });

  it('refuses strings that are not well-formed Unicode (a lone surrogate) with 400 invalid_unicode, before validation', async () => {
    // A validator that encodes its input (isEmail's byte length check) throws on these; it must never see them.
    for (const [path, body] of [
      ['/api/auth/login', '{"email": "\\ud800", "authKey": "x"}'],
      ['/api/auth/prelogin', '{"email": "a\\udfffb@example.org"}'],
      ['/api/public/challenges', '{"nested": [{"\\ud800": 1}]}'],
    ]) {
      const res = await t.http.post(path).set('Content-Type', 'application/json').send(body);
      expect([path, res.status, res.body]).toEqual([path, 400, { error: 'invalid_unicode', message: expect.any(String) }]);
    }
    // A well-formed pair (an emoji) is text like any other: validation answers as usual.
    const ok = await t.http.post('/api/auth/prelogin').set('Content-Type', 'application/json').send('{"email": "\\ud83d\\ude00"}');
    expect([ok.status, ok.body.error]).toEqual([400, 'invalid_request']);
  });

  it('answers 415 unsupported_media_type for non-JSON bodies on JSON routes, and nothing is written', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM challenges');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'multipart/form-data; boundary=x', 'garbage']) {
      const res = await t.http.post('/api/public/challenges').set('Content-Type', type).send('a=1');
      expect([type, res.status, res.body]).toEqual([type, 415, { error: 'unsupported_media_type', message: expect.any(String) }]);
    }
    const staff = await loginStaff(t, org.admins[0]);
    const res = await t.http.post('/api/admin/channels').set(staff.headers).set('Content-Type', 'text/plain').send('{"name":"x"}');
    expect([res.status, res.body.error]).toEqual([415, 'unsupported_media_type']);
    expect(await t.db.query('SELECT count(*)::int AS n FROM challenges')).toEqual(before);
    // No body at all: the Content-Type does not matter.
    await t.http.post('/api/public/challenges').expect(201);
    // application/json with a charset parameter is JSON.
    await t.http.post('/api/auth/prelogin').set('Content-Type', 'application/json; charset=utf-8').send('{"email":"a@b.fi"}').expect(200);
  });
});
