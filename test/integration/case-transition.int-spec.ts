import { CaseRepository, CaseTransitionService, OpenCaseService } from '@app/cases';
import { Transactions } from '@app/database';
import { Actor, DomainError, WHOLE_COUNTY } from '@app/workflow';
import { createTestContext, type TestContext } from '../support/test-context';

const hotline = {
  kind: 'hotline' as const,
  title: '小区路灯不亮',
  content: '3号楼前路灯损坏',
  callerName: '张三',
  callerPhone: '13812345678',
  requestType: '投诉' as const,
  priority: 'normal' as const,
  channel: 'phone' as const,
};

describe('CaseTransitionService on PostgreSQL: one transaction per event', () => {
  let t: TestContext;
  let transitions: CaseTransitionService;
  let agent: Actor;

  beforeAll(async () => {
    t = await createTestContext();
    transitions = t.get(CaseTransitionService);
    agent = await t.actor('agent');
  });
  afterAll(() => t?.close());

  const open = async () => (await t.get(OpenCaseService).open(agent, hotline, 'int')).view.id;
  const written = async (caseId: string) => {
    const [row] = await t.sql.query(
      `SELECT c.version, c.state_detail AS "stateDetail", c.due_at AS "dueAt",
              (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id) AS events,
              (SELECT count(*)::int FROM outbox o WHERE o.payload->>'caseId' = c.id::text) AS outbox,
              (SELECT count(*)::int FROM case_timers m WHERE m.case_id = c.id AND m.status = 'pending') AS timers
       FROM cases c WHERE c.id = $1`,
      [caseId],
    );
    return row as { version: number; stateDetail: string; dueAt: Date | null; events: number; outbox: number; timers: number };
  };

  it('writes the case, its chained audit event, its outbox row and its deadline timers together', async () => {
    const id = await open();
    const { view } = await transitions.apply({ actor: agent, caseId: id, body: { type: 'ASSIGN', unitId: t.units.zjj }, correlationId: 'int-assign' });
    expect(view).toMatchObject({ version: 2, stateDetail: 'assigned' });
    expect(await written(id)).toMatchObject({ version: 2, stateDetail: 'assigned', events: 2, outbox: 2, timers: 5 });
    const events = await t.sql.query(`SELECT seq, type, prev_hash AS "prevHash", hash FROM case_events WHERE case_id = $1 ORDER BY seq`, [id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'ASSIGN']);
    expect(events[1].prevHash).toBe(events[0].hash);
    const timers = await t.sql.query(
      `SELECT purpose, level, action, due_at AS "dueAt", state_entered AS "stateEntered" FROM case_timers WHERE case_id = $1 AND status = 'pending' ORDER BY due_at, id`,
      [id],
    );
    expect(timers.map((m: { purpose: string; level: number; action: string | null }) => [m.purpose, m.level, m.action])).toEqual([
      ['warning', 0, null],
      ['breach', 0, null],
      ['escalate', 1, 'notify'],
      ['escalate', 2, 'notify'],
      ['escalate', 3, 'open-accountability'],
    ]);
    expect(timers.every((m: { stateEntered: string }) => m.stateEntered === 'assigned')).toBe(true);
    expect((await written(id)).dueAt).toEqual(timers[1].dueAt);
  });

  it('writes nothing at all when the event is refused after the case was locked', async () => {
    const id = await open();
    const before = await written(id);
    const officerScj = await t.actor('officer.scj');
    const refused = transitions.apply({
      actor: agent,
      caseId: id,
      body: { type: 'ASSIGN', unitId: t.units.zjj, assigneeId: officerScj.id },
      correlationId: 'int-refused',
    });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ errors: [{ field: 'assigneeId' }] });
    expect(await written(id)).toEqual(before);
  });

  it('applies a retried request with the same Idempotency-Key once and answers it the same', async () => {
    const id = await open();
    const command = { actor: agent, caseId: id, body: { type: 'ASSIGN', unitId: t.units.zjj }, correlationId: 'int-idem', idempotencyKey: 'retry-1' };
    const first = await transitions.apply(command);
    const again = await transitions.apply(command);
    expect(again).toEqual({ view: first.view, replayed: true });
    expect(await written(id)).toMatchObject({ version: 2, events: 2 });
  });

  it('calls a system event busy while another transaction holds the case, and stale once the case left its state', async () => {
    const id = await open();
    await transitions.apply({ actor: agent, caseId: id, body: { type: 'ASSIGN', unitId: t.units.zjj }, correlationId: 'int' });
    const transactions = t.get(Transactions);
    const event = (expectState: string) => ({ caseId: id, expectState, body: { type: 'SLA_WARNING', timerId: '1', dueAt: new Date().toISOString() }, correlationId: 'int-sys' });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = transactions.run(async (runner) => {
      await t.get(CaseRepository).lockForUpdate(runner, [id], WHOLE_COUNTY);
      locked();
      await held;
    });
    await isLocked;
    const busy = await transactions.run((runner) => transitions.applySystemEvents(runner, [event('assigned')], new Date()));
    release();
    await holder;
    expect(busy).toEqual([{ outcome: 'busy' }]);
    const stale = await transactions.run((runner) => transitions.applySystemEvents(runner, [event('opened')], new Date()));
    expect(stale).toEqual([{ outcome: 'stale' }]);
    expect(await written(id)).toMatchObject({ version: 2, events: 2 });
  });
});
