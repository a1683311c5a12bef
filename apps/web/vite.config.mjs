// Vite build of the browser UI. Output: dist/web (portal.html, staff.html + assets/), served by
// the API on its own origin (apps/api/src/web/web-app.ts).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

/**
 * Subresource Integrity: every script and stylesheet the HTML loads carries the
 * sha384 of the file it names, so a file changed on the server or on the way is
 * refused by the browser. Runs after Vite has written the asset names into the HTML.
 */
function subresourceIntegrity() {
  return {
    name: 'kanava-sri',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const byUrl = new Map();
        for (const file of Object.values(ctx.bundle)) {
          const bytes = file.type === 'chunk' ? file.code : file.source;
          byUrl.set(`/web/${file.fileName}`, `sha384-${createHash('sha384').update(bytes).digest('base64')}`);
        }
        const out = html.replace(/<(script|link)\b([^>]*?)\s(src|href)="([^"]+)"([^>]*)>/g, (tag, name, before, attr, url, after) => {
          const integrity = byUrl.get(url);
          if (!integrity) {
            if (name === 'script' || /rel="(stylesheet|modulepreload)"/.test(tag)) throw new Error(`SRI: no built file for ${url}`);
            return tag;
          }
          return `<${name}${before} ${attr}="${url}" integrity="${integrity}"${after}>`;
        });
        if (/<script(?![^>]*\bsrc=)[^>]*>/.test(out)) throw new Error('the built HTML holds an inline script, which the CSP forbids');
        return out;
      },
    },
  };
}

export default defineConfig({
  root: here,
  base: '/web/',
  publicDir: false,
  plugins: [subresourceIntegrity()],
  logLevel: 'warn',
  resolve: {
    alias: {
      '@kanava/api-contract': path.join(root, 'libs/api-contract/src/index.ts'),
      '@kanava/crypto': path.join(root, 'libs/crypto/src/index.ts'),
      '@kanava/voice': path.join(root, 'libs/voice/src/index.ts'),
      '@kanava/passwords': path.join(root, 'libs/passwords/src/index.ts'),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: path.join(root, 'dist', 'web'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline helper script, no data: URL for scripts: everything the page runs is a file with SRI.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: { portal: path.join(here, 'portal.html'), staff: path.join(here, 'staff.html') },
    },
  },
});
