import { Injectable, OnModuleInit } from '@nestjs/common';
import { RefreshingCache } from '@app/database';
import { UnitTree } from '../domain/unit-tree';
import { UnitRepository } from '../persistence/unit.repository';

const TTL_MS = 10_000;

/**
 * The unit tree, read once and refreshed in the background: scopes are computed on every request,
 * while units change a few times a year. Local writes reload it at once; other processes' writes
 * show within TTL_MS.
 */
@Injectable()
export class UnitDirectory implements OnModuleInit {
  private readonly cache: RefreshingCache<UnitTree>;

  constructor(units: UnitRepository) {
    this.cache = new RefreshingCache(async () => new UnitTree(await units.findAll()), TTL_MS);
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
