import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { EscalationModule, SYSTEM_EVENT_SINK } from '@app/escalation';
import { createDefaultRegistry } from '@app/workflow';
import { CaseEventSink } from './application/case-event.sink';
import { CaseQueryService } from './application/case-query.service';
import { CaseTransitionService } from './application/case-transition.service';
import { DeadlineService } from './application/deadline.service';
import { EventPreconditions } from './application/event-preconditions.service';
import { OpenCaseService } from './application/open-case.service';
import { MACHINE_REGISTRY } from './cases.tokens';
import { CaseRepository } from './persistence/case.repository';
import { IdempotencyRepository } from './persistence/idempotency.repository';
import { TransitionWriter } from './persistence/transition-writer';

const services = [CaseQueryService, CaseTransitionService, OpenCaseService, CaseRepository, IdempotencyRepository, TransitionWriter];

@Module({
  imports: [AuditModule, EscalationModule],
  providers: [
    ...services,
    DeadlineService,
    EventPreconditions,
    CaseEventSink,
    { provide: SYSTEM_EVENT_SINK, useExisting: CaseEventSink },
    { provide: MACHINE_REGISTRY, useFactory: createDefaultRegistry },
  ],
  exports: [...services, MACHINE_REGISTRY, SYSTEM_EVENT_SINK, AuditModule, EscalationModule],
})
export class CasesModule {}
