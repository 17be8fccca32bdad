import { Injectable, OnModuleInit } from '@nestjs/common';
import { SettingsVersions, VersionedCache } from '@app/database';
import { UnitTree } from '../domain/unit-tree';
import { UnitRepository } from '../persistence/unit.repository';

/**
 * The unit tree, kept in memory: scopes are computed on every request, while units change a few
 * times a year. Any process's change reloads it before the next request that sees the change.
 */
@Injectable()
export class UnitDirectory implements OnModuleInit {
  private readonly cache: VersionedCache<UnitTree>;

  constructor(units: UnitRepository, settings: SettingsVersions) {
    this.cache = settings.cache('units', async () => new UnitTree(await units.findAll()));
  }

  async onModuleInit(): Promise<void> {
    await this.cache.refresh().catch(() => undefined);
  }

  tree(): Promise<UnitTree> {
    return this.cache.get();
  }

  /** After a local change: the next read sees it. */
  async reload(): Promise<void> {
    await this.cache.refresh();
  }
}
