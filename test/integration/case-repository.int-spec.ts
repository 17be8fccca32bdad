import { CaseRepository, OpenCaseService, TransitionWriter, type CaseRow } from '@app/cases';
import { Transactions } from '@app/database';
import { WHOLE_COUNTY, type CaseScope } from '@app/workflow';
import { createTestContext, type TestContext } from '../support/test-context';

const rectification = (unitId: string, title: string) => ({
  kind: 'rectification' as const,
  title,
  description: '巡察反馈问题',
  source: '巡察反馈' as const,
  unitId,
  dueAt: '2030-06-30T16:00:00.000Z',
});

describe('CaseRepository on PostgreSQL: every read through the one unit-scope rule', () => {
  let t: TestContext;
  let cases: CaseRepository;
  let zjj: CaseRow;
  let cj: CaseRow;
  let scj: CaseRow;
  let accountability: CaseRow;
  let officerZjj: CaseScope;
  let inspector: CaseScope;

  beforeAll(async () => {
    t = await createTestContext();
    cases = t.get(CaseRepository);
    const opening = t.get(OpenCaseService);
    const actor = await t.actor('inspector');
    const open = async (command: Parameters<OpenCaseService['open']>[1]) =>
      (await cases.findVisible(WHOLE_COUNTY, (await opening.open(actor, command, 'int')).view.id))!;
    zjj = await open(rectification(t.units.zjj, '住建局问题'));
    cj = await open(rectification(t.units['zjj-cj'], '城建股问题'));
    scj = await open(rectification(t.units.scj, '市场监管局问题'));
    accountability = await open({ kind: 'accountability', title: '问责', description: '逾期', parentCaseId: zjj.id, targetUnitId: t.units.zjj });
    officerZjj = (await t.actor('officer.zjj')).scope;
    inspector = actor.scope;
  });
  afterAll(() => t?.close());

  it('reads back every column the insert wrote', async () => {
    const actor = await t.actor('inspector');
    const opened = await t
      .get(Transactions)
      .run((runner) => t.get(OpenCaseService).openIn(runner, actor, rectification(t.units.hotline, '逐列核对'), 'int', new Date('2026-12-02T01:02:03.004Z')));
    expect(await cases.findVisible(WHOLE_COUNTY, opened.id)).toEqual(opened);
  });

  it("shows a unit its own and its sub-units' cases, never another unit's or an accountability case", async () => {
    expect(await cases.findVisible(officerZjj, cj.id)).not.toBeNull();
    expect(await cases.findVisible(officerZjj, scj.id)).toBeNull();
    expect(await cases.findVisible(officerZjj, accountability.id)).toBeNull();
    const listed = await cases.list(officerZjj, { limit: 100 });
    expect(listed.map((c) => c.id).sort()).toEqual([zjj.id, cj.id].sort());
    expect(await cases.count(officerZjj, {})).toBe(2);
    expect(await cases.count(officerZjj, { text: '市场监管局' })).toBe(0);
  });

  it('shows the whole county every case, accountability included', async () => {
    const all = (await cases.list(inspector, { limit: 100 })).map((c) => c.id);
    expect(all).toEqual(expect.arrayContaining([zjj.id, cj.id, scj.id, accountability.id]));
    expect(await cases.findVisible(inspector, accountability.id)).not.toBeNull();
  });

  it('links cases through the same rule: the unit never learns of the accountability case opened about it', async () => {
    expect(await cases.linked(officerZjj, zjj.id)).toEqual([]);
    expect((await cases.linked(inspector, zjj.id)).map((c) => c.id)).toEqual([accountability.id]);
  });

  it('answers audit verification (headOf, headsAfter) through the same rule', async () => {
    expect(await cases.headOf(officerZjj, cj.id)).toEqual({ id: cj.id, code: cj.code, version: cj.version, chainHead: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await cases.headOf(officerZjj, scj.id)).toBeNull();
    expect(await cases.headOf(officerZjj, accountability.id)).toBeNull();
    const ids: string[] = [];
    for (let after: string | null = null; ; ) {
      const page = await cases.headsAfter(officerZjj, after, 1);
      if (!page.length) break;
      ids.push(...page.map((h) => h.id));
      after = page[0].id;
    }
    expect(ids).toEqual([zjj.id, cj.id].sort());
  });

  it('locks only cases in scope, and lets the sweeper pass over a case another transaction holds', async () => {
    const transactions = t.get(Transactions);
    expect((await transactions.run((runner) => cases.lockForUpdate(runner, [zjj.id, scj.id], officerZjj))).map((r) => r.id)).toEqual([zjj.id]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = transactions.run(async (runner) => {
      await cases.lockForUpdate(runner, [zjj.id], WHOLE_COUNTY);
      locked();
      await held;
    });
    await isLocked;
    const skipped = await transactions.run((runner) => cases.lockForUpdate(runner, [zjj.id, scj.id], WHOLE_COUNTY, { skipLocked: true }));
    release();
    await holder;
    expect(skipped.map((r) => r.id)).toEqual([scj.id]);
  });

  it('writes a new state only at the version it was read at', async () => {
    const before = (await cases.findVisible(WHOLE_COUNTY, scj.id))!;
    const stale = { ...before, title: before.title, stateDetail: 'assigned', version: before.version + 1, expectedVersion: before.version - 1 };
    await expect(t.get(Transactions).run((runner) => t.get(TransitionWriter).write(runner, [stale], []))).rejects.toThrow(/matched 0\/1 cases/);
    expect(await cases.findVisible(WHOLE_COUNTY, scj.id)).toEqual(before);
  });
});
