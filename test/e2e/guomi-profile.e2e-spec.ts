import { execFile } from 'node:child_process';
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import canonicalize from 'canonicalize';
import { AuditLogService } from '@app/audit';
import { CaseDriver, createTestApp, createTestDatabase, DemoSessions, TestApp, type TestDatabase } from '../support';
import { bytes } from '../support/http';
import { connect, type Sql } from '../support/trail';

const run = promisify(execFile);
const sm3 = (data: string | Buffer) => createHash('sm3').update(data).digest();

const EVENT_FIELDS = ['caseId', 'seq', 'type', 'payload', 'fromState', 'toState', 'actorId', 'actorRole', 'actorUnitId', 'machineVersion', 'correlationId', 'at'] as const;

/** The 国密 profile: SM3 for every chain, leaf and node, SM2 for checkpoints; a database keeps the profile it was created with. */
describe('the 国密 audit profile (AUDIT_HASH=sm3, AUDIT_SIGNATURE=sm2)', () => {
  const sm2Key = generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  // Read back from PEM, OpenSSL treats it as an SM2 key (an SM2 signature), not as ECDSA on the SM2 curve.
  const publicKey = createPublicKey(createPrivateKey(sm2Key));
  let database: TestDatabase;
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let su: { sql: Sql; close: () => Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await createTestApp({ database, env: { AUDIT_HASH: 'sm3', AUDIT_SIGNATURE: 'sm2', AUDIT_SIGNING_KEY: sm2Key } });
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    su = await connect(database.url);
  });
  afterAll(async () => {
    await su.close();
    await t.close();
    await database.drop();
  });

  it('hashes each event with SM3 over the same canonical JSON, and commits callers with HMAC-SM3', async () => {
    const units = await drive.units();
    const c = await drive.openHotline({ callerPhone: '13700001111' });
    await drive.must('agent', c.id, { type: 'ASSIGN', unitId: units['zjj-cj'] });
    const events = await su.sql(
      `SELECT case_id AS "caseId", seq, type, payload, from_state AS "fromState", to_state AS "toState", actor_id AS "actorId", actor_role AS "actorRole",
              actor_unit_id AS "actorUnitId", machine_version AS "machineVersion", correlation_id AS "correlationId",
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, prev_hash AS "prevHash", hash
       FROM case_events WHERE case_id = $1 ORDER BY seq`,
      [c.id],
    );
    for (const e of events) {
      const body = Object.fromEntries(EVENT_FIELDS.map((f) => [f, e[f]]));
      expect(e.hash).toBe(sm3(Buffer.concat([Buffer.from(e.prevHash), Buffer.from(canonicalize(body)!)])).toString('hex'));
      expect(e.hash).not.toBe(createHash('sha256').update(e.prevHash).update(canonicalize(body)!).digest('hex'));
    }
    const [{ salt }] = await su.sql(`SELECT salt FROM caller_data WHERE case_id = $1`, [c.id]);
    expect(events[0].payload.callerCommitments.callerPhone).toBe(createHmac('sm3', salt).update('callerPhone\u000013700001111').digest('hex'));
  });

  it('signs checkpoints with SM2 over an SM3 tree, and verification holds', async () => {
    const checkpoint = await t.app.get(AuditLogService).checkpoint(new Date());
    expect(checkpoint).toMatchObject({ hashAlgorithm: 'sm3' });
    const note = checkpoint!.note;
    const [body] = note.split('\n\n');
    const signature = Buffer.from(note.trimEnd().split(' ').pop()!, 'base64').subarray(4);
    expect(verify('sm3', Buffer.from(`${body}\n`), publicKey, signature)).toBe(true);
    const { keys } = (await t.http().get('/api/audit/checkpoints/key').set((await sessions.as('auditor')).auth).expect(200)).body;
    expect(keys[0]).toMatchObject({ algorithm: 'sm2', verifierKey: expect.stringMatching(/^rectify\.local\/audit\+[0-9a-f]{8}\+/) });
    expect(Buffer.from(keys[0].verifierKey.split('+').slice(2).join('+'), 'base64')[0]).toBe(0xff);
    expect(verify('sm3', Buffer.from(`${body}\n`), createPublicKey(keys[0].publicKey), signature)).toBe(true);
    const report = (await t.http().get('/api/audit/verify').set((await sessions.as('auditor')).auth).expect(200)).body;
    expect(report).toMatchObject({ valid: true, log: { missingCount: 0 }, checkpointMismatch: [] });
  });

  it('gives an evidence bundle that verify.mjs checks with SM3 and SM2, and refuses a changed one', async () => {
    const c = await drive.openRectification();
    const res = await t.http()
      .get(`/api/audit/bundles?caseId=${c.id}`)
      .set((await sessions.as('auditor')).auth)
      .buffer(true)
      .parse(bytes as never);
    expect(res.status).toBe(200);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'guomi-bundle-'));
    try {
      const zip = path.join(dir, 'bundle.zip');
      await writeFile(zip, res.body);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const verifier = require('../../libs/audit/verifier/bundle-verifier.js');
      const { files } = await verifier.readZip(new Uint8Array(res.body), async () => new Uint8Array());
      await writeFile(path.join(dir, 'verify.mjs'), files.get('verify.mjs'));
      const manifest = JSON.parse(Buffer.from(files.get('manifest.json')).toString('utf8'));
      expect(manifest).toMatchObject({ hashAlgorithm: 'sm3', signatureAlgorithm: 'sm2' });
      const { stdout } = await run(process.execPath, [path.join(dir, 'verify.mjs'), zip, '--json']);
      expect(JSON.parse(stdout)).toMatchObject({ ok: true, complete: true, summary: { events: 1, proven: 1, manifestSigned: true } });
      const changed = Buffer.from(res.body);
      changed[changed.indexOf(Buffer.from('"type":"OPENED"')) + 9] ^= 0x01;
      await writeFile(zip, changed);
      await expect(run(process.execPath, [path.join(dir, 'verify.mjs'), zip])).rejects.toMatchObject({ code: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps its profile: a restart without AUDIT_HASH stays on SM3, asking for SHA-256 or an Ed25519 key stops the start', async () => {
    const again = await createTestApp({ database, seed: false, env: { AUDIT_SIGNING_KEY: sm2Key } });
    try {
      const c = await new CaseDriver(again, new DemoSessions(again)).openRectification();
      const [e] = await su.sql(`SELECT prev_hash, hash FROM case_events WHERE case_id = $1`, [c.id]);
      expect(e.hash).toHaveLength(64);
      expect((await again.http().get(`/api/audit/verify?caseId=${c.id}`).set((await new DemoSessions(again).as('auditor')).auth).expect(200)).body.valid).toBe(true);
    } finally {
      await again.close();
    }
    await expect(createTestApp({ database, seed: false, env: { AUDIT_HASH: 'sha256', AUDIT_SIGNING_KEY: sm2Key } })).rejects.toThrow(/uses sm3\/sm2, fixed when its first event was written/);
    await expect(createTestApp({ database, seed: false })).rejects.toThrow(/AUDIT_SIGNING_KEY is an ed25519 key, but this database's checkpoints are signed with sm2/);
  });
});
