import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { format, pickLanguage } from '../../shared/i18n-core';
import { catalogs } from './index';

const portalDir = path.join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** Every literal key the portal passes to t(), plus the status keys it builds from the API's status values. */
function usedKeys(): Set<string> {
  const keys = new Set<string>(['received', 'triaged', 'investigating', 'concluded', 'closed'].map((s) => `status.${s}`));
  for (const file of [...sources(portalDir), ...sources(path.join(portalDir, '..', 'shared'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([A-Za-z0-9.]+)'/g)) keys.add(m[1]);
    for (const m of text.matchAll(/\['([a-z]+\.[A-Za-z0-9.]+)'\]/g)) keys.add(m[1]);
  }
  return keys;
}

describe('portal translations', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('have the same keys in Finnish, Swedish and English, none empty', () => {
    const en = Object.keys(catalogs.en).sort();
    expect(en.length).toBeGreaterThan(50);
    expect(Object.keys(catalogs.fi).sort()).toEqual(en);
    expect(Object.keys(catalogs.sv).sort()).toEqual(en);
    for (const lang of ['fi', 'sv', 'en'] as const) for (const key of en) expect(catalogs[lang][key].trim()).not.toBe('');
  });

  it('use the same placeholders in every language', () => {
    for (const key of Object.keys(catalogs.en)) {
      expect({ key, fi: placeholders(catalogs.fi[key]) }).toEqual({ key, fi: placeholders(catalogs.en[key]) });
      expect({ key, sv: placeholders(catalogs.sv[key]) }).toEqual({ key, sv: placeholders(catalogs.en[key]) });
    }
  });

  it('hold every key the portal code uses', () => {
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !(k in catalogs.en));
    expect(missing).toEqual([]);
  });

  it('pick the browser language and fill placeholders', () => {
    expect(pickLanguage(['sv-FI', 'fi'])).toBe('sv');
    expect(pickLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLanguage(['de'])).toBe('fi');
    expect(format('Viite: {reference}', { reference: 'K-1' })).toBe('Viite: K-1');
    expect(format('{unknown}')).toBe('{unknown}');
  });
});
