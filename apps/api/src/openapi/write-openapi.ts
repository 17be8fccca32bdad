import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '@app/config';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from './openapi.document';

/**
 * Writes the OpenAPI document the API serves at /api/docs-json to a file (default openapi.json),
 * without a database: the module graph is built in preview mode, no provider runs.
 */
async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'openapi.json');
  const config = parseConfig({ DATABASE_URL: 'postgres://openapi@127.0.0.1:1/none', JWT_SECRET: 'o'.repeat(32), SWEEPER: 'off' });
  const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: config.database.url! }), { preview: true, logger: false });
  app.setGlobalPrefix('api');
  writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
  console.log(`wrote ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
