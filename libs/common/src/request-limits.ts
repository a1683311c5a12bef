import type { NextFunction, Request, Response } from 'express';

/** Deepest JSON nesting any request may carry (the deepest DTO, a submission's items, is 3 levels). */
export const MAX_JSON_DEPTH = 32;

/** Routes whose body is raw ciphertext (API.md "Attachments"), not JSON. */
const BINARY_BODY_ROUTE = /^\/api\/(public\/case|staff\/cases\/[^/]+)\/attachments\/[^/]+\/content\/?$/;

function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * 415 for a request body that is not JSON on a JSON route; the attachment content
 * routes take application/octet-stream and are left to their controller. A request
 * without a body (no Content-Length, or 0) passes whatever its Content-Type says.
 * Answers directly, before any guard or controller runs, so nothing is written.
 */
export function requireJsonBodies() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hasBody(req) || BINARY_BODY_ROUTE.test(req.path)) return next();
    if (req.is('application/json') === 'application/json') return next();
    res.status(415).json({ error: 'unsupported_media_type', message: 'Send the request body as application/json.' });
  };
}

/** An unpaired UTF-16 surrogate: JSON's `\ud800` escape parses to one, but it is no character. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What a parsed JSON value breaks, if anything: nesting deeper than `maxDepth` (a
 * scalar is 0 deep), or a string, key or value, that is not well-formed Unicode.
 * Depth wins when both. One iterative walk, so a hostile value cannot exhaust the stack.
 */
export function jsonBodyProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): 'too_deep' | 'ill_formed_text' | null {
  let illFormed = false;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      illFormed ||= LONE_SURROGATE.test(v);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > maxDepth) return 'too_deep';
    if (Array.isArray(v)) {
      for (const child of v) stack.push([child, depth + 1]);
      continue;
    }
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      illFormed ||= LONE_SURROGATE.test(key);
      stack.push([child, depth + 1]);
    }
  }
  return illFormed ? 'ill_formed_text' : null;
}

/**
 * Checks a parsed body before validation sees it: 400 `json_too_deep` for nesting
 * deeper than `maxDepth`; 400 `invalid_unicode` for text that is not well-formed
 * Unicode, because validators that encode their input (isEmail measures bytes with
 * encodeURI) throw on a lone surrogate, which would be a 500.
 */
export function checkJsonBody(maxDepth = MAX_JSON_DEPTH) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const problem = jsonBodyProblem(req.body, maxDepth);
    if (problem === null) return next();
    if (problem === 'too_deep') {
      res.status(400).json({ error: 'json_too_deep', message: `The request body nests deeper than ${maxDepth} levels.` });
    } else {
      res.status(400).json({ error: 'invalid_unicode', message: 'The request body holds text that is not well-formed Unicode (an unpaired surrogate).' });
    }
  };
}
