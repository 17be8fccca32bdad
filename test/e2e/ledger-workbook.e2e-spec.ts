import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { CaseDriver, createTestApp, DemoSessions, type TestApp } from '../support';
import { bytes } from '../support/http';


async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  return book;
}

const rowsOf = (sheet: ExcelJS.Worksheet) => {
  const [, header, ...rows] = sheet.getSheetValues() as unknown[][];
  const names = (header as unknown[]).slice(1) as string[];
  return rows.filter(Boolean).map((row) => Object.fromEntries(names.map((name, i) => [name, (row as unknown[])[i + 1]])));
};

describe('the 整改台账 as Excel: template and exports', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let driver: CaseDriver;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
    driver = new CaseDriver(t, sessions);
  });
  afterAll(() => t?.close());

  const download = async (as: string, path: string) => {
    const res = await t.http().get(path).set((await sessions.as(as)).auth).buffer(true).parse(bytes as never);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    return res;
  };

  it('gives the customary template: the ten columns, drop-downs, and a sheet explaining them with every unit', async () => {
    const res = await download('inspector', '/api/ledger/template.xlsx');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('整改台账模板.xlsx'));
    const book = await workbook(res.body);
    const sheet = book.getWorksheet('整改台账')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '问题来源', '问题类别', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '整改进展', '销号情况']);
    expect(sheet.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: ['"巡察反馈,巡视反馈,自查,考核反馈,上级交办,审计,其他"'] });
    expect(sheet.getCell('C2').dataValidation.formulae).toEqual(['"立行立改,限期整改,长期坚持"']);
    expect(sheet.getCell('F2').dataValidation.formulae?.[0]).toMatch(/^'填写说明'!\$B\$\d+:\$B\$\d+$/);
    const help = book.getWorksheet('填写说明')!;
    const text = JSON.stringify(help.getSheetValues());
    for (const name of ['县住建局', '县住建局城建股', '县市场监管局', 'zjj-cj']) expect(text).toContain(name);
    expect(text).toContain('2027年3月31日');
  });

  it('exports the ledger the caller may see, with where each item stands, deadlines as Excel dates and 超期 in red', async () => {
    const units = await driver.units();
    const late = await driver.openRectification({ title: '超期未整改', description: '会议纪要未归档', dueAt: '2031-03-31', measures: '限期归档', responsiblePerson: '王五' });
    await driver.must('inspector', late.id, { type: 'ASSIGN', unitId: units.zjj });
    await t.app.get(DataSource).query(`UPDATE cases SET due_at = now() - interval '2 days', warn_at = now() - interval '3 days' WHERE id = $1`, [late.id]);
    const other = await driver.openRectification({ title: '市场监管局问题', description: '台账不全', unitId: units.scj, dueAt: '2031-06-30' });
    const inspector = rowsOf((await workbook((await download('inspector', '/api/ledger/export.xlsx')).body)).getWorksheet('整改台账')!);
    const row = inspector.find((r) => r['编号'] === late.code)!;
    expect(row).toMatchObject({
      问题来源: '巡察反馈',
      问题描述: '会议纪要未归档',
      整改措施: '限期归档',
      责任单位: '县住建局',
      责任人: '王五',
      销号情况: '未销号',
      当前状态: '待签收',
      信号灯: '红灯（超期）',
      督办级别: '正常',
    });
    // The day the deadline closes (2031-03-31 24:00 in Asia/Shanghai), as Excel keeps a date: no zone.
    expect((row['整改时限'] as Date).toISOString()).toBe('2031-03-31T00:00:00.000Z');
    expect(String(row['最近进展'])).toMatch(/^交办\/派单（\d{4}-\d{2}-\d{2}）$/);
    expect(inspector.some((r) => r['编号'] === other.code)).toBe(true);

    const book = await workbook((await download('inspector', '/api/ledger/export.xlsx')).body);
    const sheet = book.getWorksheet('整改台账')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const excelRow = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === late.code)!;
    expect(excelRow.getCell(14).fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFF8D7DA' } });
    expect(excelRow.getCell(9).numFmt).toBe('yyyy-mm-dd');

    const officer = rowsOf((await workbook((await download('officer.zjj', '/api/ledger/export.xlsx')).body)).getWorksheet('整改台账')!);
    expect(officer.some((r) => r['编号'] === late.code)).toBe(true);
    expect(officer.some((r) => r['编号'] === other.code)).toBe(false);
    const filtered = rowsOf((await workbook((await download('inspector', '/api/ledger/export.xlsx?overdue=true')).body)).getWorksheet('整改台账')!);
    expect(filtered.map((r) => r['编号'])).toEqual([late.code]);
  });

  it('exports 12345 work orders with the callers masked, as in lists', async () => {
    const order = await driver.openHotline();
    const rows = rowsOf((await workbook((await download('agent', '/api/hotline/export.xlsx')).body)).getWorksheet('12345工单')!);
    expect(rows.find((r) => r['工单编号'] === order.code)).toMatchObject({ 来电人: '张**', 联系电话: '138****5678', 诉求类型: '投诉', 当前状态: '待派单' });
  });

  it('refuses a bad filter with 400 before writing anything', async () => {
    const res = await t.http().get('/api/ledger/export.xlsx?overdue=maybe').set((await sessions.as('inspector')).auth);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
