import { chain, GENESIS_HASH, type AuditRecord } from '@app/audit';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';
import { connect, type Sql } from '../support/trail';

/**
 * The attacks of someone who holds the database superuser: each must be named by verification.
 * (What the application's own database role may not do at all is tested in audit-privileges.)
 */
describe('audit verification against a superuser who tampers', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let units: Record<string, string>;
  let su: { sql: Sql; close: () => Promise<void> };

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    units = await drive.units();
    su = await connect(t.database.url);
  });
  afterAll(async () => {
    await su.close();
    await t.close();
  });

  /** A case with five events: OPENED, ASSIGN, ACCEPT, SUBMIT_REPORT, VERIFY_PASS. */
  async function verifiedCase(): Promise<string> {
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', c.id, { type: 'ACCEPT', comment: '收到' });
    await drive.must('officer.zjj', c.id, { type: 'SUBMIT_REPORT', summary: '整改完成' });
    await drive.must('inspector', c.id, { type: 'VERIFY_PASS' });
    return c.id;
  }

  /** Runs statements with every trigger off, as only a superuser can. */
  async function behindTriggers(statements: (sql: Sql) => Promise<unknown>): Promise<void> {
    await su.sql('BEGIN');
    try {
      await su.sql(`SET LOCAL session_replication_role = replica`);
      await statements(su.sql);
      await su.sql('COMMIT');
    } catch (error) {
      await su.sql('ROLLBACK');
      throw error;
    }
  }

  const verify = async (caseId?: string) => {
    const { auth } = await sessions.as('auditor');
    return (await t.http().get(`/api/audit/verify${caseId ? `?caseId=${caseId}` : ''}`).set(auth).expect(200)).body;
  };

  it('names the seqs of a cut tail: the last two events deleted', async () => {
    const id = await verifiedCase();
    await behindTriggers((sql) => sql(`DELETE FROM case_events WHERE case_id = $1 AND seq > 3`, [id]));
    expect(await verify(id)).toEqual({
      caseId: id,
      valid: false,
      checked: 3,
      truncated: { lastSeq: 3, version: 5, missingSeqs: [4, 5], missingCount: 2 },
    });
    const all = await verify();
    expect(all.valid).toBe(false);
    expect(all.truncated).toContainEqual({ caseId: id, lastSeq: 3, version: 5, missingSeqs: [4, 5], missingCount: 2 });
  });

  it('catches an event changed with every later hash recomputed, when the case row was left alone', async () => {
    const id = await verifiedCase();
    await behindTriggers(async (sql) => {
      const rows: (AuditRecord & { prevHash: string; hash: string })[] = await sql(
        `SELECT case_id AS "caseId", seq, type, payload, from_state AS "fromState", to_state AS "toState", actor_id AS "actorId",
                actor_role AS "actorRole", actor_unit_id AS "actorUnitId", machine_version AS "machineVersion",
                correlation_id AS "correlationId", to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM case_events WHERE case_id = $1 ORDER BY seq`,
        [id],
      );
      let prev = GENESIS_HASH;
      for (const row of rows) {
        if (row.seq === 4) row.payload = { ...row.payload, summary: '整改已全部完成并建立长效机制' };
        const rehashed = chain(prev, row);
        await sql(`UPDATE case_events SET payload = $3, prev_hash = $4, hash = $5 WHERE case_id = $1 AND seq = $2`, [
          id,
          row.seq,
          rehashed.payload,
          rehashed.prevHash,
          rehashed.hash,
        ]);
        prev = rehashed.hash;
      }
    });
    expect(await verify(id)).toEqual({ caseId: id, valid: false, checked: 5, firstBrokenSeq: 5, headMismatch: true });
    expect((await verify()).broken).toContainEqual({ caseId: id, firstBrokenSeq: 5, headMismatch: true });
  });

  it('reports a chain with every event deleted as truncated from seq 1', async () => {
    const id = await verifiedCase();
    await behindTriggers((sql) => sql(`DELETE FROM case_events WHERE case_id = $1`, [id]));
    expect((await verify(id)).truncated).toEqual({ lastSeq: 0, version: 5, missingSeqs: [1, 2, 3, 4, 5], missingCount: 5 });
  });
});
