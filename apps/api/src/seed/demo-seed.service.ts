import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseTransitionService, OpenCaseService } from '@app/cases';
import { ActorResolver, UnitService, UserService } from '@app/identity';
import { ObligationViewsService, ResponsibilityListService } from '@app/obligations';
import { type Actor, DomainError, ErrorCode } from '@app/workflow';
import { DEMO_CASES } from './demo-cases';
import { DEMO_RESPONSIBILITY_ITEMS } from './demo-responsibility-list';
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
    private readonly lists: ResponsibilityListService,
    private readonly checklists: ObligationViewsService,
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
    const bySeed = { actor: { id: 'system', roles: [], unitId: null }, correlationId: 'demo-seed' };
    for (const unit of DEMO_UNITS) {
      if (ids.has(unit.code)) continue;
      const created = await this.units.create({
        code: unit.code,
        name: unit.name,
        parentId: unit.parent ? ids.get(unit.parent)! : null,
      }, bySeed);
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
      }, bySeed);
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
    await this.seedResponsibilityList(units, actor);
  }

  /**
   * This year's list, published, and a few units' evidence sent and reviewed, so the matrix shows
   * completed, open and late cells (the list is published late in the year: what nobody reported is late).
   */
  private async seedResponsibilityList(units: Map<string, string>, actor: (username: string) => Promise<Actor>): Promise<void> {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const admin = await actor('admin');
    try {
      await this.lists.put(admin, year, { status: 'published', items: DEMO_RESPONSIBILITY_ITEMS }, 'demo-seed');
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.VALIDATION_FAILED) throw error;
      // A year whose holidays the calendar does not name yet: the list without its holiday duties.
      const items = DEMO_RESPONSIBILITY_ITEMS.map((i) => ({ ...i, obligations: i.obligations.filter((o) => o.schedule.type !== 'before-holidays') }));
      await this.lists.put(admin, year, { status: 'published', items }, 'demo-seed');
    }
    const inspector = await actor('inspector');
    const work = async (officer: string, unitCode: string, pick: (c: { obligationKey: string; due: number }) => 'accept' | 'submit' | 'send-back' | null) => {
      const me = await actor(officer);
      const checklist = await this.checklists.checklist(inspector, year, units.get(unitCode)!);
      for (const o of checklist.items.flatMap((i) => i.obligations)) {
        for (const c of o.cases) {
          const plan = pick({ obligationKey: o.key, due: Date.parse(c.ownDueAt ?? c.dueAt ?? '') });
          if (!plan) continue;
          const send = (as: Actor, event: Record<string, unknown>) => this.transitions.apply({ actor: as, caseId: c.caseId, body: event, correlationId: 'demo-seed' });
          await send(me, { type: 'SUBMIT_REPORT', summary: `${o.title}：已按要求完成，会议纪要及相关材料见附件清单` });
          if (plan === 'accept') await send(inspector, { type: 'VERIFY_PASS', comment: '材料齐全，予以认可' });
          if (plan === 'send-back') await send(inspector, { type: 'VERIFY_FAIL', reason: '缺少会议纪要，请补充后重新报送' });
        }
      }
    };
    const past = (due: number) => due < Date.now();
    // 住建局 did everything that fell due; 市场监管局 reported some, one waits for review, one was sent back.
    await work('officer.zjj', 'zjj', (c) => (past(c.due) ? 'accept' : null));
    await work('officer.scj', 'scj', (c) =>
      c.obligationKey === 'study-plan' ? 'send-back' : c.obligationKey === 'annual-plan' ? 'submit' : c.obligationKey === 'duty-list' || c.obligationKey === 'ideology-study' ? 'accept' : null,
    );
    this.logger.log(`responsibility list ${year} published for the demo county`);
  }
}
