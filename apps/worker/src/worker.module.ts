import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { backgroundJobs, CasesModule } from '@app/cases';
import { AppConfig, ConfigModule } from '@app/config';
import { dataSourceOptions } from '@app/database';
import { SweeperModule } from '@app/escalation';
import { IdentityModule } from '@app/identity';

/** The sweeper and outbox dispatcher without the HTTP API: scale them out as separate processes. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.log.level } }),
        TypeOrmModule.forRoot(dataSourceOptions({ url: databaseUrl, poolSize: config.database.poolSize, applicationName: 'rectify-worker' })),
        ScheduleModule.forRoot(),
        IdentityModule.forRoot({ auth: config.auth }),
        CasesModule,
        SweeperModule.register({ imports: [CasesModule], jobs: [backgroundJobs] }),
      ],
    };
  }
}
