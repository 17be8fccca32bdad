import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { json } from 'express';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { AdminTrailModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { ObligationsModule } from '@app/obligations';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule, dataSourceOptions } from '@app/database';
import { IDENTITY_ENTITIES, IdentityModule } from '@app/identity';
import { TelemetryModule } from '@app/telemetry';
import { WorkflowModule } from '@app/workflow';
import { ProcessorsModule } from '../../worker/src/processors/processors.module';
import { HealthController } from './health/health.controller';
import { ProblemExceptionFilter } from './http/problem-exception.filter';
import { RequestLogMiddleware } from './http/request-log.middleware';
import { AuditHttpModule } from './audit/audit.http.module';
import { CasesHttpModule } from './cases/cases.http.module';
import { CalendarHttpModule } from './escalation/calendar.http.module';
import { SlaPoliciesHttpModule } from './escalation/sla-policies.http.module';
import { TimersHttpModule } from './escalation/timers.http.module';
import { WorkflowsHttpModule } from './workflows/workflows.http.module';
import { JobsHttpModule } from './jobs/jobs.http.module';
import { ReportsHttpModule } from './reports/reports.http.module';
import { ResponsibilityListsHttpModule } from './obligations/responsibility-lists.http.module';
import { BodyGuardMiddleware } from './http/body-guard.middleware';
import { PrivateResponseMiddleware } from './http/private-response.middleware';
import { IdentityHttpModule } from './identity/identity.http.module';
import { DemoSeedService } from './seed/demo-seed.service';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret?: string;
  /** Where JSON log lines go (stdout by default); tests pass a capturing stream. */
  logDestination?: DestinationStream;
}

export const BODY_LIMIT = '1mb';

@Module({})
export class AppModule implements NestModule {
  /** Parsing after the request logger, so a refused body is still logged with its request id. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware, PrivateResponseMiddleware, json({ limit: BODY_LIMIT }), BodyGuardMiddleware).forRoutes('*');
  }

  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TelemetryModule.forRoot({ level: config.log.level, destination: options.logDestination }),
        DatabaseModule.forRoot(dataSourceOptions({ url: options.databaseUrl, poolSize: config.database.poolSize, entities: IDENTITY_ENTITIES })),
        WorkflowModule,
        AdminTrailModule,
        ProcessorsModule,
        IdentityModule.forRoot({ jwtSecret: options.jwtSecret ?? config.auth.jwtSecret, auth: config.auth }),
        CasesModule,
        ObligationsModule,
        IdentityHttpModule,
        CasesHttpModule,
        AuditHttpModule,
        WorkflowsHttpModule,
        CalendarHttpModule,
        SlaPoliciesHttpModule,
        TimersHttpModule,
        JobsHttpModule,
        ReportsHttpModule,
        ResponsibilityListsHttpModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: ProblemExceptionFilter }, DemoSeedService],
    };
  }
}
