import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { AuditLogService, chainHash, type ChainedRecord } from '@app/audit';
import { CaseDriver, createTestApp, DemoSessions, TestApp } from '../support';
import { bytes } from '../support/http';

// The verifier the bundle carries, loaded as it is written (no build step between).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const verifier = require('../../libs/audit/verifier/bundle-verifier.js');

const run = promisify(execFile);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const nodeEnv = {
  sha256: async (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest()),
  hash: async (algorithm: string, b: Uint8Array) => new Uint8Array(createHash(algorithm).update(b).digest()),
  supports: () => true,
  inflateRaw: async (b: Uint8Array) => new Uint8Array(inflateRawSync(b)),
  verifySignature: async (_algorithm: string, raw: Uint8Array, message: Uint8Array, signature: Uint8Array) => {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
    return verify(null, message, key, signature);
  },
};

interface Finding {
  level: 'error' | 'warning';
  file: string;
  event: string | null;
  message: string;
}

describe('evidence bundles (证据包) that anyone can verify offline', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let drive: CaseDriver;
  let units: Record<string, string>;
  let work: string;
  let caseId: string;
  let caseCode: string;
  let zip: Buffer;
  let manifestHeader: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    drive = new CaseDriver(t, sessions);
    units = await drive.units();
    work = await mkdtemp(path.join(os.tmpdir(), 'bundle-e2e-'));
    const c = await drive.openRectification({ title: '食堂卫生整改' });
    caseId = c.id;
    caseCode = c.code;
    await drive.must('inspector', caseId, { type: 'ASSIGN', unitId: units.zjj });
    await drive.must('officer.zjj', caseId, { type: 'ACCEPT', comment: '收到' });
    const upload = await t.http().post(`/api/cases/${caseId}/attachments`).set((await sessions.as('officer.zjj')).auth).attach('files', PNG, '整改后照片.png');
    if (upload.status !== 201) throw new Error(`upload failed: ${upload.status}`);
    await drive.must('officer.zjj', caseId, { type: 'SUBMIT_REPORT', summary: '整改完成', attachments: [upload.body[0].id] });
    await drive.must('inspector', caseId, { type: 'VERIFY_PASS' });
    const res = await download(`/api/audit/bundles?caseId=${caseId}&files=true`);
    headers = res.headers;
    zip = res.body;
    manifestHeader = res.headers['x-manifest-sha256'];
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
    await t.close();
  });

  async function download(url: string, as: 'auditor' | 'inspector' | 'officer.zjj' = 'auditor', headers: Record<string, string> = {}) {
    // A ZIP as bytes; a problem as the JSON it is, so the contract check still reads it.
    const parse = (res: NodeJS.ReadableStream & { headers: Record<string, string> }, done: (err: Error | null, body: unknown) => void) =>
      bytes(res, (err, body) => done(err, /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(body.toString('utf8')) : body));
    return t.http().get(url).set((await sessions.as(as)).auth).set(headers).buffer(true).parse(parse as never);
  }

  /** The bundle unpacked into a fresh folder, as a recipient would have it. */
  async function unpacked(name: string): Promise<string> {
    const dir = path.join(work, name);
    const { files } = await verifier.readZip(new Uint8Array(zip), nodeEnv.inflateRaw);
    for (const [file, content] of files as Map<string, Uint8Array>) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    return dir;
  }

  async function verifyFolder(dir: string, ...args: string[]): Promise<{ code: number; report: { ok: boolean; findings: Finding[]; summary: Record<string, any> } }> {
    try {
      const { stdout } = await run(process.execPath, [path.join(dir, 'verify.mjs'), dir, '--json', ...args]);
      return { code: 0, report: JSON.parse(stdout) };
    } catch (error) {
      const e = error as { code: number; stdout: string };
      return { code: e.code, report: JSON.parse(e.stdout) };
    }
  }

  const errors = (findings: Finding[]) => findings.filter((f) => f.level === 'error');

  it('holds the chain, the signed checkpoint, a proof per event, the attachment and a manifest whose hash the admin chain records', async () => {
    expect(headers).toMatchObject({ 'content-type': 'application/zip', 'cache-control': 'private, no-store' });
    expect(headers['content-disposition']).toContain(encodeURIComponent(`证据包-${caseCode}-`));
    const dir = await unpacked('good');
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'rectify-evidence-bundle/1',
      query: { caseId, files: true },
      cases: [{ caseId, caseCode, headSeq: 5 }],
      counts: { cases: 1, events: 5, attachments: 1, files: 1 },
    });
    const paths: string[] = manifest.files.map((f: { path: string }) => f.path);
    expect(paths.filter((p) => !p.startsWith('attachments/')).sort()).toEqual(
      ['README.txt', 'attachments.json', `checkpoints/${manifest.checkpoint.treeSize}.txt`, 'checkpoints/keys.json', 'events.jsonl', `proofs/${caseCode}.json`, 'verify.html', 'verify.mjs'].sort(),
    );
    expect(paths.filter((p) => p.startsWith('attachments/'))).toEqual([expect.stringMatching(/^attachments\/[0-9a-f-]{36}-整改后照片\.png$/)]);
    expect((await readFile(path.join(dir, 'manifest.sha256'), 'utf8')).trim()).toBe(manifestHeader);
    expect(sha256(await readFile(path.join(dir, 'manifest.json')))).toBe(manifestHeader);
    const lines = (await readFile(path.join(dir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => e.type)).toEqual(['OPENED', 'ASSIGN', 'ACCEPT', 'SUBMIT_REPORT', 'VERIFY_PASS']);
    const proofs = JSON.parse(await readFile(path.join(dir, `proofs/${caseCode}.json`), 'utf8'));
    expect(proofs.entries).toHaveLength(5);
    expect(proofs.entries.every((e: { logIndex: number | null }) => e.logIndex !== null && e.logIndex < manifest.checkpoint.treeSize)).toBe(true);
    const [attachment] = JSON.parse(await readFile(path.join(dir, 'attachments.json'), 'utf8'));
    expect(attachment).toMatchObject({ caseId, name: '整改后照片.png', sha256: sha256(PNG), size: PNG.length });
    expect(await readFile(path.join(dir, 'README.txt'), 'utf8')).toContain('如何验证');

    const admin = await t.http().get('/api/audit?scope=admin&type=EVIDENCE_BUNDLE_EXPORTED').set((await sessions.as('auditor')).auth).expect(200);
    expect(admin.body.items[0]).toMatchObject({ type: 'EVIDENCE_BUNDLE_EXPORTED', subjectType: 'evidence-bundle', subjectId: manifestHeader, after: { cases: 1, events: 5, unsigned: 0 } });
  });

  it('passes its own verifier from the folder, from the ZIP and against the key kept elsewhere', async () => {
    const dir = await unpacked('verify');
    const folder = await verifyFolder(dir);
    expect(folder.code).toBe(0);
    expect(folder.report).toMatchObject({ ok: true, complete: true, summary: { cases: 1, events: 5, proven: 5, unsigned: 0, attachments: 1, manifestSigned: true } });
    expect(errors(folder.report.findings)).toEqual([]);
    // The ZIP itself, from elsewhere (a changed copy of it fails, so the ZIP is what was read).
    await writeFile(path.join(work, 'bundle.zip'), zip);
    const { stdout } = await run(process.execPath, [path.join(dir, 'verify.mjs'), path.join(work, 'bundle.zip')]);
    expect(stdout).toContain('验证通过');
    const broken = Buffer.from(zip);
    broken[broken.indexOf(Buffer.from('"type":"ACCEPT"')) + 9] ^= 0x01;
    await writeFile(path.join(work, 'broken.zip'), broken);
    await expect(run(process.execPath, [path.join(dir, 'verify.mjs'), path.join(work, 'broken.zip')])).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('验证未通过') });
    expect(stdout).toContain('案件 1 件，事件 5 条，其中 5 条已由签名检查点证明');
    const { current, keys } = (await t.http().get('/api/audit/checkpoints/key').set((await sessions.as('auditor')).auth).expect(200)).body;
    const trusted = keys.find((k: { keyId: string }) => k.keyId === current).verifierKey;
    expect((await verifyFolder(dir, '--key', trusted)).report.summary.checkpoint).toMatchObject({ verifierKey: trusted, trustedKeyGiven: true });
    const stranger = 'someone+00000000+AcxFzyXJ7wQh3nBpyYUVpoQM4h5+ga6xv3Dh7hY0gLnS';
    const other = await verifyFolder(dir, '--key', stranger);
    expect(other.code).toBe(1);
  });

  it('names the file and the event when an event is changed in place', async () => {
    const dir = await unpacked('edited');
    const file = path.join(dir, 'events.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('整改完成', '整改未完'));
    const { code, report } = await verifyFolder(dir);
    expect(code).toBe(1);
    expect(errors(report.findings)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'events.jsonl', message: expect.stringContaining('文件内容与清单不符') }),
        expect.objectContaining({ file: 'events.jsonl', event: `${caseCode} 第 4 条（SUBMIT_REPORT）`, message: expect.stringContaining('事件内容与其哈希不符') }),
      ]),
    );
  });

  it('catches a forger who recomputes every hash and the manifest: the signed root does not follow', async () => {
    const dir = await unpacked('forged');
    const file = path.join(dir, 'events.jsonl');
    const events: (ChainedRecord & { caseCode: string })[] = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    events[3].payload = { ...events[3].payload, summary: '整改未完' };
    for (let i = 3; i < events.length; i++) {
      events[i].prevHash = events[i - 1].hash;
      events[i].hash = chainHash(events[i].prevHash, events[i]);
    }
    await writeFile(file, events.map((e) => `${verifier.canonical(e)}\n`).join(''));
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    manifest.cases[0].headHash = events[4].hash;
    for (const f of manifest.files) {
      const content = await readFile(path.join(dir, f.path));
      Object.assign(f, { sha256: sha256(content), size: content.length });
    }
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(manifestFile, text);
    await writeFile(path.join(dir, 'manifest.sha256'), `${sha256(text)}\n`);
    const { report } = await verifyFolder(dir);
    expect(report.ok).toBe(false);
    expect(errors(report.findings).map((f) => [f.file, f.event])).toEqual([
      ['manifest.sig', null],
      [`proofs/${caseCode}.json`, `${caseCode} 第 4 条（SUBMIT_REPORT）`],
      [`proofs/${caseCode}.json`, `${caseCode} 第 5 条（VERIFY_PASS）`],
    ]);

    // The same forger removes the proof of the changed event, as if it came after the checkpoint.
    const proofFile = path.join(dir, `proofs/${caseCode}.json`);
    const proofs = JSON.parse(await readFile(proofFile, 'utf8'));
    Object.assign(proofs.entries[3], { logIndex: null, path: [] });
    await writeFile(proofFile, JSON.stringify(proofs));
    const stripped = await verifyFolder(dir);
    expect(stripped.report.ok).toBe(false);
    expect(errors(stripped.report.findings)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'manifest.sig' }),
        expect.objectContaining({ file: `proofs/${caseCode}.json`, event: `${caseCode} 第 5 条（VERIFY_PASS）`, message: expect.stringContaining('没有包含证明，而其后的事件有') }),
      ]),
    );
  });

  it('names a cut tail, a forged checkpoint and a changed attachment', async () => {
    const cut = await unpacked('cut');
    const file = path.join(cut, 'events.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).trim().split('\n').slice(0, 4).join('\n') + '\n');
    const tail = errors((await verifyFolder(cut)).report.findings);
    expect(tail).toContainEqual(expect.objectContaining({ file: 'events.jsonl', message: expect.stringContaining('与提取时案件记录的第 5 条不符') }));

    const signed = await unpacked('checkpoint');
    const manifest = JSON.parse(await readFile(path.join(signed, 'manifest.json'), 'utf8'));
    const note = path.join(signed, manifest.checkpoint.file);
    const lines = (await readFile(note, 'utf8')).split('\n');
    lines[3] = lines[3].replace(/\d(?=\.\d{3}Z)/, (d) => String((Number(d) + 1) % 10));
    await writeFile(note, lines.join('\n'));
    expect(errors((await verifyFolder(signed)).report.findings)).toContainEqual(expect.objectContaining({ file: manifest.checkpoint.file, message: expect.stringContaining('检查点签名无效') }));

    const photo = await unpacked('photo');
    const [attachment] = JSON.parse(await readFile(path.join(photo, 'attachments.json'), 'utf8'));
    const changed = Buffer.from(PNG);
    changed[changed.length - 5] ^= 0x01;
    await writeFile(path.join(photo, attachment.file), changed);
    expect(errors((await verifyFolder(photo)).report.findings)).toContainEqual(
      expect.objectContaining({ file: attachment.file, event: `${caseCode} 第 4 条（SUBMIT_REPORT）`, message: expect.stringContaining('内容与其 SHA-256 不符') }),
    );
  });

  it('fails on a one-byte change at any place of the archive, naming a file', async () => {
    const base = await verifier.verifyZip(new Uint8Array(zip), nodeEnv);
    expect(base.ok).toBe(true);
    // Every byte of the last 2 KB (the directory) and of the first 1 KB (a header and README), and a sample of the rest.
    const positions = new Set<number>();
    for (let i = 0; i < 1024; i++) positions.add(i);
    for (let i = Math.max(0, zip.length - 2048); i < zip.length; i++) positions.add(i);
    for (let i = 0; i < zip.length; i += 97) positions.add(i);
    const missed: number[] = [];
    for (const at of positions) {
      const copy = new Uint8Array(zip);
      copy[at] ^= 0x20;
      const r = await verifier.verifyZip(copy, nodeEnv);
      if (r.ok || !r.findings.some((f: Finding) => f.level === 'error' && f.file)) missed.push(at);
    }
    expect(missed).toEqual([]);
  });

  it('builds a unit’s bundle for a period, and as a job with progress that only its owner can download', async () => {
    const res = await t.http()
      .get(`/api/audit/bundles?unitId=${units.zjj}&from=2000-01-01&to=2100-01-01`)
      .set((await sessions.as('inspector')).auth)
      .set('Prefer', 'respond-async');
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/api/jobs/${res.body.id}`);
    let job = res.body;
    for (let i = 0; i < 100 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await t.http().get(`/api/jobs/${res.body.id}`).set((await sessions.as('inspector')).auth).expect(200)).body;
    }
    expect(job).toMatchObject({ kind: 'evidence-bundle', status: 'succeeded', result: { id: res.body.id, download: `/api/audit/bundles/${res.body.id}` } });
    expect(job.result.cases).toBeGreaterThanOrEqual(1);
    const file = await download(job.result.download, 'inspector');
    expect(file.status).toBe(200);
    expect(file.headers['x-manifest-sha256']).toBe(job.result.manifestSha256);
    const report = await verifier.verifyZip(new Uint8Array(file.body), nodeEnv);
    expect(report.ok).toBe(true);
    expect(report.summary.cases).toBe(job.result.cases);
    expect((await download(job.result.download, 'auditor')).status).toBe(404);

    const none = await download(`/api/audit/bundles?unitId=${units.zjj}&from=2000-01-01&to=2000-01-02`);
    expect(none.status).toBe(200);
    expect((await verifier.verifyZip(new Uint8Array(none.body), nodeEnv)).summary.cases).toBe(0);
  });

  it('refuses unit officers, unknown cases and unclear questions, with the field named', async () => {
    expect((await download(`/api/audit/bundles?caseId=${caseId}`, 'officer.zjj')).status).toBe(403);
    expect((await download(`/api/audit/bundles?caseId=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    const both = await t.http().get(`/api/audit/bundles?caseId=${caseId}&unitId=${units.zjj}`).set((await sessions.as('auditor')).auth);
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'unitId', code: 'conflict' })]);
    const neither = await t.http().get(`/api/audit/bundles`).set((await sessions.as('auditor')).auth);
    expect(neither.body.errors).toEqual([expect.objectContaining({ field: 'caseId', code: 'required' })]);
    const backwards = await t.http().get(`/api/audit/bundles?unitId=${units.zjj}&from=2026-02-01&to=2026-01-01`).set((await sessions.as('auditor')).auth);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);
    const bad = await t.http().get(`/api/audit/bundles?unitId=${units.zjj}&from=yesterday`).set((await sessions.as('auditor')).auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    for (const day of ['2026-02-30', '2026-13-01', '2026-01-01T25:00:00Z']) {
      const impossible = await t.http().get(`/api/audit/bundles?unitId=${units.zjj}&to=${day}`).set((await sessions.as('auditor')).auth);
      expect([day, impossible.status, impossible.body.errors]).toEqual([day, 400, [expect.objectContaining({ field: 'to', code: 'invalid_date' })]]);
    }
  });

  it('marks events written after the latest checkpoint as not yet signed, when no fresh checkpoint can be made', async () => {
    const log = t.app.get(AuditLogService);
    const c = await drive.openRectification();
    await log.checkpoint(new Date());
    await drive.must('inspector', c.id, { type: 'ASSIGN', unitId: units.zjj });
    const spy = jest.spyOn(log, 'checkpoint').mockResolvedValue(null);
    try {
      const res = await download(`/api/audit/bundles?caseId=${c.id}`);
      const report = await verifier.verifyZip(new Uint8Array(res.body), nodeEnv);
      expect(report).toMatchObject({ ok: true, complete: false });
      expect(report.summary).toMatchObject({ events: 2, proven: 1, unsigned: 1 });
      expect(report.findings).toEqual([expect.objectContaining({ level: 'warning', event: expect.stringContaining('第 2 条（ASSIGN）'), message: expect.stringContaining('尚未被签名检查点覆盖') })]);
    } finally {
      spy.mockRestore();
    }
  });
});
