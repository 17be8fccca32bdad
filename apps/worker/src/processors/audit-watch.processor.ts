import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AuditWatchService } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PeriodicProcessor } from './periodic.processor';

/** Verifies the trail every AUDIT_VERIFY_MINUTES (incrementally; in full at start and daily) and alerts on the first failure. */
@Injectable()
export class AuditWatchProcessor extends PeriodicProcessor {
  constructor(
    registry: SchedulerRegistry,
    private readonly watch: AuditWatchService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(registry, 'audit-watch', config.audit.verifyMinutes * 60_000, config.sweeper.enabled);
  }

  protected async runOnce(): Promise<void> {
    await this.watch.run();
  }
}
