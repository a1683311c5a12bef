import { ValidationError, ValidationPipe } from '@nestjs/common';
import { BadRequestError } from './errors';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const at = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((c) => (c.startsWith(e.property) ? `${prefix ? prefix + '.' : ''}${c}` : `${at}: ${c}`));
    return [...own, ...flatten(e.children ?? [], at)];
  });
}

/** Whitelisting validation: unknown properties are an error, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestError('invalid_request', flatten(errors).slice(0, 10).join('; ') || 'The request is not valid.'),
  });
}
