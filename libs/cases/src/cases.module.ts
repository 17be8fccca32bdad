import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { createDefaultRegistry } from '@app/workflow';
import { CaseQueryService } from './application/case-query.service';
import { CaseTransitionService } from './application/case-transition.service';
import { DeadlineService } from './application/deadline.service';
import { EventPreconditions } from './application/event-preconditions.service';
import { OpenCaseService } from './application/open-case.service';
import { MACHINE_REGISTRY } from './cases.tokens';
import { CaseRepository } from './persistence/case.repository';
import { IdempotencyRepository } from './persistence/idempotency.repository';

const services = [CaseQueryService, CaseTransitionService, OpenCaseService, CaseRepository, IdempotencyRepository];

@Module({
  imports: [AuditModule],
  providers: [
    ...services,
    DeadlineService,
    EventPreconditions,
    { provide: MACHINE_REGISTRY, useFactory: createDefaultRegistry },
  ],
  exports: [...services, MACHINE_REGISTRY, AuditModule],
})
export class CasesModule {}
