import { createPublicKey, generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { AuditLogService } from '@app/audit';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';
import { connect, rewriteChain, type Sql } from '../support/trail';

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
    expect(all.truncated).toContainEqual({ caseId: id, code: expect.stringMatching(/^ZG-/), lastSeq: 3, version: 5, missingSeqs: [4, 5], missingCount: 2 });
    // They were deleted before the sequencer logged them: their queue entries point at nothing.
    expect(all.log.queuedGone).toBeGreaterThanOrEqual(2);
  });

  it('names events added behind the case row, past the version it records', async () => {
    const id = await verifiedCase();
    await behindTriggers(async (sql) => {
      const [last] = await sql(`SELECT * FROM case_events WHERE case_id = $1 AND seq = 5`, [id]);
      await sql(
        `INSERT INTO case_events (case_id, seq, type, payload, from_state, to_state, actor_id, actor_role, actor_unit_id, machine_version, correlation_id, at, prev_hash, hash, unit_id)
         VALUES ($1, 6, 'VERIFY_FAIL', '{"reason":"补记"}', 'verified', 'rectifying.inProgress', $2, 'inspector', $3, 1, 'forged', now(), $4, $5, $3)`,
        [id, last.actor_id, last.actor_unit_id, last.hash, 'f'.repeat(64)],
      );
    });
    expect(await verify(id)).toMatchObject({ caseId: id, valid: false, headMismatch: true, firstBrokenSeq: 6 });
    // Neither logged nor queued: it could never join the log.
    expect((await verify()).log.unlogged).toBeGreaterThanOrEqual(1);
  });

  it('reports an event whose queue entry the app role deleted, so that it would never be logged', async () => {
    const id = await verifiedCase();
    const app = await connect(t.database.appUrl);
    try {
      await app.sql(`DELETE FROM audit_pending WHERE event_id IN (SELECT id FROM case_events WHERE case_id = $1 AND seq = 3)`, [id]);
    } finally {
      await app.close();
    }
    const all = await verify();
    expect(all.valid).toBe(false);
    expect(all.log.unlogged).toBeGreaterThanOrEqual(1);
  });

  it('will not sign on top of a checkpoint row it did not sign (the app role may insert one)', async () => {
    await verifiedCase();
    await signCheckpoint();
    const [latest] = await su.sql(`SELECT tree_size, frontier FROM audit_checkpoints ORDER BY tree_size DESC, id DESC LIMIT 1`);
    const [{ key_id: keyId }] = await su.sql(`SELECT key_id FROM audit_signing_keys LIMIT 1`);
    const app = await connect(t.database.appUrl);
    try {
      await app.sql(
        `INSERT INTO audit_checkpoints (tree_size, root_hash, hash_algorithm, at, key_id, note, frontier) VALUES ($1, 'AAAA', 'sha256', now(), $2, 'forged', $3)`,
        [Number(latest.tree_size) + 1_000_000, keyId, latest.frontier],
      );
    } finally {
      await app.close();
    }
    try {
      await verifiedCase();
      await expect(signCheckpoint()).rejects.toThrow(/not one this log signed/);
      // The sequencer is not moved by it: new entries follow on from the log, not from the forged size.
      const [{ max }] = await su.sql(`SELECT max(log_index)::float8 AS max FROM audit_log`);
      expect(max).toBeLessThan(Number(latest.tree_size) + 1_000_000);
      const found = await verify();
      expect(found.checkpointMismatch).toContainEqual(expect.objectContaining({ reason: 'signature' }));
      expect(found.log.missingCount).toBeLessThan(1_000_000);
    } finally {
      await behindTriggers((sql) => sql(`DELETE FROM audit_checkpoints WHERE note = 'forged'`));
    }
    expect(await signCheckpoint()).not.toBeNull();
  });

  it('catches an event changed with every later hash recomputed, when the case row was left alone', async () => {
    const id = await verifiedCase();
    await behindTriggers((sql) =>
      rewriteChain(sql, id, (row) => {
        if (row.seq === 4) row.payload = { ...row.payload, summary: '整改已全部完成并建立长效机制' };
      }),
    );
    expect(await verify(id)).toEqual({ caseId: id, valid: false, checked: 5, firstBrokenSeq: 5, headMismatch: true });
    expect((await verify()).broken).toContainEqual({ caseId: id, code: expect.stringMatching(/^ZG-/), firstBrokenSeq: 5, headMismatch: true });
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
    // Everything queued was sequenced into the signed tree (the admin chain's seed events among it).
    const [{ logged, waiting }] = await su.sql(
      `SELECT (SELECT count(*) FROM audit_log)::int AS logged,
              (SELECT count(*) FROM audit_pending p JOIN case_events e ON p.stream = 'case' AND e.id = p.event_id)::int AS waiting`,
    );
    expect(Number(size)).toBe(logged);
    expect(waiting).toBe(0);
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
