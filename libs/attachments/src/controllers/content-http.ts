import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { ContentResponse, UploadRequest, UploadResult } from '../services/attachments.service';

/** An upload connection idle this long is dropped (what it delivered in whole records stays; resume with PATCH). */
const UPLOAD_IDLE_MS = 60_000;

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The raw body and the upload headers of a PUT or PATCH. */
export function uploadRequest(mode: 'put' | 'patch', req: Request): UploadRequest {
  req.setTimeout(UPLOAD_IDLE_MS, () => req.destroy());
  return {
    mode,
    body: req,
    contentType: header(req, 'content-type'),
    contentLength: header(req, 'content-length'),
    uploadOffset: header(req, 'upload-offset'),
    uploadChecksum: header(req, 'upload-checksum'),
  };
}

/**
 * Runs an upload; when it is refused, the rest of the body is not read, so the
 * connection is closed after the error answer instead of being reused.
 */
export async function runUpload(res: Response, upload: () => Promise<UploadResult>): Promise<void> {
  let result: UploadResult;
  try {
    result = await upload();
  } catch (e) {
    res.setHeader('Connection', 'close');
    throw e;
  }
  setOffsetHeaders(res, result);
}

export function setOffsetHeaders(res: Response, state: { offset: number; size: number }): void {
  res.setHeader('Upload-Offset', String(state.offset));
  res.setHeader('Upload-Length', String(state.size));
}

/** Streams ciphertext with backpressure; a failure after the headers went out cuts the connection. */
export async function sendContent(res: Response, content: ContentResponse): Promise<void> {
  res.status(content.status);
  for (const [name, value] of Object.entries(content.headers)) res.setHeader(name, value);
  try {
    await pipeline(content.body, res);
  } catch {
    res.destroy();
  }
}
