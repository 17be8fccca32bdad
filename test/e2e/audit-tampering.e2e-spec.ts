import { createPublicKey, generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { AuditLogService, chain, GENESIS_HASH, type AuditRecord } from '@app/audit';
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

  const signCheckpoint = () => t.app.get(AuditLogService).checkpoint(new Date());

  /** Recomputes a case's chain from seq 1 after `change`, as someone who knows the public algorithm. */
  async function rewriteChain(sql: Sql, id: string, change: (row: AuditRecord) => void): Promise<string> {
    const rows: AuditRecord[] = await sql(
      `SELECT case_id AS "caseId", seq, type, payload, from_state AS "fromState", to_state AS "toState", actor_id AS "actorId",
              actor_role AS "actorRole", actor_unit_id AS "actorUnitId", machine_version AS "machineVersion",
              correlation_id AS "correlationId", to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
       FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [id],
    );
    let prev = GENESIS_HASH;
    for (const row of rows) {
      change(row);
      const rehashed = chain(prev, row);
      await sql(`UPDATE case_events SET payload = $3, prev_hash = $4, hash = $5 WHERE case_id = $1 AND seq = $2`, [id, row.seq, rehashed.payload, rehashed.prevHash, rehashed.hash]);
      prev = rehashed.hash;
    }
    return prev;
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
    await behindTriggers((sql) =>
      rewriteChain(sql, id, (row) => {
        if (row.seq === 4) row.payload = { ...row.payload, summary: '整改已全部完成并建立长效机制' };
      }),
    );
    expect(await verify(id)).toEqual({ caseId: id, valid: false, checked: 5, firstBrokenSeq: 5, headMismatch: true });
    expect((await verify()).broken).toContainEqual({ caseId: id, firstBrokenSeq: 5, headMismatch: true });
  });

  it('reports a chain with every event deleted as truncated from seq 1', async () => {
    const id = await verifiedCase();
    await behindTriggers((sql) => sql(`DELETE FROM case_events WHERE case_id = $1`, [id]));
    expect((await verify(id)).truncated).toEqual({ lastSeq: 0, version: 5, missingSeqs: [1, 2, 3, 4, 5], missingCount: 5 });
  });

  it('signs checkpoints of the global log that anyone can check with the published key', async () => {
    await verifiedCase();
    const checkpoint = await signCheckpoint();
    expect(checkpoint).not.toBeNull();
    const { auth } = await sessions.as('auditor');
    const listed = (await t.http().get('/api/audit/checkpoints').set(auth).expect(200)).body;
    expect(listed.items[0]).toEqual(checkpoint);
    const [, size] = checkpoint!.note.split('\n');
    // Every case event still present, and the admin chain (the seed's units and users among it).
    const [{ events }] = await su.sql(`SELECT (SELECT count(*) FROM case_events) + (SELECT count(*) FROM admin_events) AS events`);
    expect(Number(size)).toBe(Number(events));
    expect(checkpoint!.note).toMatch(/^rectify\.local\/audit\n\d+\n[A-Za-z0-9+/]{43}=\ntime \d{4}-\d\d-\d\dT[\d:.]+Z\n\n\u2014 rectify\.local\/audit [A-Za-z0-9+/=]+\n$/);

    // Checked with nothing of Rectify's: Node's crypto, the note's bytes and the served public key.
    const keys = (await t.http().get('/api/audit/checkpoints/key').set(auth).expect(200)).body;
    const key = keys.keys.find((k: { keyId: string }) => k.keyId === keys.current);
    const [text, signatureLine] = checkpoint!.note.split('\n\n');
    const signature = Buffer.from(signatureLine.trim().split(' ').pop()!, 'base64');
    expect(signature.subarray(0, 4).toString('hex')).toBe(key.keyId);
    expect(verifySignature(null, Buffer.from(text + '\n'), createPublicKey(key.publicKey), signature.subarray(4))).toBe(true);
    expect(verifySignature(null, Buffer.from(text.replace(/\n\d+\n/, '\n1\n') + '\n'), createPublicKey(key.publicKey), signature.subarray(4))).toBe(false);
    // Nothing new since: no second checkpoint the same day.
    expect(await signCheckpoint()).toBeNull();
  });

  it('catches a chain recomputed with its case row made to match, by the signed root', async () => {
    const id = await verifiedCase();
    await signCheckpoint();
    await behindTriggers(async (sql) => {
      const head = await rewriteChain(sql, id, (row) => {
        if (row.seq === 4) row.payload = { ...row.payload, summary: '按期完成' };
      });
      await sql(`UPDATE cases SET chain_head = $2 WHERE id = $1`, [id, head]);
    });
    expect(await verify(id)).toEqual({ caseId: id, valid: true, checked: 5 });
    const all = await verify();
    const [{ index }] = await su.sql(
      `SELECT l.log_index::int AS index FROM audit_log l JOIN case_events e ON e.id = l.event_id WHERE e.case_id = $1 AND e.seq = 4`,
      [id],
    );
    expect(all.valid).toBe(false);
    expect(all.alteredLogIndexes).toContain(index);
    expect(all.checkpointMismatch).toContainEqual(expect.objectContaining({ reason: 'root' }));
  });

  it('reports a whole case deleted, events and row, by the log indexes it leaves empty', async () => {
    const id = await verifiedCase();
    await signCheckpoint();
    const indexes = (
      await su.sql(`SELECT l.log_index::int AS index FROM audit_log l JOIN case_events e ON e.id = l.event_id WHERE e.case_id = $1 ORDER BY 1`, [id])
    ).map((r) => r.index);
    expect(indexes).toHaveLength(5);
    await behindTriggers(async (sql) => {
      await sql(`DELETE FROM outbox WHERE event_id IN (SELECT id FROM case_events WHERE case_id = $1)`, [id]);
      await sql(`DELETE FROM case_events WHERE case_id = $1`, [id]);
      await sql(`DELETE FROM case_timers WHERE case_id = $1`, [id]);
      await sql(`DELETE FROM cases WHERE id = $1`, [id]);
    });
    const all = await verify();
    expect(all.missingLogIndexes).toEqual(expect.arrayContaining(indexes));
    // The same with the log's entries deleted too: the indexes are holes, and the signed roots no longer match.
    await behindTriggers((sql) => sql(`DELETE FROM audit_log WHERE log_index = ANY($1)`, [indexes]));
    const again = await verify();
    expect(again.missingLogIndexes).toEqual(expect.arrayContaining(indexes));
    expect(again.log).toMatchObject({ checked: true });
  });

  it('keeps checking old checkpoints after the signing key is rotated', async () => {
    await verifiedCase();
    const next = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const rotated = await createTestApp({ database: t.database, seed: false, env: { AUDIT_SIGNING_KEY: next } });
    try {
      const checkpoint = await rotated.app.get(AuditLogService).checkpoint(new Date());
      const keys = (await rotated.http().get('/api/audit/checkpoints/key').set((await new DemoSessions(rotated).as('auditor')).auth).expect(200)).body;
      expect(keys.keys).toHaveLength(2);
      expect(keys.current).toBe(checkpoint!.keyId);
      expect(keys.keys[0].keyId).not.toBe(keys.current);
      const all = await verify();
      expect(all.checkpointMismatch.filter((m: { reason: string }) => m.reason !== 'root')).toEqual([]);
    } finally {
      await rotated.app.close();
    }
  });
});
