import 'reflect-metadata';
import cluster, { type Worker } from 'node:cluster';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { AppConfig, ConfigError, loadConfig } from '@app/config';
import { EmbeddedDatabaseError, SchemaNotReadyError } from '@app/database';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { DatabaseRuntime, prepareDatabase, resolveAuditSigningKey, resolveJwtSecret } from './runtime';
import { DEMO_SEED_MARKER, DemoSeedService } from './seed/demo-seed.service';
import { DEMO_USERS } from './seed/demo-data';

const SHUTDOWN_GRACE_MS = 15_000;

let database: DatabaseRuntime | undefined;

/** One API process: the Nest application listening on PORT (shared by cluster workers). */
async function serve(config: AppConfig, databaseUrl: string, jwtSecret: string | undefined, seed: boolean) {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, databaseUrl, jwtSecret }), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app, { webDir: config.web.dir });
  // init() first: the trail's profile (SHA-256 or SM3) is read from the database there, before anything is hashed.
  await app.init();
  if (seed) await app.get(DemoSeedService).seed(config.seed.demoPassword);
  await app.listen(config.http.port, config.http.host);
  return app;
}

function onSignals(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
      void stop(signal).then(() => process.exit(0));
    });
  }
}

async function printBanner(config: AppConfig, port: number, startedAt: number, url: string): Promise<void> {
  const base = `http://localhost:${port}`;
  const lines = [
    '',
    `Rectify is running at ${base}  (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s${config.http.workers > 1 ? `, ${config.http.workers} API processes` : ''})`,
    `  console  ${base}/`,
    `  API docs ${base}/api/docs`,
    `  database ${database?.embedded ? `embedded PostgreSQL on port ${database.embedded.port}, data in ${database.embedded.clusterDir}` : 'DATABASE_URL'}`,
  ];
  const client = new Client({ connectionString: url });
  await client.connect();
  const seeded = (await client.query('SELECT 1 FROM app_settings WHERE key = $1', [DEMO_SEED_MARKER])).rowCount;
  await client.end();
  if (seeded) {
    lines.push(`  demo logins (password: the DEMO_PASSWORD at seeding time, default rectify-demo):`);
    lines.push('    ' + DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', '));
  }
  console.log(lines.join('\n') + '\n');
}

/**
 * API_WORKERS > 1: this process owns the database (embedded server, migrations) and forks the
 * API processes, which share the port. The first one seeds and sweeps; a worker that dies is
 * replaced. Correctness never depends on which process serves a request.
 */
async function primary(config: AppConfig, startedAt: number): Promise<void> {
  database = await prepareDatabase(config);
  const signingKey = resolveAuditSigningKey(config);
  config = { ...config, audit: { ...config.audit, signingKey } };
  const warnings = [...database.warnings];
  if (!signingKey) warnings.push('AUDIT_SIGNING_KEY is not set: the audit log is kept but no checkpoint is signed.');
  for (const warning of warnings) console.warn(`WARNING: ${warning}`);
  const url = database.url;
  const jwtSecret = resolveJwtSecret(config);
  const seed = config.seed.demo ?? database.created;
  if (config.http.workers === 1) {
    const app = await serve(config, url, jwtSecret, seed);
    onSignals(async (signal) => {
      console.log(`${signal} received: stopping`);
      await app.close().catch((error: unknown) => console.error('error while closing the API:', error));
      await database?.embedded?.stop();
    });
    const address = app.getHttpServer().address();
    await printBanner(config, typeof address === 'object' && address ? address.port : config.http.port, startedAt, url);
    return;
  }

  let stopping = false;
  const envFor = (index: number) => ({
    DATABASE_URL: url,
    ...(jwtSecret ? { JWT_SECRET: jwtSecret } : {}),
    SEED_DEMO: index === 0 && seed ? 'true' : 'false',
    SWEEPER: index === 0 && config.sweeper.enabled ? 'on' : 'off',
    // Every process serves the current public key; only the first one signs (it runs the worker's processors).
    ...(signingKey ? { AUDIT_SIGNING_KEY: signingKey } : {}),
  });
  const workers = new Map<Worker, number>();
  const fork = (index: number) => workers.set(cluster.fork(envFor(index)), index);
  cluster.on('exit', (worker, code, signal) => {
    const index = workers.get(worker);
    workers.delete(worker);
    if (!stopping && index !== undefined) {
      console.error(`API process ${worker.process.pid} exited (${signal ?? code}); starting another`);
      fork(index);
    }
  });
  const listening = new Promise<number>((resolve) => {
    let ready = 0;
    cluster.on('listening', (_worker, address) => {
      if (++ready === config.http.workers) resolve(address.port);
    });
  });
  for (let i = 0; i < config.http.workers; i++) fork(i);
  onSignals(async (signal) => {
    stopping = true;
    console.log(`${signal} received: stopping ${workers.size} API processes`);
    const exited = [...workers.keys()].map((w) => new Promise((r) => w.once('exit', r)));
    for (const worker of workers.keys()) worker.process.kill('SIGTERM');
    await Promise.all(exited);
    await database?.embedded?.stop();
  });
  await printBanner(config, await listening, startedAt, url);
}

async function worker(config: AppConfig): Promise<void> {
  const app = await serve(config, config.database.url!, config.auth.jwtSecret, config.seed.demo ?? false);
  onSignals(async () => {
    await app.close().catch((error: unknown) => console.error('error while closing the API:', error));
  });
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  if (cluster.isWorker) await worker(config);
  else await primary(config, startedAt);
}

main().catch(async (error: unknown) => {
  await database?.embedded?.stop();
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError || error instanceof SchemaNotReadyError) {
    console.error(error.message);
  } else {
    console.error('Rectify could not start:', error);
  }
  process.exit(1);
});
