import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseTransitionService, OpenCaseService } from '@app/cases';
import { ActorResolver, UnitService, UserService } from '@app/identity';
import { DEMO_CASES } from './demo-cases';
import { DEMO_UNITS, DEMO_USERS } from './demo-data';

export const DEMO_SEED_MARKER = 'demo_seeded_at';

/** Seeds the demo county once; the marker row tells later starts (and the banner) that it ran. */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly units: UnitService,
    private readonly users: UserService,
    private readonly actors: ActorResolver,
    private readonly opening: OpenCaseService,
    private readonly transitions: CaseTransitionService,
  ) {}

  async seeded(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM app_settings WHERE key = $1`, [DEMO_SEED_MARKER]);
    return rows.length > 0;
  }

  /** Units and users, then (unless `cases` is false) a few cases of each kind in different states. */
  async seed(password: string, options: { cases?: boolean } = {}): Promise<void> {
    if (await this.seeded()) return;
    const ids = new Map<string, string>();
    const existing = await this.units.tree();
    const walk = (nodes: typeof existing) =>
      nodes.forEach((n) => {
        ids.set(n.code, n.id);
        walk(n.children);
      });
    walk(existing);
    for (const unit of DEMO_UNITS) {
      if (ids.has(unit.code)) continue;
      const created = await this.units.create({
        code: unit.code,
        name: unit.name,
        parentId: unit.parent ? ids.get(unit.parent)! : null,
      });
      ids.set(unit.code, created.id);
    }
    const taken = new Set((await this.users.list()).map((u) => u.username.toLowerCase()));
    for (const user of DEMO_USERS) {
      if (taken.has(user.username)) continue;
      await this.users.create({
        username: user.username,
        displayName: user.displayName,
        unitId: ids.get(user.unit)!,
        roles: [user.role],
        password,
      });
    }
    if (options.cases ?? true) await this.seedCases(ids);
    await this.dataSource.query(
      `INSERT INTO app_settings (key, value) VALUES ($1, to_jsonb(now())) ON CONFLICT (key) DO NOTHING`,
      [DEMO_SEED_MARKER],
    );
    this.logger.log(`demo county seeded: ${DEMO_UNITS.length} units, ${DEMO_USERS.length} users`);
  }

  private async seedCases(units: Map<string, string>): Promise<void> {
    const unitIds = Object.fromEntries(units);
    const byName = new Map((await this.users.list()).map((u) => [u.username, u.id]));
    const actor = (username: string) => this.actors.forUser(byName.get(username)!);
    for (const demo of DEMO_CASES) {
      const { view: opened } = await this.opening.open(await actor(demo.openedBy), demo.command(unitIds), 'demo-seed');
      for (const step of demo.steps(unitIds)) {
        await this.transitions.apply({ actor: await actor(step.as), caseId: opened.id, body: step.event, correlationId: 'demo-seed' });
      }
    }
    this.logger.log(`demo cases seeded: ${DEMO_CASES.length}`);
  }
}
