import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '@app/telemetry';
import { ConfigError, loadConfig } from '@app/config';
import { prepareSchema, SchemaNotReadyError } from '@app/database';
import { migrations } from '../../../migrations';
import { WorkerModule } from './worker.module';

const SHUTDOWN_GRACE_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfig({ requireJwtSecret: false });
  const url = config.database.url;
  if (!url) {
    throw new ConfigError(
      'DATABASE_URL is required for a separate worker: with the embedded database, the API process runs the sweeper itself (SWEEPER=on)',
    );
  }
  if (!config.sweeper.enabled) throw new ConfigError('SWEEPER=off: a worker with nothing to do; unset SWEEPER');
  const schema = await prepareSchema({ appUrl: url, ownerUrl: config.database.ownerUrl, migrations });

  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, url), { bufferLogs: true });
  app.useLogger(app.get(JsonLogger));
  await app.init();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.get(JsonLogger).log(`${signal} received: finishing the batch in flight`);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const warnings = [...schema.warnings];
  if (!config.audit.signingKey) warnings.push('AUDIT_SIGNING_KEY is not set: the audit log is kept but no checkpoint is signed.');
  for (const warning of warnings) app.get(JsonLogger).warn(warning);
  app.get(JsonLogger).log(`worker ${process.pid} sweeping every ${config.sweeper.intervalMs} ms`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof SchemaNotReadyError ? error.message : error);
  process.exit(1);
});
