import { createPublicKey } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditLogService, verifierKey } from '@app/audit';
import { CaseDriver, createTestApp, DemoSessions, TEST_AUDIT_SIGNING_KEY, TestApp } from '../support';
import { assertBuilt, spawnNode } from '../support/processes';
import { connect } from '../support/trail';

const CLI = path.resolve(__dirname, '../../dist/apps/api/src/audit-verify.js');

/** `npm run audit:verify`: the same verification against a database, with no server running. */
describe('audit verification from the command line', () => {
  let t: TestApp;

  beforeAll(async () => {
    assertBuilt(CLI);
    t = await createTestApp();
    const sessions = new DemoSessions(t);
    const drive = new CaseDriver(t, sessions);
    const c = await drive.openRectification();
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: (await drive.units()).zjj });
    await t.app.get(AuditLogService).checkpoint(new Date());
  });
  afterAll(() => t.close());

  const run = async (...args: string[]) => {
    const cli = spawnNode(CLI, args, { DATABASE_URL: t.database.appUrl, AUDIT_LOG_ORIGIN: 'rectify.local/audit' });
    const { code } = await cli.exited;
    return { code, out: cli.stdout(), err: cli.stderr() };
  };

  it('says the trail is intact, exit code 0, and checks checkpoints against a key kept elsewhere', async () => {
    const plain = await run();
    expect(plain).toMatchObject({ code: 0 });
    expect(plain.out).toMatch(/^\d+ cases, \d+ case events, \d+ admin events, log of \d+ entries, 1 checkpoints\nINTACT\n$/);

    const signer = createPublicKey(TEST_AUDIT_SIGNING_KEY);
    const witness = verifierKey({ name: 'rectify.local/audit', algorithm: 'ed25519', publicKey: signer });
    expect((await run('--trusted-key', witness)).code).toBe(0);
    const pem = path.join(mkdtempSync(path.join(os.tmpdir(), 'rectify-key-')), 'audit.pub.pem');
    writeFileSync(pem, signer.export({ format: 'pem', type: 'spki' }));
    expect((await run('--trusted-key', pem)).code).toBe(0);

    // A key the witness does not hold: the checkpoint no longer counts.
    const { generateKeyPairSync } = await import('node:crypto');
    const stranger = verifierKey({ name: 'rectify.local/audit', algorithm: 'ed25519', publicKey: generateKeyPairSync('ed25519').publicKey });
    const untrusted = await run('--trusted-key', stranger);
    expect(untrusted.code).toBe(1);
    expect(untrusted.out).toMatch(/checkpoint of \d+ entries .*: signed by an untrusted key/);
  });

  it('names what was done, exit code 1, with the full report as JSON on request', async () => {
    const su = await connect(t.database.url);
    const [{ case_id: caseId }] = await su.sql(`SELECT case_id FROM case_events ORDER BY id DESC LIMIT 1`);
    await su.sql('BEGIN');
    await su.sql(`SET LOCAL session_replication_role = replica`);
    await su.sql(`DELETE FROM case_events WHERE case_id = $1 AND seq = 2`, [caseId]);
    await su.sql('COMMIT');
    await su.close();
    const found = await run();
    expect(found.code).toBe(1);
    expect(found.out).toContain(`case ${caseId}: truncated, 1 event(s) missing from seq 2`);
    expect(found.out).toMatch(/global log: 1 entr\(ies\) missing/);
    expect(found.out.trim().split('\n').at(-1)).toBe('TAMPERING FOUND');
    const json = JSON.parse((await run('--json')).out);
    expect(json).toMatchObject({ valid: false, truncated: [expect.objectContaining({ caseId, missingSeqs: [2] })] });
    expect((await run('--bogus')).code).toBe(2);
  });

  it('vouches for nothing against a trusted key once every checkpoint is gone', async () => {
    const su = await connect(t.database.url);
    await su.sql('BEGIN');
    await su.sql(`SET LOCAL session_replication_role = replica`);
    await su.sql(`DELETE FROM audit_checkpoints`);
    await su.sql('COMMIT');
    await su.close();
    const witness = verifierKey({ name: 'rectify.local/audit', algorithm: 'ed25519', publicKey: createPublicKey(TEST_AUDIT_SIGNING_KEY) });
    const unvouched = await run('--trusted-key', witness);
    expect(unvouched.code).toBe(1);
    expect(unvouched.out).toContain('no checkpoint is signed by a trusted key');
  });
});
