import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CalendarYearLoader } from '@app/cases';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SettingsVersions } from '@app/database';
import { PeriodicProcessor } from './periodic.processor';

const EVERY_MS = 30_000;

/**
 * A deadline planned on a calendar that was replaced while its request was under way carries the
 * old calendar's version: this re-plans it (and anything planned before versions were kept).
 */
@Injectable()
export class CalendarCatchUpProcessor extends PeriodicProcessor {
  constructor(
    registry: SchedulerRegistry,
    private readonly loader: CalendarYearLoader,
    private readonly settings: SettingsVersions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(registry, 'calendar-catch-up', EVERY_MS, config.sweeper.enabled);
  }

  protected async runOnce(): Promise<void> {
    await this.settings.sync();
    for (let total = 0; !this.stopped; ) {
      const done = await this.loader.catchUp();
      total += done;
      if (!done) {
        if (total) this.logger.log({ cases: total }, 'deadlines planned on an older calendar re-planned');
        return;
      }
    }
  }
}
