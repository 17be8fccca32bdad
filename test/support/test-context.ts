import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AdminTrailModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { ConfigModule, parseConfig } from '@app/config';
import { DatabaseModule, dataSourceOptions } from '@app/database';
import { TimerSweeper } from '@app/escalation';
import { ActorResolver, IDENTITY_ENTITIES, IdentityModule, UnitService, UserService } from '@app/identity';
import { ObligationsModule } from '@app/obligations';
import { Actor, WorkflowModule } from '@app/workflow';
import { DemoSeedService } from '../../apps/api/src/seed/demo-seed.service';
import { DEMO_PASSWORD, TEST_JWT_SECRET } from './test-app';
import { createTestDatabase, TestDatabase } from './test-db';

export interface TestContext {
  get<T>(type: Type<T> | string | symbol): T;
  sql: DataSource;
  database: TestDatabase;
  /** The demo units by code (county, jw, hotline, zjj, zjj-cj, scj). */
  units: Record<string, string>;
  actor(username: string): Promise<Actor>;
  close(): Promise<void>;
}

/**
 * The case engine and its neighbours without HTTP (config, database, identity, cases, the timer
 * sweeper), on a throwaway database with the demo units and users: for integration specs that
 * drive one service or repository against real PostgreSQL.
 */
export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = parseConfig({ DATABASE_URL: database.appUrl, JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'warn', SWEEPER: 'off', ...env });
  const modules = {
    module: class IntegrationModule {},
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(dataSourceOptions({ url: database.appUrl, poolSize: 8, entities: IDENTITY_ENTITIES })),
      WorkflowModule,
      AdminTrailModule,
      IdentityModule.forRoot({ jwtSecret: TEST_JWT_SECRET, auth: config.auth }),
      CasesModule,
      ObligationsModule,
    ],
    providers: [TimerSweeper, DemoSeedService],
  };
  const app: INestApplicationContext = await NestFactory.createApplicationContext(modules, { logger: false });
  await app.get(DemoSeedService).seed(DEMO_PASSWORD, { cases: false });
  const units: Record<string, string> = {};
  const walk = (nodes: { id: string; code: string; children: unknown[] }[]) =>
    nodes.forEach((n) => {
      units[n.code] = n.id;
      walk(n.children as typeof nodes);
    });
  walk(await app.get(UnitService).tree());
  return {
    get: (type) => app.get(type),
    sql: app.get(DataSource),
    database,
    units,
    async actor(username) {
      const id = await app.get(UserService).idOf(username);
      if (!id) throw new Error(`no demo user ${username}`);
      return app.get(ActorResolver).forUser(id);
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
