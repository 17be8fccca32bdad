import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { CaseDriver, createTestApp, DemoSessions, type DemoUser, type TestApp } from '../support';
import { bytes } from '../support/http';

const HEADER = ['序号', '问题来源', '问题类别', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '整改进展', '销号情况'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook as an office would fill it in: a sheet, its header row and the rows under it. */
async function book(rows: unknown[][], options: { header?: string[]; sheet?: string; before?: string; dates?: string[] } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  if (options.before) workbook.addWorksheet(options.before).addRow(['这张表不是台账']);
  const sheet = workbook.addWorksheet(options.sheet ?? '整改台账');
  sheet.addRow(options.header ?? HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const row = (over: Partial<Record<(typeof HEADER)[number], unknown>>) => HEADER.map((h) => (over[h] ?? null) as ExcelJS.CellValue);

async function sheetRows(body: Buffer, name: string): Promise<Record<string, unknown>[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const [, header, ...rows] = workbook.getWorksheet(name)!.getSheetValues() as unknown[][];
  const names = (header as unknown[]).slice(1) as string[];
  return rows.filter(Boolean).map((r) => Object.fromEntries(names.map((n, i) => [n, (r as unknown[])[i + 1] ?? null])));
}

describe('importing a 整改台账 from Excel', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let driver: CaseDriver;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    driver = new CaseDriver(t, sessions);
    db = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  const upload = async (as: DemoUser, file: Buffer, name = '整改台账.xlsx', query = '') =>
    t.http().post(`/api/ledger/imports${query}`).set((await sessions.as(as)).auth).attach('file', file, { filename: name, contentType: XLSX });
  const caseCount = async () => (await db.query(`SELECT count(*)::int AS n FROM cases`))[0].n as number;

  it('fills in the template, checks it without writing, then brings every row in as a case naming the import', async () => {
    const template = await t.http().get('/api/ledger/template.xlsx').set((await sessions.as('inspector')).auth).buffer(true).parse(bytes as never);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.body as ArrayBuffer);
    const sheet = workbook.getWorksheet('整改台账')!;
    sheet.getRow(2).values = row({ 序号: 1, 问题来源: '巡察反馈', 问题类别: '限期整改', 问题描述: '三重一大事项未经集体研究决定', 整改措施: '修订议事规则', 责任单位: '县住建局', 责任人: '李四', 整改时限: '2031-03-31', 整改进展: '已起草规则' });
    sheet.getRow(3).values = row({ 序号: 2, 问题来源: '自查', 问题描述: '党费收缴台账不全', 责任单位: 'scj', 整改时限: '2031/6/30' });
    sheet.getRow(4).values = row({ 序号: 3, 问题来源: '审计', 问题描述: '专项资金拨付滞后，尚未确定责任单位' });
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await caseCount();

    const dry = await upload('inspector', filled, '2026年巡察整改台账.xlsx', '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, fileName: '2026年巡察整改台账.xlsx', sheet: '整改台账', headerRow: 1, totals: { rows: 3, ok: 3, error: 0, assigned: 2, overdue: 0 }, earlierImport: null, import: null });
    expect(dry.body.rows.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([[2, 'ok'], [3, 'ok'], [4, 'ok']]);
    expect(dry.body.rows[1].cells).toMatchObject({ 问题来源: '自查', 问题描述: '党费收缴台账不全', 责任单位: 'scj', 整改时限: '2031/6/30' });
    expect(await caseCount()).toBe(before);

    const res = await upload('inspector', filled, '2026年巡察整改台账.xlsx');
    expect(res.status).toBe(201);
    expect(res.body.import).toMatchObject({ fileName: '2026年巡察整改台账.xlsx', caseCount: 3, assignedCount: 2, overdueCount: 0, sha256: dry.body.sha256 });
    const imported = res.body.import;
    const cases: { id: string; code: string; state: string; unit_id: string | null; fields: Record<string, unknown>; due_at: Date | null }[] = await db.query(
      `SELECT id, code, state, unit_id, fields, due_at FROM cases WHERE id = ANY((SELECT case_ids FROM ledger_imports WHERE id = $1)::uuid[]) ORDER BY code`,
      [imported.id],
    );
    const units = await driver.units();
    expect(cases.map((c) => [c.code, c.state, c.unit_id])).toEqual([
      [imported.firstCode, 'assigned', units.zjj],
      [expect.any(String), 'assigned', units.scj],
      [imported.lastCode, 'opened', null],
    ]);
    expect(cases[0].fields).toMatchObject({ source: '巡察反馈', category: '限期整改', description: '三重一大事项未经集体研究决定', measures: '修订议事规则', responsiblePerson: '李四', progress: '已起草规则', dueAt: '2031-03-31T16:00:00.000Z' });
    const events = await db.query(`SELECT type, payload, actor_id FROM case_events WHERE case_id = $1 ORDER BY seq`, [cases[0].id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'ASSIGN']);
    expect(events[0].payload.ledgerImport).toEqual({ id: imported.id, fileName: '2026年巡察整改台账.xlsx', sha256: imported.sha256, row: 2 });
    expect(events[1].payload.comment).toBe('导入台账“2026年巡察整改台账.xlsx”第 2 行');

    const view = await t.http().get(`/api/cases/${cases[0].id}`).set((await sessions.as('officer.zjj')).auth);
    expect(view.body).toMatchObject({ title: '三重一大事项未经集体研究决定', state: 'assigned', light: 'green' });

    const list = await t.http().get('/api/ledger/imports').set((await sessions.as('auditor')).auth);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toEqual(imported);

    const again = await upload('supervisor', filled, '再导一次.xlsx');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file', code: 'taken' }], earlierImport: { id: imported.id } });
    const dryAgain = await upload('supervisor', filled, '再导一次.xlsx', '?dryRun=true');
    expect(dryAgain.body.earlierImport).toMatchObject({ id: imported.id });
    expect(await caseCount()).toBe(before + 3);
  });

  it('reports every kind of row error in Chinese and, without dryRun, writes nothing (422)', async () => {
    const file = await book([
      row({ 问题来源: '巡察反馈', 问题描述: '正确的一行', 责任单位: '县住建局', 整改时限: '2031-01-31' }),
      row({ 问题来源: '领导批示', 问题描述: '来源不在列表' }),
      row({ 问题来源: '自查', 问题类别: '马上就办', 问题描述: '类别不在列表' }),
      row({ 问题来源: '自查', 责任单位: '县住建局', 整改时限: '2031-01-31' }),
      row({ 问题来源: '自查', 问题描述: '单位不存在', 责任单位: '县教育局', 整改时限: '2031-01-31' }),
      row({ 问题来源: '自查', 问题描述: '缺少时限', 责任单位: '县住建局' }),
      row({ 问题来源: '自查', 问题描述: '时限不是日期', 责任单位: 'zjj', 整改时限: '下月底' }),
      row({ 问题来源: '自查', 问题描述: '责任人过长', 责任人: '张'.repeat(101) }),
      row({ 问题描述: '缺少来源' }),
    ]);
    const before = await caseCount();
    const dry = await upload('inspector', file, 'bad.xlsx', '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.totals).toMatchObject({ rows: 9, ok: 1, error: 8 });
    const errors = Object.fromEntries(dry.body.rows.map((r: { row: number; errors: { column: string; code: string }[] }) => [r.row, r.errors.map((e) => `${e.column}:${e.code}`)]));
    expect(errors).toEqual({
      2: [],
      3: ['问题来源:not_in_list'],
      4: ['问题类别:not_in_list'],
      5: ['问题描述:required'],
      6: ['责任单位:not_found'],
      7: ['整改时限:required'],
      8: ['整改时限:invalid_date'],
      9: ['责任人:too_long'],
      10: ['问题来源:required'],
    });
    expect(dry.body.rows[1].errors[0].message).toBe('“领导批示”不是可选值（巡察反馈、巡视反馈、自查、考核反馈、上级交办、审计、其他）');

    const res = await upload('inspector', file, 'bad.xlsx');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file' }], report: { totals: { error: 8 } } });
    expect(res.body.detail).toContain('8 行有错误');
    expect(await caseCount()).toBe(before);
    expect((await db.query(`SELECT count(*)::int AS n FROM ledger_imports WHERE file_name = 'bad.xlsx'`))[0].n).toBe(0);
  });

  it('finds the header in any column order under a title, in the sheet named 整改台账, with every date form and units by name or code', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('封面').addRow(['2026年度整改台账']);
    const sheet = workbook.addWorksheet('整改台账');
    sheet.addRow(['某县巡察反馈问题整改台账']);
    sheet.addRow(['整改时限', '问题描述', '备注', '责任单位', '问题来源']);
    sheet.addRow(['2031-03-31', '日期一', '无', '县住建局', '巡察反馈']);
    sheet.addRow(['2031/3/31', '日期二', null, 'ZJJ-CJ', '巡视反馈']);
    sheet.addRow(['2031年3月31日', '日期三', null, 'scj', '考核反馈']);
    sheet.addRow([new Date(Date.UTC(2031, 2, 31)), '日期四', null, '县市场监管局', '上级交办']);
    sheet.getCell('A6').numFmt = 'yyyy-mm-dd';
    sheet.addRow([]);
    sheet.addRow([{ richText: [{ text: '2031-03-' }, { text: '31' }] }, { formula: '"日期"&"五"', result: '日期五' }, null, '县住建局', '其他']);
    const res = await upload('supervisor', Buffer.from(await workbook.xlsx.writeBuffer()), 'order.xlsx', '?dryRun=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sheet: '整改台账', headerRow: 2, ignoredColumns: ['备注'], totals: { rows: 5, ok: 5, error: 0, assigned: 5 } });
    expect(res.body.rows.map((r: { row: number }) => r.row)).toEqual([3, 4, 5, 6, 8]);

    const done = await upload('supervisor', Buffer.from(await workbook.xlsx.writeBuffer()), 'order.xlsx');
    expect(done.status).toBe(201);
    const rows: { title: string; due: string; unit: string }[] = await db.query(
      `SELECT c.title, c.fields->>'dueAt' AS due, u.code AS unit FROM cases c JOIN units u ON u.id = c.unit_id
       WHERE c.id = ANY((SELECT case_ids FROM ledger_imports WHERE id = $1)::uuid[]) ORDER BY c.code`,
      [done.body.import.id],
    );
    expect(rows).toEqual([
      { title: '日期一', due: '2031-03-31T16:00:00.000Z', unit: 'zjj' },
      { title: '日期二', due: '2031-03-31T16:00:00.000Z', unit: 'zjj-cj' },
      { title: '日期三', due: '2031-03-31T16:00:00.000Z', unit: 'scj' },
      { title: '日期四', due: '2031-03-31T16:00:00.000Z', unit: 'scj' },
      { title: '日期五', due: '2031-03-31T16:00:00.000Z', unit: 'zjj' },
    ]);
  });

  it('brings an overdue row in red, its breach recorded with the import and its ladder starting now, not from the old deadline', async () => {
    const res = await upload('inspector', await book([row({ 问题来源: '巡察反馈', 问题描述: '去年的问题至今未整改', 责任单位: '县住建局', 整改时限: '2025-06-30' })]), 'old.xlsx');
    expect(res.status).toBe(201);
    expect(res.body.totals).toMatchObject({ overdue: 1 });
    const [id] = (await db.query(`SELECT case_ids FROM ledger_imports WHERE id = $1`, [res.body.import.id]))[0].case_ids;
    const view = await t.http().get(`/api/cases/${id}`).set((await sessions.as('inspector')).auth);
    expect(view.body).toMatchObject({ state: 'assigned', light: 'red', dueAt: '2025-06-30T16:00:00.000Z', escalationLevel: 0 });
    const events = await db.query(`SELECT type, actor_id, payload FROM case_events WHERE case_id = $1 ORDER BY seq`, [id]);
    expect(events.map((e: { type: string; actor_id: string }) => [e.type, e.actor_id])).toEqual([
      ['OPENED', expect.not.stringMatching(/^system$/)],
      ['ASSIGN', expect.not.stringMatching(/^system$/)],
      ['SLA_BREACHED', 'system'],
    ]);
    expect(events[2].payload).toEqual({ importId: res.body.import.id, dueAt: '2025-06-30T16:00:00.000Z' });
    const timers: { purpose: string; level: number; from_import: number }[] = await db.query(
      `SELECT purpose, level, extract(epoch FROM due_at - now())::float8 AS from_import FROM case_timers WHERE case_id = $1 AND status = 'pending' ORDER BY level`,
      [id],
    );
    expect(timers.map((x) => [x.purpose, x.level])).toEqual([
      ['escalate', 1],
      ['escalate', 2],
      ['escalate', 3],
    ]);
    expect(Math.abs(timers[0].from_import)).toBeLessThan(120);
    expect(timers[2].from_import).toBeGreaterThan(4 * 86_400);
  });

  it('reads every Chinese character of a large sheet intact, from shared strings (as Excel saves) and from inline text', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row({ 问题来源: '巡察反馈', 问题描述: `第${i}项：领导班子落实全面从严治党主体责任不到位，民主生活会批评与自我批评辣味不足`, 责任单位: '县住建局城建股', 整改时限: '2031年3月31日' }));
    const shared = await book(rows);
    const inlinePath = path.join(os.tmpdir(), `inline-${process.pid}.xlsx`);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: inlinePath, useSharedStrings: false });
    const sheet = writer.addWorksheet('整改台账');
    sheet.addRow(HEADER).commit();
    for (const r of rows) sheet.addRow(r).commit();
    await writer.commit();
    for (const file of [shared, await readFile(inlinePath)]) {
      const res = await upload('inspector', file, 'big.xlsx', '?dryRun=true');
      expect(res.status).toBe(200);
      expect(res.body.totals).toMatchObject({ rows: 3000, ok: 3000, error: 0 });
      const broken = res.body.rows.filter((r: { cells: Record<string, string | null> }) => Object.values(r.cells).some((v) => v?.includes('\uFFFD')));
      expect(broken.map((r: { row: number }) => r.row)).toEqual([]);
    }
    await rm(inlinePath, { force: true });
  });

  it('refuses files that are not a ledger workbook with a clear 4xx, storing nothing', async () => {
    const before = await caseCount();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4560000000049454e44ae426082', 'hex');
    const renamed = await upload('inspector', png, '台账.xlsx');
    expect(renamed.status).toBe(415);
    expect(renamed.body.errors[0]).toMatchObject({ field: 'file', code: 'not_in_list' });
    expect((await upload('inspector', Buffer.alloc(0), 'empty.xlsx')).status).toBe(400);
    const missing = await t.http().post('/api/ledger/imports').set((await sessions.as('inspector')).auth).field('x', 'y');
    expect(missing.status).toBe(400);

    const headerless = await upload('inspector', await book([['a', 'b']], { header: ['名称', '金额'] }), 'other.xlsx');
    expect(headerless.status).toBe(400);
    expect(headerless.body.errors[0].message).toContain('找不到表头');
    const noSource = await upload('inspector', await book([['问题']], { header: ['问题描述', '责任单位'] }), 'nosource.xlsx');
    expect(noSource.status).toBe(400);
    expect(noSource.body.errors[0].message).toBe('表头缺少必需的列：问题来源');

    // An .xlsx whose one sheet unpacks to 160 MB of zeros: refused from its directory, not unpacked.
    const bomb = new JSZip();
    const real = await JSZip.loadAsync(await book([]));
    for (const [name, entry] of Object.entries(real.files)) if (!entry.dir) bomb.file(name, await entry.async('uint8array'));
    bomb.file('xl/media/padding.bin', Buffer.alloc(160 * 1024 * 1024));
    const bombFile = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bombFile.length).toBeLessThan(2 * 1024 * 1024);
    const refused = await upload('inspector', bombFile, 'bomb.xlsx');
    expect(refused.status).toBe(413);
    expect(refused.body.errors[0].message).toContain('解压后过大');

    const tooLarge = await upload('inspector', Buffer.alloc(10 * 1024 * 1024 + 1), 'big.xlsx');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.detail).toBe('the file is larger than 10 MB');
    expect((await upload('officer.zjj', await book([row({ 问题来源: '自查', 问题描述: '越权导入' })]), 'x.xlsx')).status).toBe(403);
    expect((await t.http().get('/api/ledger/imports').set((await sessions.as('officer.zjj')).auth)).status).toBe(403);
    expect((await upload('inspector', await book([]), 'blank.xlsx')).status).toBe(400);
    expect(await caseCount()).toBe(before);
  });

  it('runs as a job when asked to respond async: progress while it works, then the answer the request would have had', async () => {
    const { auth } = await sessions.as('inspector');
    const rows = Array.from({ length: 2500 }, (_, i) => row({ 问题来源: '自查', 问题描述: `异步导入第 ${i} 项`, 责任单位: 'scj', 整改时限: '2031-09-30' }));
    const file = await book(rows);
    const started = await t.http().post('/api/ledger/imports').set(auth).set('Prefer', 'respond-async').attach('file', file, { filename: '异步.xlsx', contentType: XLSX });
    expect(started.status).toBe(202);
    expect(started.headers.location).toBe(`/api/jobs/${started.body.id}`);
    expect(started.body).toMatchObject({ kind: 'ledger-import', status: 'running' });
    const seen: { status: string; phase: string | null; done: number; total: number | null }[] = [];
    let job = started.body;
    for (let i = 0; i < 200 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.http().get(started.headers.location).set(auth)).body;
      seen.push(job);
    }
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ dryRun: false, totals: { rows: 2500, ok: 2500 }, import: { caseCount: 2500, fileName: '异步.xlsx' } });
    expect(seen.some((j) => j.status === 'running' && j.phase !== null)).toBe(true);
    const importId = job.result.import.id;
    expect((await t.http().get(started.headers.location).set((await sessions.as('supervisor')).auth)).status).toBe(404);

    const again = await t.http().post('/api/ledger/imports').set(auth).set('Prefer', 'respond-async').attach('file', file, { filename: '异步.xlsx', contentType: XLSX });
    for (let i = 0; i < 100; i++) {
      job = (await t.http().get(again.headers.location).set(auth)).body;
      if (job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ status: 'failed', problem: { status: 409, code: 'VALIDATION_FAILED', earlierImport: { id: importId } } });

    const refused = await t.http().post('/api/ledger/imports').set((await sessions.as('officer.zjj')).auth).set('Prefer', 'respond-async').attach('file', file, { filename: 'x.xlsx', contentType: XLSX });
    expect(refused.status).toBe(403);
  });

  it('says a job whose process stopped has failed, instead of running for ever', async () => {
    const { auth } = await sessions.as('inspector');
    const started = await t.http().post('/api/ledger/imports?dryRun=true').set(auth).set('Prefer', 'respond-async').attach('file', await book([row({ 问题来源: '自查', 问题描述: '中断' })]), { filename: 'stop.xlsx', contentType: XLSX });
    for (let i = 0; i < 100; i++) {
      if ((await t.http().get(started.headers.location).set(auth)).body.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await db.query(`UPDATE jobs SET status = 'running', result = NULL, updated_at = now() - interval '1 minute' WHERE id = $1`, [started.body.id]);
    const job = (await t.http().get(started.headers.location).set(auth)).body;
    expect(job).toMatchObject({ status: 'failed', problem: { code: 'UNAVAILABLE' } });
  });

  it('re-imports an exported ledger into an empty county and gives the same ledger back', async () => {
    const exported = await t.http().get('/api/ledger/export.xlsx').set((await sessions.as('inspector')).auth).buffer(true).parse(bytes as never);
    const original = await sheetRows(exported.body, '整改台账');
    expect(original.length).toBeGreaterThan(5);

    const fresh = await createTestApp();
    try {
      const freshSessions = new DemoSessions(fresh);
      const { auth } = await freshSessions.as('inspector');
      const res = await fresh.http().post('/api/ledger/imports').set(auth).attach('file', exported.body, { filename: '导出的台账.xlsx', contentType: XLSX });
      expect(res.status).toBe(201);
      expect(res.body.ignoredColumns).toEqual(expect.arrayContaining(['序号', '销号情况', '编号', '当前状态', '信号灯']));
      const again = await fresh.http().get('/api/ledger/export.xlsx').set(auth).buffer(true).parse(bytes as never);
      const ledger = (rows: Record<string, unknown>[]) =>
        rows
          .map((r) => HEADER.filter((h) => h !== '序号' && h !== '销号情况').map((h) => (r[h] instanceof Date ? (r[h] as Date).toISOString() : r[h])))
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(ledger(await sheetRows(again.body, '整改台账'))).toEqual(ledger(original));
    } finally {
      await fresh.close();
    }
  });
});
