import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The request body exactly as it came over the wire (empty when none). */
  body: Buffer;
}

/**
 * A malicious server's edit of an answer: given the request and the answer's body,
 * the body to send instead, or null to pass the answer on unchanged.
 */
export type AnswerRewrite = (request: { method: string; url: string }, body: Buffer) => Buffer | null;

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: the origin the browser uses. */
  origin: string;
  requests: CapturedRequest[];
  /** From now on, answers pass through `rewrite` (null: unchanged again). */
  setRewrite(rewrite: AnswerRewrite | null): void;
  close(): Promise<void>;
}

/**
 * A reverse proxy in front of the test app that keeps every request the browser
 * sends, byte for byte, then forwards it unchanged. Recording here rather than
 * through the browser's DevTools also catches bodies DevTools does not report
 * (an upload sent as a Blob, for one). With a rewrite set it plays a server that
 * substitutes what it answers (test/browser/key-trust.e2e-spec.ts).
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: CapturedRequest[] = [];
  let rewrite: AnswerRewrite | null = null;
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          const edit = rewrite;
          if (!edit) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            return;
          }
          const parts: Buffer[] = [];
          answer.on('data', (d: Buffer) => parts.push(d));
          answer.on('end', () => {
            const original = Buffer.concat(parts);
            const out = edit({ method: req.method ?? '', url: req.url ?? '' }, original) ?? original;
            const headers = { ...answer.headers, 'content-length': String(out.length) };
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(out);
          });
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    setRewrite: (next) => {
      rewrite = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
