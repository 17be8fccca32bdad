import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CallerDataService } from '@app/cases';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PeriodicProcessor } from './periodic.processor';

const HOURLY = 3600_000;

/** With CALLER_DATA_RETENTION_DAYS set, erases callers' data that has outlived it (each erasure in the admin chain). */
@Injectable()
export class CallerRetentionProcessor extends PeriodicProcessor {
  private readonly days: number | undefined;

  constructor(
    registry: SchedulerRegistry,
    private readonly callers: CallerDataService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(registry, 'caller-retention', HOURLY, config.sweeper.enabled && config.audit.callerRetentionDays !== undefined);
    this.days = config.audit.callerRetentionDays;
  }

  protected async runOnce(): Promise<void> {
    if (this.days !== undefined) await this.callers.eraseExpired(new Date(), this.days);
  }
}
