import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CasesModule } from '@app/cases';
import { TimerSweeper } from '@app/escalation';
import { IdempotencyExpiryProcessor } from './idempotency-expiry.processor';
import { OutboxProcessor } from './outbox.processor';
import { TimerSweepProcessor } from './timer-sweep.processor';

const processors = [TimerSweepProcessor, OutboxProcessor, IdempotencyExpiryProcessor];

/**
 * The background processors, each off unless SWEEPER=on. The worker process runs them; the API
 * process runs them too when it is the only process (embedded database, or SWEEPER=on).
 */
@Module({
  imports: [ScheduleModule.forRoot(), CasesModule],
  providers: [TimerSweeper, ...processors],
  exports: [TimerSweeper, ...processors],
})
export class ProcessorsModule {}
