import { Injectable } from '@nestjs/common';
import { UnitTree } from '../domain/unit-tree';
import { UnitRepository } from '../persistence/unit.repository';

const TTL_MS = 10_000;

/**
 * The unit tree, read once and cached briefly: scopes are computed on every request, while units
 * change a few times a year. Local writes invalidate at once; other processes within TTL_MS.
 */
@Injectable()
export class UnitDirectory {
  private cached?: { tree: Promise<UnitTree>; at: number };

  constructor(private readonly units: UnitRepository) {}

  tree(): Promise<UnitTree> {
    if (!this.cached || Date.now() - this.cached.at > TTL_MS) {
      const tree = this.units.findAll().then((rows) => new UnitTree(rows));
      this.cached = { tree, at: Date.now() };
      tree.catch(() => (this.cached = undefined));
    }
    return this.cached.tree;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
