import { Module } from '@nestjs/common';
import { AuditSearchService } from './application/audit-search.service';
import { AuditVerifyService } from './application/audit-verify.service';
import { OutboxDispatcher } from './application/outbox-dispatcher.service';
import { AuditRepository } from './persistence/audit.repository';
import { AuditWriter } from './persistence/audit-writer';

const providers = [AuditRepository, AuditWriter, AuditSearchService, AuditVerifyService, OutboxDispatcher];

@Module({ providers, exports: providers })
export class AuditModule {}
