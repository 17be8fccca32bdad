import { INestApplication } from '@nestjs/common';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { JsonLogger } from '@app/telemetry';
import { createValidationPipe } from './http/validation.pipe';
import { buildOpenApiDocument } from './openapi/openapi.document';

/** Where the built console is: WEB_DIR, else apps/web/dist under the working directory. */
export function webDirectory(configured?: string): string {
  return path.resolve(configured ?? path.join(process.cwd(), 'apps/web/dist'));
}

/**
 * Serves the console at / (its routes fall back to index.html). /api requests never touch the
 * file system; a console built while the API runs is picked up without a restart.
 */
function serveConsole(app: NestExpressApplication, dir: string): void {
  const index = path.join(dir, 'index.html');
  const files = express.static(dir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/api' || req.path.startsWith('/api/')) return next();
    files(req, res, () => {
      if ((req.method === 'GET' || req.method === 'HEAD') && existsSync(index)) res.sendFile(index);
      else next();
    });
  });
}

/** Everything about the HTTP edge that is not a module: prefix, validation, docs, console. */
export function configureApp(app: NestExpressApplication, options: { webDir?: string } = {}): INestApplication {
  app.useLogger(app.get(JsonLogger));
  app.set('trust proxy', 'loopback');
  app.set('x-powered-by', false);
  app.setGlobalPrefix('api');
  serveConsole(app, webDirectory(options.webDir));
  app.useGlobalPipes(createValidationPipe());

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  return app;
}
