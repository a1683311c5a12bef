/**
 * libs/crypto must run unchanged in the browser: its non-test sources may import
 * only each other and libsodium, and must not touch Node-only globals.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const sources = readdirSync(__dirname)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))
  .map((name) => ({ name, text: readFileSync(join(__dirname, name), 'utf8') }));

function code(text: string): string {
  // Drop comments and string contents so prose such as "Node" or 'process' does not count.
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''");
}

describe('browser boundary', () => {
  it('finds the sources', () => {
    expect(sources.map((s) => s.name)).toEqual(expect.arrayContaining(['index.ts', 'items.ts', 'attachments.ts']));
  });

  it.each(sources.map((s) => [s.name, s.text]))('%s imports only libsodium and siblings', (_name, text) => {
    const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const specifier of specifiers) {
      expect(specifier === 'libsodium-wrappers-sumo' || /^\.\/[a-z-]+$/.test(specifier)).toBe(true);
    }
    expect(text).not.toMatch(/\brequire\s*\(/);
    expect(text).not.toMatch(/\bimport\s*\(/);
  });

  it.each(sources.map((s) => [s.name, s.text]))('%s uses no Node-only globals', (_name, text) => {
    // A property read such as `globalThis.Buffer` is feature detection and runs unchanged in a
    // browser (it is undefined there); a bare global is not allowed.
    expect(code(text)).not.toMatch(/(?<!\.)\b(Buffer|process|global|__dirname|__filename|setImmediate)\b/);
  });
});
