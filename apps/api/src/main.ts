import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '@app/config';
import { EmbeddedDatabaseError } from '@app/database';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { DatabaseRuntime, prepareDatabase, resolveJwtSecret } from './runtime';
import { DemoSeedService } from './seed/demo-seed.service';
import { DEMO_USERS } from './seed/demo-data';

const SHUTDOWN_GRACE_MS = 15_000;

let database: DatabaseRuntime | undefined;

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  database = await prepareDatabase(config);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({
      config,
      databaseUrl: database.url,
      jwtSecret: resolveJwtSecret(config),
    }),
    { bodyParser: false, bufferLogs: true },
  );
  configureApp(app, { webDir: config.web.dir });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping`);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await app.close().catch((error: unknown) => console.error('error while closing the API:', error));
    await database?.embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const seeder = app.get(DemoSeedService);
  const seed = config.seed.demo ?? database.created;
  if (seed) await seeder.seed(config.seed.demoPassword);

  await app.listen(config.http.port, config.http.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const base = `http://localhost:${port}`;
  const lines = [
    '',
    `Rectify is running at ${base}  (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
    `  console  ${base}/`,
    `  API docs ${base}/api/docs`,
    `  database ${database.embedded ? `embedded PostgreSQL on port ${database.embedded.port}, data in ${database.embedded.clusterDir}` : 'DATABASE_URL'}`,
  ];
  if (await seeder.seeded()) {
    lines.push(`  demo logins (password: the DEMO_PASSWORD at seeding time, default rectify-demo):`);
    lines.push('    ' + DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', '));
  }
  console.log(lines.join('\n') + '\n');
}

main().catch(async (error: unknown) => {
  await database?.embedded?.stop();
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError) {
    console.error(error.message);
  } else {
    console.error('Rectify could not start:', error);
  }
  process.exit(1);
});
