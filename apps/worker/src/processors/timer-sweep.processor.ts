import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@app/config';
import { TimerSweeper } from '@app/escalation';
import { PeriodicProcessor } from './periodic.processor';

/** Fires due timers: batch after batch until a batch comes back short. */
@Injectable()
export class TimerSweepProcessor extends PeriodicProcessor {
  constructor(
    registry: SchedulerRegistry,
    private readonly sweeper: TimerSweeper,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(registry, 'timer-sweep', config.sweeper.intervalMs, config.sweeper.enabled);
  }

  protected async runOnce(): Promise<void> {
    for (;;) {
      const result = await this.sweeper.sweepOnce();
      if (result.fired || result.failed) this.logger.log(result, 'timers swept');
      if (this.stopped || result.claimed < this.config.sweeper.batchSize) return;
    }
  }
}
