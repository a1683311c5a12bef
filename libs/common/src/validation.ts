import { ValidationError, ValidationPipe } from '@nestjs/common';
import { BadRequestError } from './errors';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const at = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((c) => (c.startsWith(e.property) ? `${prefix ? prefix + '.' : ''}${c}` : `${at}: ${c}`));
    return [...own, ...flatten(e.children ?? [], at)];
  });
}

/**
 * The code a failed validator stands for, when it names one in its context
 * (`{ context: { errorCode } }`, as IsKeysetCursor does); otherwise `invalid_request`.
 */
function errorCode(errors: ValidationError[]): string {
  for (const e of errors) {
    for (const context of Object.values(e.contexts ?? {})) {
      const code = (context as { errorCode?: unknown } | undefined)?.errorCode;
      if (typeof code === 'string') return code;
    }
    const nested = e.children?.length ? errorCode(e.children) : 'invalid_request';
    if (nested !== 'invalid_request') return nested;
  }
  return 'invalid_request';
}

/** Whitelisting validation: unknown properties are an error, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestError(errorCode(errors), flatten(errors).slice(0, 10).join('; ') || 'The request is not valid.'),
  });
}
