import { AuditLogService, AuditWatchService } from '@app/audit';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';
import { connect, rewriteChain, type Sql } from '../support/trail';

/** The worker's watch: verifies what was signed since its last run, and alerts once when tampering appears. */
describe('the audit watch', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let units: Record<string, string>;
  let su: { sql: Sql; close: () => Promise<void> };
  let watch: AuditWatchService;
  const sign = () => t.app.get(AuditLogService).checkpoint(new Date());

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    units = await drive.units();
    su = await connect(t.database.url);
    watch = t.app.get(AuditWatchService);
  });
  afterAll(async () => {
    await su.close();
    await t.close();
  });

  const state = async () => (await t.http().get('/api/audit/watch').set((await sessions.as('auditor')).auth).expect(200)).body;
  const alerts = () => su.sql(`SELECT payload FROM outbox WHERE topic = 'audit.alert' ORDER BY id`);

  it('runs in full first, then goes on from the last checkpoint it verified', async () => {
    expect((await t.http().get('/api/audit/watch').set((await sessions.as('auditor')).auth)).status).toBe(404);
    // Its findings name cases of every unit.
    expect((await t.http().get('/api/audit/watch').set((await sessions.as('officer.zjj')).auth)).status).toBe(403);
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
    await sign();
    await watch.run();
    const first = await state();
    expect(first).toMatchObject({ valid: true, runsTotal: 1, failedRunsTotal: 0, findings: [], firstFailureAt: null });
    expect(first.lastFullAt).toBe(first.lastRunAt);

    await drive.must('officer.zjj', c.id, { type: 'ACCEPT', comment: '收到' });
    await sign();
    await watch.run(new Date(Date.now() + 60_000));
    const second = await state();
    expect(second).toMatchObject({ valid: true, runsTotal: 2, lastFullAt: first.lastFullAt });
    expect(second.checkedThrough).toBeGreaterThan(first.checkedThrough);
  });

  it('catches between full runs an old event rewritten with its case row, once the case moves on; alerts once', async () => {
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj, comment: '限期两周' });
    await sign();
    await watch.run(new Date(Date.now() + 120_000));

    await su.sql('BEGIN');
    await su.sql(`SET LOCAL session_replication_role = replica`);
    const prev = await rewriteChain(su.sql, c.id, (row) => {
      if (row.seq === 2) row.payload = { ...row.payload, comment: '限期两个月' };
    });
    await su.sql(`UPDATE cases SET chain_head = $2 WHERE id = $1`, [c.id, prev]);
    await su.sql('COMMIT');

    await drive.must('officer.zjj', c.id, { type: 'ACCEPT', comment: '收到' });
    await sign();
    await watch.run(new Date(Date.now() + 180_000));
    const found = await state();
    expect(found).toMatchObject({ valid: false, failedRunsTotal: 1 });
    expect(found.findings.join('\n')).toMatch(/events changed after logging at index \d+/);
    expect(found.firstFailureAt).toBe(found.lastRunAt);
    const raised = await alerts();
    expect(raised).toHaveLength(1);
    expect(raised[0].payload).toMatchObject({ alert: 'audit-tampering', findings: found.findings });
    expect(t.logs.some((l) => l.includes('AUDIT TRAIL TAMPERING FOUND') && JSON.parse(l).level === 50)).toBe(true);

    // Still failing: counted again, not alerted again.
    await watch.run(new Date(Date.now() + 240_000));
    expect(await state()).toMatchObject({ valid: false, failedRunsTotal: 2, firstFailureAt: found.firstFailureAt });
    expect(await alerts()).toHaveLength(1);
  });
});
