import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ready } from '@kanava/crypto';
import { createValidationPipe, HttpExceptionFilter, checkJsonBody, requireJsonBodies } from '@kanava/common';
import { AppModule, ResolvedConfig } from './app.module';
import { installWebApp } from './web/web-app';

/**
 * Builds the HTTP application: security headers, body limits, validation, error
 * mapping and the OpenAPI description. Used by main.ts and by the tests.
 * Invariant: no request logging middleware is installed, so no client address or
 * user agent is ever written anywhere.
 */
export async function createKanavaApp(config: ResolvedConfig, logger: LoggerService): Promise<NestExpressApplication> {
  await ready();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, bodyParser: false, abortOnError: false });
  app.set('trust proxy', false);
  app.set('etag', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          // Voice messages play from object URLs of audio decrypted (or disguised) in the page.
          mediaSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
      frameguard: { action: 'deny' },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  // API answers hold case data or keys: never cache them anywhere.
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // The browser UI (reporter portal) on the same origin, under the headers above.
  installWebApp(app.getHttpAdapter().getInstance());
  // Input limits (after the security headers, before any guard or validation): JSON bodies only (415), then a bounded
  // nesting depth (400 json_too_deep) and well-formed text (400 invalid_unicode).
  app.use(requireJsonBodies());
  app.useBodyParser('json', { limit: config.jsonBodyLimit, strict: true });
  app.use(checkJsonBody());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kanava API')
      .setDescription('Reporter protocol v1 (API.md) and the staff API. Binary fields are base64url without padding.')
      .setVersion('1')
      .addCookieAuth('kanava_session')
      .addBearerAuth()
      .build(),
  );
  app
    .getHttpAdapter()
    .getInstance()
    .get('/api/docs', (_req: Request, res: Response) => {
      res.json(document);
    });
  await app.init();
  return app;
}
