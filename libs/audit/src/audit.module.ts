import { Module } from '@nestjs/common';
import { AuditSearchService } from './application/audit-search.service';
import { OutboxDispatcher } from './application/outbox-dispatcher.service';
import { AuditRepository } from './persistence/audit.repository';
import { AuditWriter } from './persistence/audit-writer';
import { OutboxRepository } from './persistence/outbox.repository';

const providers = [AuditRepository, AuditWriter, AuditSearchService, OutboxDispatcher, OutboxRepository];

/** The trail's writer and readers. AuditVerifyService needs AUDITED_CASES, so the cases context provides it. */
@Module({ providers, exports: providers })
export class AuditModule {}
