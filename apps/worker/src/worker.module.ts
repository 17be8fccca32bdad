import { DynamicModule, Module } from '@nestjs/common';
import { AdminTrailModule } from '@app/audit';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule, dataSourceOptions } from '@app/database';
import { IDENTITY_ENTITIES, IdentityModule } from '@app/identity';
import { TelemetryModule } from '@app/telemetry';
import { WorkflowModule } from '@app/workflow';
import { ProcessorsModule } from './processors/processors.module';

/** The sweeper and outbox dispatcher without the HTTP API: scale them out as separate processes. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        TelemetryModule.forRoot({ level: config.log.level }),
        DatabaseModule.forRoot(
          dataSourceOptions({ url: databaseUrl, poolSize: config.database.poolSize, applicationName: 'rectify-worker', entities: IDENTITY_ENTITIES }),
        ),
        WorkflowModule,
        AdminTrailModule,
        IdentityModule.forRoot({ auth: config.auth }),
        ProcessorsModule,
      ],
    };
  }
}
