import { CaseTransitionService, OpenCaseService } from '@app/cases';
import { TimerSweeper } from '@app/escalation';
import type { Actor } from '@app/workflow';
import { createTestContext, type TestContext } from '../support/test-context';

const hotline = (i: number) => ({
  kind: 'hotline' as const,
  title: `工单${i}`,
  content: '内容',
  callerName: '张三',
  callerPhone: '13812345678',
  requestType: '投诉' as const,
  priority: 'normal' as const,
  channel: 'phone' as const,
});

describe('TimerSweeper on PostgreSQL: due timers delivered exactly once', () => {
  let t: TestContext;
  let sweeper: TimerSweeper;
  let agent: Actor;

  beforeAll(async () => {
    t = await createTestContext({ TIMER_MAX_ATTEMPTS: '2', TIMER_RETRY_BASE_MS: '10', SWEEP_BATCH_SIZE: '50' });
    sweeper = t.get(TimerSweeper);
    agent = await t.actor('agent');
  });
  afterAll(() => t?.close());

  /** An assigned hotline case whose five deadline timers (warning, breach, levels 1–3) are all due. */
  async function overdueCase(i: number): Promise<string> {
    const { view } = await t.get(OpenCaseService).open(agent, hotline(i), 'int');
    await t.get(CaseTransitionService).apply({ actor: agent, caseId: view.id, body: { type: 'ASSIGN', unitId: t.units.zjj }, correlationId: 'int' });
    await t.sql.query(
      `UPDATE case_timers SET due_at = now() - interval '1 hour' + level * interval '1 second' + (purpose = 'breach')::int * interval '100 ms'
       WHERE case_id = $1 AND status = 'pending'`,
      [view.id],
    );
    return view.id;
  }

  const types = async (caseId: string) =>
    (await t.sql.query(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq`, [caseId])).map((e: { type: string }) => e.type);

  it('fires a case’s timers in order, raises the level and opens the accountability case at level 3', async () => {
    const id = await overdueCase(1);
    const result = await sweeper.sweepOnce();
    expect(result).toMatchObject({ claimed: 5, fired: 5, cancelled: 0, busy: 0, failed: 0 });
    expect(await types(id)).toEqual(['OPENED', 'ASSIGN', 'SLA_WARNING', 'SLA_BREACHED', 'ESCALATE', 'ESCALATE', 'ESCALATE']);
    const [row] = await t.sql.query(`SELECT escalation_level AS level FROM cases WHERE id = $1`, [id]);
    expect(row.level).toBe(3);
    const linked = await t.sql.query(`SELECT kind FROM cases WHERE parent_case_id = $1`, [id]);
    expect(linked).toEqual([{ kind: 'accountability' }]);
    expect(await sweeper.sweepOnce()).toMatchObject({ claimed: 0, fired: 0 });
  });

  it('cancels a timer whose case has left the state it was for, without an event', async () => {
    const id = await overdueCase(2);
    await t.sql.query(`UPDATE case_timers SET state_entered = 'opened' WHERE case_id = $1 AND status = 'pending'`, [id]);
    expect(await sweeper.sweepOnce()).toMatchObject({ claimed: 5, fired: 0, cancelled: 5 });
    expect(await types(id)).toEqual(['OPENED', 'ASSIGN']);
  });

  it('backs a timer the engine refuses off, then parks it when its attempts run out', async () => {
    const id = await overdueCase(3);
    await t.sql.query(`UPDATE case_timers SET status = 'cancelled' WHERE case_id = $1 AND purpose <> 'escalate'`, [id]);
    await t.sql.query(`UPDATE case_timers SET level = 0 WHERE case_id = $1 AND status = 'pending' AND level = 1`, [id]);
    const first = await sweeper.sweepOnce();
    expect(first.failed).toBe(1);
    const [retrying] = await t.sql.query(`SELECT status, attempts, next_attempt_at AS "next" FROM case_timers WHERE case_id = $1 AND level = 0 AND purpose = 'escalate'`, [id]);
    expect(retrying).toMatchObject({ status: 'pending', attempts: 1 });
    expect(retrying.next).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 40));
    await sweeper.sweepOnce();
    const [parked] = await t.sql.query(`SELECT status, attempts, last_error AS "error" FROM case_timers WHERE case_id = $1 AND level = 0 AND purpose = 'escalate'`, [id]);
    expect(parked).toMatchObject({ status: 'parked', attempts: 2 });
    expect(parked.error).toMatch(/level/);
    // One broken timer does not hold up the rest of its case: levels 2 and 3 fired in the first sweep.
    expect(await types(id)).toEqual(['OPENED', 'ASSIGN', 'ESCALATE', 'ESCALATE']);
  });

  it('lets two sweeps at once share the work: every timer fires, none twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await overdueCase(10 + i));
    const results = await Promise.all([sweeper.sweepOnce(25), sweeper.sweepOnce(25), sweeper.sweepOnce(25)]);
    while ((await sweeper.sweepOnce()).claimed > 0);
    expect(results.reduce((n, r) => n + r.fired, 0)).toBeGreaterThan(0);
    const perTimer = await t.sql.query(
      `SELECT correlation_id, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND correlation_id LIKE 'timer:%' GROUP BY 1`,
      [ids],
    );
    expect(perTimer).toHaveLength(ids.length * 5);
    expect(perTimer.every((r: { n: number }) => r.n === 1)).toBe(true);
    const [{ n }] = await t.sql.query(`SELECT count(*)::int AS n FROM case_timers WHERE case_id = ANY($1::uuid[]) AND status = 'pending'`, [ids]);
    expect(n).toBe(0);
  });
});
