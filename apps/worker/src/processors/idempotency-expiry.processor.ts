import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IdempotencyRepository } from '@app/cases';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PeriodicProcessor } from './periodic.processor';

/** Idempotency keys are kept for a day; nothing depends on them going at an exact time. */
const EVERY_MS = 10 * 60_000;

@Injectable()
export class IdempotencyExpiryProcessor extends PeriodicProcessor {
  constructor(
    registry: SchedulerRegistry,
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(registry, 'idempotency-expiry', EVERY_MS, config.sweeper.enabled);
  }

  protected async runOnce(): Promise<void> {
    const expired = await this.keys.expireOnce();
    if (expired) this.logger.log({ expired }, 'idempotency keys expired');
  }
}
