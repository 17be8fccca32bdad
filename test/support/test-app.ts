import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { parseConfig } from '@app/config';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/app.setup';
import { DemoSeedService } from '../../apps/api/src/seed/demo-seed.service';
import { ContractCheck } from './contract';
import { createTestDatabase, TestDatabase } from './test-db';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

/** Every request made through it has its response checked against the served OpenAPI document. */
function checkedAgainst(contract: ContractCheck, agent: ReturnType<typeof request>): ReturnType<typeof request> {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (url: string) => (value as (url: string) => request.Test).call(target, url).expect((res) => contract.check(property, url, res));
    },
  });
}

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

/** The checkpoint signing key of every test app (a fresh one per test process). */
export const TEST_AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
export const DEMO_PASSWORD = 'rectify-demo';

export interface TestAppOptions {
  /** Environment overrides on top of the test defaults. */
  env?: Record<string, string>;
  /** Use this database instead of a fresh clone of the template. */
  database?: TestDatabase;
  /** Seed the demo units and users (default true). */
  seed?: boolean;
  /** Also seed the demo cases (default false: tests make their own). */
  seedCases?: boolean;
}

export interface TestApp {
  app: NestExpressApplication;
  database: TestDatabase;
  http: () => ReturnType<typeof request>;
  /** Every JSON log line the app wrote. */
  logs: string[];
  close(): Promise<void>;
}

/** Boots the full API (same module, same edge setup as production) on a throwaway database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = parseConfig({
    DATABASE_URL: database.appUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'info',
    SWEEPER: 'off',
    DB_POOL_SIZE: '20',
    AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY,
    ...options.env,
  });
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl: database.appUrl, logDestination }),
    { bodyParser: false, logger: false },
  );
  configureApp(app, { webDir: config.web.dir });
  await app.init();
  if (options.seed ?? true) await app.get(DemoSeedService).seed(DEMO_PASSWORD, { cases: options.seedCases ?? false });
  const server = app.getHttpServer();
  const contract = new ContractCheck((await request(server).get('/api/docs-json').expect(200)).body);
  return {
    app,
    database,
    logs,
    http: () => checkedAgainst(contract, request(server)),
    async close() {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
