import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from '@app/audit';
import { CasesModule } from '@app/cases';
import { TimerSweeper } from '@app/escalation';
import { ObligationsModule } from '@app/obligations';
import { AuditLogProcessor } from './audit-log.processor';
import { AuditWatchProcessor } from './audit-watch.processor';
import { CalendarCatchUpProcessor } from './calendar-catch-up.processor';
import { CallerRetentionProcessor } from './caller-retention.processor';
import { IdempotencyExpiryProcessor } from './idempotency-expiry.processor';
import { ObligationCatchUpProcessor } from './obligation-catch-up.processor';
import { OutboxProcessor } from './outbox.processor';
import { TimerSweepProcessor } from './timer-sweep.processor';

const processors = [TimerSweepProcessor, OutboxProcessor, IdempotencyExpiryProcessor, ObligationCatchUpProcessor, AuditLogProcessor, AuditWatchProcessor, CallerRetentionProcessor, CalendarCatchUpProcessor];

/**
 * The background processors, each off unless SWEEPER=on. The worker process runs them; the API
 * process runs them too when it is the only process (embedded database, or SWEEPER=on).
 */
@Module({
  imports: [ScheduleModule.forRoot(), CasesModule, ObligationsModule, AuditModule],
  providers: [TimerSweeper, ...processors],
  exports: [TimerSweeper, ...processors],
})
export class ProcessorsModule {}
