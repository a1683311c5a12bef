import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';

/** Where `scripts/build-web.mjs` writes the built browser UI (Vite): `<repository>/dist/web`. */
export function defaultWebDir(): string {
  // The same walk works from the TypeScript sources (tests) and from dist/ (npm start, Docker).
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve('dist', 'web');
    dir = parent;
  }
  return path.join(dir, 'dist', 'web');
}

/** The portal's address below `/r`: `/<organisation slug>`, with or without a trailing slash. Slugs are lower-case words. */
const PORTAL_PATH = /^\/[a-z0-9][a-z0-9-]{0,62}\/?$/;

/** The staff console's addresses below `/staff`: the console itself and its own pages (`/cases/<id>`, `/activate`, ...). */
const STAFF_PATH = /^\/(?:[a-z0-9-]{1,40}(?:\/[a-z0-9-]{1,64}){0,3}\/?)?$/;

/**
 * Serves the built browser UI on the API's own origin, so the strict CSP
 * (`default-src 'self'`) holds and no third party is ever contacted.
 * - `/web/assets/*`: hashed file names, cached for a year (their content never changes
 *   under a name; the HTML pins each with Subresource Integrity);
 * - `/r/<slug>`: the reporter portal's HTML, never cached, so a new build is picked up
 *   at once and no copy of the page stays in a shared computer's cache;
 * - `/staff` and `/staff/<page>`: the staff console's HTML (one page that routes in the
 *   browser), under the same headers and the same no-store rule.
 * The security headers (CSP, Referrer-Policy: no-referrer, frame denial) come from the
 * helmet middleware installed before this one. Without a build, each page answers 503
 * with a plain explanation instead of a blank page.
 */
export function installWebApp(app: Express, webDir = defaultWebDir()): void {
  const assets = path.join(webDir, 'assets');
  app.use(favicon);
  app.use('/web/assets', express.static(assets, { index: false, redirect: false, immutable: true, maxAge: '365d', dotfiles: 'deny' }));
  app.use('/r', htmlPage(PORTAL_PATH, path.join(webDir, 'portal.html'), 'reporter portal'));
  app.use('/staff', htmlPage(STAFF_PATH, path.join(webDir, 'staff.html'), 'staff console'));
}

/** Kanava's mark: a channel (two banks and the water between), in the console's colours. */
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5394"/>' +
  '<path d="M6 11c3.3-2.7 6.7-2.7 10 0s6.7 2.7 10 0M6 21c3.3-2.7 6.7-2.7 10 0s6.7 2.7 10 0" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>';

/**
 * The site icon, at the address the pages name and at `/favicon.ico`, which browsers
 * ask for on their own: without it every page load puts a 404 in the console.
 */
function favicon(req: Request, res: Response, next: NextFunction) {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.path !== '/favicon.svg' && req.path !== '/favicon.ico')) return next();
  res.setHeader('Cache-Control', 'public, max-age=86400');
  res.status(200).type('image/svg+xml').send(FAVICON_SVG);
}

/**
 * One built HTML page for GET and HEAD on the addresses `pattern` accepts. Mounted
 * middleware rather than a route: the API's route list (which tests walk for access
 * rules) stays the API's.
 */
function htmlPage(pattern: RegExp, file: string, what: string) {
  let html: string | null = null;
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !pattern.test(req.path)) return next();
    // Read once: the HTML is small and only changes with a rebuild, which restarts the server.
    html ??= readIfExists(file);
    res.setHeader('Cache-Control', 'no-store');
    if (html === null) {
      res.status(503).type('text/plain').send(`The ${what} has not been built. Run \`npm run build\` (or \`npm start\`).`);
      return;
    }
    res.status(200).type('html').send(html);
  };
}

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
