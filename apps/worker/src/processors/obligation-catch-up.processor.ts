import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SettingsVersions } from '@app/database';
import { ResponsibilityListService } from '@app/obligations';
import { PeriodicProcessor } from './periodic.processor';

/** A unit created after its year's list was published gets its duties within this long. */
const EVERY_MS = 5 * 60_000;

/** Keeps every published responsibility list's cases complete; idempotent, so any number of workers may run it. */
@Injectable()
export class ObligationCatchUpProcessor extends PeriodicProcessor {
  constructor(
    registry: SchedulerRegistry,
    private readonly lists: ResponsibilityListService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly settings: SettingsVersions,
  ) {
    super(registry, 'obligation-catch-up', EVERY_MS, config.sweeper.enabled);
  }

  protected async runOnce(): Promise<void> {
    await this.settings.sync();
    const results = await this.lists.catchUp('obligation-catch-up');
    const created = results.reduce((n, r) => n + r.created, 0);
    if (created) this.logger.log({ created }, 'obligation cases generated for units added since publication');
  }
}
