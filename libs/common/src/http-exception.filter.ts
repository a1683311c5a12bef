import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, RateLimitedError } from './errors';

interface BodyParserError {
  type?: string;
  status?: number;
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/** How long a client is asked to wait before retrying while the database is away. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

// SQLSTATEs meaning "the database cannot serve now", not "this request is wrong": class 08
// (connection exception), 57P01–57P03 (shut down by an administrator, crashed, cannot connect
// now: starting up or shutting down), 53300 (too many connections).
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// Socket errors of the connection to PostgreSQL.
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
// node-postgres reports a lost or refused connection with these messages and no code.
const UNAVAILABLE_MESSAGE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * True when the error says the database is unreachable (stopped, restarting, network),
 * looking through TypeORM's QueryFailedError and error causes. Such a request may succeed
 * when retried, so it answers 503, not 500.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  if (UNAVAILABLE_MESSAGE.test(error.message)) return true;
  if (error instanceof QueryFailedError && isDatabaseUnavailable(error.driverError, depth + 1)) return true;
  if (error instanceof AggregateError && error.errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/**
 * Maps every error to `{error, message}` (API.md). Domain errors keep their code;
 * body-parser and Nest errors get a stable code; anything else is a 500 whose
 * details go to the log (code and stack only, never the request).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.describe(exception);
    if (status === 503) {
      // Expected while PostgreSQL restarts: a warning with the code, no stack (it says nothing new).
      const code = (exception as { code?: unknown }).code ?? (exception as { driverError?: { code?: unknown } }).driverError?.code;
      this.logger.warn({
        msg: 'database unavailable',
        error: exception instanceof Error ? exception.name : typeof exception,
        code: typeof code === 'string' ? code : null,
      });
    } else if (status >= 500) {
      this.logger.error(
        { msg: 'unhandled error', error: exception instanceof Error ? exception.name : typeof exception },
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (exception instanceof RateLimitedError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (status === 503) res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    res.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; body: { error: string; message: string } } {
    if (exception instanceof DomainError) {
      // Fields never replace the code or the message.
      return { status: exception.status, body: { ...exception.fields, error: exception.code, message: exception.message } };
    }
    // Nest wraps body-parser errors in an HttpException; the parser's own type is on the cause.
    const parserError = (exception instanceof HttpException && exception.cause ? exception.cause : exception) as BodyParserError;
    if (parserError && typeof parserError.type === 'string' && typeof parserError.status === 'number') {
      // Errors raised by Express' body parsers before any controller runs.
      switch (parserError.type) {
        case 'entity.too.large':
          return { status: 413, body: { error: 'payload_too_large', message: 'The request body exceeds the configured limit.' } };
        case 'entity.parse.failed':
          return { status: 400, body: { error: 'malformed_json', message: 'The request body is not valid JSON.' } };
        case 'encoding.unsupported':
        case 'charset.unsupported':
          return { status: 415, body: { error: 'unsupported_media_type', message: 'Send UTF-8 encoded JSON.' } };
        default:
          if (parserError.status >= 400 && parserError.status < 500) {
            return { status: parserError.status, body: { error: 'bad_request', message: 'The request body could not be read.' } };
          }
      }
    }
    if (isDatabaseUnavailable(exception)) {
      return { status: 503, body: { error: 'unavailable', message: 'The service is briefly unavailable; try again in a few seconds.' } };
    }
    // Two requests racing for the same unique row (a double-click, two instances): the loser gets a 409, not a 500.
    if (exception instanceof QueryFailedError && (exception.driverError as { code?: string } | undefined)?.code === '23505') {
      return { status: 409, body: { error: 'conflict', message: 'This was done already (a concurrent request got there first).' } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : typeof (response as { message?: unknown }).message === 'string'
            ? (response as { message: string }).message
            : exception.message;
      return { status, body: { error: HTTP_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'), message } };
    }
    return { status: 500, body: { error: 'internal_error', message: 'Something went wrong on our side.' } };
  }
}
