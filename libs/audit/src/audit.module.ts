import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AuditLogVerifyService } from './application/audit-log-verify.service';
import { AuditLogService } from './application/audit-log.service';
import { AuditSearchService } from './application/audit-search.service';
import { AUDIT_SIGNER, loadSigner } from './application/audit-signer';
import { OutboxDispatcher } from './application/outbox-dispatcher.service';
import { AuditLogRepository } from './persistence/audit-log.repository';
import { AuditWatchRepository } from './persistence/audit-watch.repository';
import { AuditRepository } from './persistence/audit.repository';
import { AuditWriter } from './persistence/audit-writer';
import { OutboxRepository } from './persistence/outbox.repository';
import { AuditProfileRepository } from './persistence/audit-profile.repository';
import { TrailProfileService } from './application/trail-profile.service';

const providers = [
  AuditRepository,
  AuditWriter,
  AuditSearchService,
  OutboxDispatcher,
  OutboxRepository,
  AuditLogRepository,
  AuditLogService,
  AuditLogVerifyService,
  AuditWatchRepository,
  AuditProfileRepository,
  TrailProfileService,
];

/** The trail's writer and readers. AuditVerifyService (and the watch over it) needs AUDITED_CASES, so the cases context provides it. */
@Module({
  providers: [...providers, { provide: AUDIT_SIGNER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadSigner(config.audit) }],
  exports: providers,
})
export class AuditModule {}
