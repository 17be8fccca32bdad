import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseDriver, createTestApp, DemoSessions, type TestApp } from '../support';
import { bytes } from '../support/http';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A ZIP whose single stored entry is `name` (an OFD package starts with OFD.xml). */
function zipWith(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(content.length, 18);
  header.writeUInt32LE(content.length, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), content]);
}

describe('evidence files (佐证材料) on cases', () => {
  let t: TestApp;
  let driver: CaseDriver;
  let sessions: DemoSessions;
  let sql: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    driver = new CaseDriver(t, sessions);
    sql = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  const upload = async (as: string, caseId: string, files: [Buffer, string][]) => {
    let req = t.http().post(`/api/cases/${caseId}/attachments`).set((await sessions.as(as)).auth);
    for (const [content, name] of files) req = req.attach('files', content, name);
    return req;
  };
  const rectifying = async () => {
    const c = await driver.openRectification({ dueAt: '2031-06-30' });
    await driver.must('inspector', c.id, { type: 'ASSIGN', unitId: (await driver.units()).zjj });
    return driver.must('officer.zjj', c.id, { type: 'ACCEPT' });
  };

  it('stores a photo and a scan by their bytes, and gives each back unchanged with its Chinese name', async () => {
    const c = await rectifying();
    const res = await upload('officer.zjj', c.id, [
      [PNG, '现场整改照片.png'],
      [PDF, '整改通知书（扫描件）.pdf'],
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toEqual([
      expect.objectContaining({ caseId: c.id, name: '现场整改照片.png', mediaType: 'image/png', size: PNG.length, sha256: sha256(PNG) }),
      expect.objectContaining({ name: '整改通知书（扫描件）.pdf', mediaType: 'application/pdf', size: PDF.length, sha256: sha256(PDF) }),
    ]);
    const download = await t
      .http()
      .get(`/api/attachments/${res.body[0].id}`)
      .set((await sessions.as('inspector')).auth)
      .buffer(true)
      .parse(bytes as never);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('现场整改照片.png')}`);
    expect(sha256(download.body as Buffer)).toBe(sha256(PNG));
    expect(t.logs.some((line) => line.includes('evidence downloaded') && line.includes(res.body[0].id))).toBe(true);
    const list = await t.http().get(`/api/cases/${c.id}/attachments`).set((await sessions.as('officer.zjj')).auth);
    expect(list.body.items.map((a: { name: string }) => a.name)).toEqual(['现场整改照片.png', '整改通知书（扫描件）.pdf']);
  });

  it('keeps the same content once, however many times it is attached', async () => {
    const c = await rectifying();
    const content = Buffer.concat([PDF, Buffer.from(`% ${c.id}\n`)]);
    await upload('inspector', c.id, [[content, 'a.pdf']]);
    await upload('inspector', c.id, [[content, 'b.pdf']]);
    const [{ n }] = await sql.query(`SELECT count(*)::int AS n FROM file_contents WHERE sha256 = $1`, [sha256(content)]);
    const [{ m }] = await sql.query(`SELECT count(*)::int AS m FROM attachments WHERE sha256 = $1`, [sha256(content)]);
    expect([n, m]).toEqual([1, 2]);
  });

  it('accepts an OFD document and refuses other ZIPs, renamed programs and empty files, storing none of a refused upload', async () => {
    const c = await rectifying();
    expect((await upload('inspector', c.id, [[zipWith('OFD.xml', Buffer.from('<ofd:OFD/>')), '通报.ofd']])).body[0].mediaType).toBe('application/ofd');
    const before = (await sql.query(`SELECT count(*)::int AS n FROM attachments WHERE case_id = $1`, [c.id]))[0].n;
    const disguised = await upload('inspector', c.id, [
      [PNG, 'ok.png'],
      [zipWith('bomb.txt', Buffer.alloc(1000)), '台账.xlsx'],
    ]);
    expect(disguised.status).toBe(415);
    expect(disguised.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'files.1', code: 'not_in_list' }] });
    const renamed = await upload('inspector', c.id, [[EXE, '照片.jpg']]);
    expect(renamed.status).toBe(415);
    const empty = await upload('inspector', c.id, [[Buffer.alloc(0), '空.pdf']]);
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'files.0', code: 'required' })]);
    const none = await t.http().post(`/api/cases/${c.id}/attachments`).set((await sessions.as('inspector')).auth).field('x', 'y');
    expect(none.status).toBe(400);
    expect((await sql.query(`SELECT count(*)::int AS n FROM attachments WHERE case_id = $1`, [c.id]))[0].n).toBe(before);
  });

  it('refuses a file over 20 MB with 413 and stores nothing of it', async () => {
    const c = await rectifying();
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 + 1)]);
    const res = await upload('inspector', c.id, [[big, '太大.pdf']]);
    expect(res.status).toBe(413);
    expect(res.body.detail).toBe('a file is larger than 20 MB');
    expect((await sql.query(`SELECT count(*)::int AS n FROM attachments WHERE case_id = $1`, [c.id]))[0].n).toBe(0);
  });

  it('lets only those who work the case attach, and hides the files outside the unit scope', async () => {
    const c = await driver.openRectification({ dueAt: '2031-06-30' });
    await driver.must('inspector', c.id, { type: 'ASSIGN', unitId: (await driver.units()).zjj });
    const mayAttach = async (as: string) => (await t.http().get(`/api/cases/${c.id}`).set((await sessions.as(as)).auth)).body.mayAttach;
    expect(await mayAttach('officer.zjj')).toBe(false);
    expect((await upload('officer.zjj', c.id, [[PNG, 'early.png']])).status).toBe(403);
    await driver.must('officer.zjj', c.id, { type: 'ACCEPT' });
    expect([await mayAttach('officer.zjj'), await mayAttach('inspector'), await mayAttach('auditor')]).toEqual([true, true, false]);
    const [file] = (await upload('officer.zjj', c.id, [[PNG, 'now.png']])).body;
    expect((await upload('officer.scj', c.id, [[PNG, 'other.png']])).status).toBe(404);
    const other = (await sessions.as('officer.scj')).auth;
    expect((await t.http().get(`/api/attachments/${file.id}`).set(other)).status).toBe(404);
    expect((await t.http().get(`/api/cases/${c.id}/attachments`).set(other)).status).toBe(404);
    expect((await upload('auditor', c.id, [[PNG, 'auditor.png']])).status).toBe(403);
  });

  it('records the files a report cites in its audit event, so the hash chain covers the evidence; cited files cannot be deleted', async () => {
    const c = await rectifying();
    const [photo] = (await upload('officer.zjj', c.id, [[PNG, '整改后.png']])).body;
    const elsewhere = await rectifying();
    const [foreign] = (await upload('officer.zjj', elsewhere.id, [[PDF, '别处.pdf']])).body;
    const wrong = await driver.send('officer.zjj', c.id, { type: 'SUBMIT_REPORT', summary: '已整改', attachments: [foreign.id] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'attachments', code: 'not_found' })]);
    await driver.must('officer.zjj', c.id, { type: 'SUBMIT_REPORT', summary: '已整改', attachments: [photo.id] });
    const report = (await driver.timeline('inspector', c.id)).find((e) => e.type === 'SUBMIT_REPORT')!;
    expect(report.payload.attachments).toEqual([{ id: photo.id, name: '整改后.png', size: PNG.length, sha256: sha256(PNG) }]);
    const verify = await t.http().get(`/api/audit/verify?caseId=${c.id}`).set((await sessions.as('auditor')).auth);
    expect(verify.body.valid).toBe(true);
    await expect(sql.query(`DELETE FROM attachments WHERE id = $1`, [photo.id])).rejects.toThrow(/evidence in the audit trail/);
    await sql.query(`DELETE FROM attachments WHERE id = $1`, [foreign.id]);
  });
});
