/**
 * Every domain failure is a DomainError carrying a stable, machine-readable code.
 * One exception filter (see http-exception.filter.ts) turns it into the
 * `{error, message}` body of API.md; logs and audit events carry the code only.
 */
export class DomainError extends Error {
  /** Machine-readable facts beside the message (a count a client shows in its own words); never content. */
  fields?: Record<string, string | number | boolean>;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  withFields(fields: Record<string, string | number | boolean>): this {
    this.fields = fields;
    return this;
  }
}

export class BadRequestError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 400, message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 401, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 403, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 404, message);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 409, message);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 413, message);
  }
}

/** 428: the request must first meet a condition the server asks for (e.g. carry a solved proof of work). */
export class PreconditionRequiredError extends DomainError {
  constructor(code: string, message: string) {
    super(code, 428, message);
  }
}

/** 429 `rate_limited`: a budget shared by every client is spent; `Retry-After` says when its window ends. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', 429, message);
  }
}
