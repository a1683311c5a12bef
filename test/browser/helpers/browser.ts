import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { AnswerRewrite, CapturedRequest, startRecordingProxy } from './recording-proxy';

export type { AnswerRewrite, CapturedRequest } from './recording-proxy';

const root = path.resolve(__dirname, '..', '..', '..');

/** Screenshots and other output of the browser tests (git-ignored). */
export const OUTPUT_DIR = path.join(root, 'test', 'browser', 'output');

/** Debian's chromium (`apt-get install chromium`); never a browser downloaded by playwright. */
export const CHROMIUM = process.env.KANAVA_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds the web UI if its sources changed since the last build (scripts/build-web.mjs locks against parallel builds). */
export function ensureWebBuilt(): void {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-web.mjs'), '--quiet'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stderr}`);
}

/** `extraArgs`: more Chromium switches, e.g. fake media devices for the voice test. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

/** A browser context whose every request goes through a recording proxy, and which records CSP violations and page errors. */
export interface Recorded {
  context: BrowserContext;
  page: Page;
  /** The origin the browser talks to (the proxy in front of the test app). */
  origin: string;
  requests: CapturedRequest[];
  cspViolations: string[];
  pageErrors: string[];
  /** Makes the proxy play a server that rewrites its answers (null: an honest one again). */
  setRewrite(rewrite: AnswerRewrite | null): void;
  /** Closes the context and the proxy. */
  close(): Promise<void>;
}

export async function recordedContext(browser: Browser, appOrigin: string, locale: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Recorded> {
  const proxy = await startRecordingProxy(appOrigin);
  const context = await browser.newContext({ locale, acceptDownloads: true, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  // Runs through the DevTools protocol, outside the page's CSP, before any page script.
  await context.exposeBinding('__kanavaCspViolation', (_source, text: string) => void cspViolations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __kanavaCspViolation(t: string): void }).__kanavaCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  // Nothing may leave for another origin: such a request would bypass the proxy, so it is refused and recorded as a failure.
  await context.route(
    (url) => url.origin !== proxy.origin && url.protocol !== 'about:' && url.protocol !== 'blob:' && url.protocol !== 'data:',
    (route) => {
      pageErrors.push(`request to another origin: ${route.request().url()}`);
      return route.abort();
    },
  );
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    context,
    page,
    origin: proxy.origin,
    requests: proxy.requests,
    cspViolations,
    pageErrors,
    setRewrite: proxy.setRewrite,
    close: async () => {
      await context.close();
      await proxy.close();
    },
  };
}

/** Keeps a full-page screenshot under test/browser/output/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is and returns
 * the serious and critical violations. axe is evaluated through the DevTools
 * protocol, so it needs no change to the page's CSP.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The marker as it would look inside base64url at each of the three alignments (edges that depend on neighbours cut off). */
function base64Forms(marker: string): string[] {
  const forms: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(marker)]).toString('base64url');
    const start = shift === 0 ? 0 : Math.ceil((shift * 4) / 3) + 1;
    forms.push(encoded.slice(start, encoded.length - 3));
  }
  return forms.filter((f) => f.length >= 8);
}

/** Where any of the markers occurs in what the browser sent (URL, headers or body, plain or base64url); empty when none. */
export function findMarkers(requests: CapturedRequest[], markers: string[]): string[] {
  const found: string[] = [];
  for (const r of requests) {
    const haystacks = [r.url, JSON.stringify(r.headers), r.body.toString('latin1')];
    for (const marker of markers) {
      for (const needle of [marker, ...base64Forms(marker)]) {
        if (haystacks.some((h) => h.includes(needle))) found.push(`${marker} (${needle}) in ${r.method} ${r.url}`);
      }
    }
  }
  return found;
}

/** Fails the test on anything the page reported as wrong: CSP violations and script errors. */
export function expectClean(r: Recorded): void {
  expect(r.cspViolations).toEqual([]);
  expect(r.pageErrors).toEqual([]);
}

/** Fails the test on a serious or critical axe-core violation, naming the page state. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}
