import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { OutboxDispatcher } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PeriodicProcessor } from './periodic.processor';

/** Delivers committed outbox rows (webhook or log), on the sweeper's rhythm. */
@Injectable()
export class OutboxProcessor extends PeriodicProcessor {
  constructor(
    registry: SchedulerRegistry,
    private readonly outbox: OutboxDispatcher,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(registry, 'outbox', config.sweeper.intervalMs, config.sweeper.enabled);
  }

  protected async runOnce(): Promise<void> {
    await this.outbox.dispatchOnce();
  }
}
