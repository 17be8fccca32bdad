import { NoticeService } from './application/notice.service';
import { NoticeRepository } from './persistence/notice.repository';
import { CalendarYearLoader } from './application/calendar-year-loader.service';
import { Module } from '@nestjs/common';
import { AUDITED_CASES, AuditModule, AuditVerifyService, AuditWatchService } from '@app/audit';
import { EscalationModule, SYSTEM_EVENT_SINK } from '@app/escalation';
import { AttachmentService } from './application/attachment.service';
import { EvidenceBundleService } from './application/evidence-bundle.service';
import { CallerDataService } from './application/caller-data.service';
import { CallerDataRepository } from './persistence/caller-data.repository';
import { CaseEventSink } from './application/case-event.sink';
import { CaseQueryService } from './application/case-query.service';
import { CaseTransitionService } from './application/case-transition.service';
import { EventPreconditions } from './application/event-preconditions.service';
import { LedgerImportService } from './application/ledger-import.service';
import { LedgerWorkbookService } from './application/ledger-workbook.service';
import { OpenCaseService } from './application/open-case.service';
import { AttachmentRepository } from './persistence/attachment.repository';
import { CaseRepository } from './persistence/case.repository';
import { PostgresFileStore } from './persistence/file-store';
import { IdempotencyRepository } from './persistence/idempotency.repository';
import { LedgerImportRepository } from './persistence/ledger-import.repository';
import { TransitionWriter } from './persistence/transition-writer';

const services = [
  CaseQueryService,
  CaseTransitionService,
  OpenCaseService,
  AttachmentService,
  LedgerWorkbookService,
  LedgerImportService,
  LedgerImportRepository,
  CaseRepository,
  IdempotencyRepository,
  TransitionWriter,
  AttachmentRepository,
  PostgresFileStore,
  EvidenceBundleService,
  CallerDataService,
  CallerDataRepository,
  CalendarYearLoader,
  NoticeService,
  NoticeRepository,
];

@Module({
  imports: [AuditModule, EscalationModule],
  providers: [
    ...services,
    EventPreconditions,
    CaseEventSink,
    { provide: SYSTEM_EVENT_SINK, useExisting: CaseEventSink },
    { provide: AUDITED_CASES, useExisting: CaseRepository },
    AuditVerifyService,
    AuditWatchService,
  ],
  exports: [...services, SYSTEM_EVENT_SINK, AuditVerifyService, AuditWatchService, AuditModule, EscalationModule],
})
export class CasesModule {}
