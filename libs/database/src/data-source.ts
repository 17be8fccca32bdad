import { DataSource, DataSourceOptions, MixedList } from 'typeorm';
import { SnakeNamingStrategy } from './naming.strategy';
import { TypeOrmLogger } from './typeorm-logger';

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** The entities of the contexts a process runs (each lib exports its list; the app assembles them). */
  entities?: Function[];
  /** Only where migrations run (the migration runner and CLI). */
  migrations?: MixedList<Function>;
}

/** One definition for the application, the migration CLI, the worker, tests and benchmarks. */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities ?? [],
    migrations: settings.migrations ?? [],
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: 1000,
    extra: {
      max: settings.poolSize ?? 10,
      // Fail fast while the database is unreachable, so requests answer 503 instead of hanging.
      connectionTimeoutMillis: 3000,
      query_timeout: 15000,
      application_name: settings.applicationName ?? 'rectify',
      // PostgreSQL's JIT compiled the assessment report's statements for 2 s to save nothing (a
      // month's report: 2.4 s with it, 0.5 s without); no query of this system gains from it.
      options: '-c jit=off',
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
