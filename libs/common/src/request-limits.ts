import type { NextFunction, Request, Response } from 'express';

/** Deepest JSON nesting any request may carry (the deepest DTO, a submission's items, is 3 levels). */
export const MAX_JSON_DEPTH = 32;

/** Routes whose body is raw ciphertext (API.md "Attachments"), not JSON. */
const BINARY_BODY_ROUTE = /^\/api\/(public\/case|staff\/cases\/[^/]+)\/attachments\/[^/]+\/content\/?$/;

/** How deep a parsed JSON value nests (a scalar is 0). Iterative, so a hostile value cannot exhaust the stack. */
export function jsonDepth(value: unknown, stopAbove = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const inner = depth + 1;
    if (inner > max) max = inner;
    if (max > stopAbove) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, inner]);
    }
  }
  return max;
}

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

/** 400 `json_too_deep` for a parsed body nested deeper than `maxDepth`, before validation sees it. */
export function limitJsonDepth(maxDepth = MAX_JSON_DEPTH) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object' || jsonDepth(body, maxDepth) <= maxDepth) return next();
    res.status(400).json({ error: 'json_too_deep', message: `The request body nests deeper than ${maxDepth} levels.` });
  };
}

/** An unpaired UTF-16 surrogate: JSON's `\ud800` escape parses to one, but it is no character. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether any string in a parsed JSON value, key or value, holds a lone surrogate. Iterative, like `jsonDepth`. */
export function hasIllFormedText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return true;
    } else if (Array.isArray(v)) {
      stack.push(...v);
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
        if (LONE_SURROGATE.test(key)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * 400 `invalid_unicode` for a parsed body with a string that is not well-formed
 * Unicode, before validation sees it: validators that encode their input (isEmail
 * measures bytes with encodeURI) throw on a lone surrogate, which would be a 500.
 */
export function requireWellFormedText() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hasIllFormedText(req.body)) return next();
    res.status(400).json({ error: 'invalid_unicode', message: 'The request body holds text that is not well-formed Unicode (an unpaired surrogate).' });
  };
}
