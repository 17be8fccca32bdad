import { findHeader, ledgerDate, plainCell, readLedgerRow, titleOf, UnitMatcher } from './ledger-import';

const units = new UnitMatcher([
  { id: 'u-zjj', code: 'zjj', name: '县住建局' },
  { id: 'u-scj', code: 'scj', name: '县市场监管局' },
  { id: 'u-a', code: 'a1', name: '办公室' },
  { id: 'u-b', code: 'b1', name: '办公室' },
]);
const now = new Date('2026-12-02T02:00:00Z');
const header = ['序号', '问题描述', '问题来源', '责任单位', '整改时限', '备注', '整改进展'];
const layout = findHeader([
  { number: 1, cells: ['某县整改台账（2026年）'] },
  { number: 2, cells: header },
])!;
const row = (cells: unknown[]) => readLedgerRow(5, cells.map(plainCell), layout, units, now);

describe('reading a 整改台账 row', () => {
  it('finds the header below a title row, in any column order, and reports the columns it does not read', () => {
    expect(layout.row).toBe(2);
    expect(layout.columns.get('问题描述')).toBe(1);
    expect(layout.columns.get('整改时限')).toBe(4);
    expect(layout.ignored).toEqual(['序号', '备注']);
  });

  it('turns a sound row into an item: title from the description, the unit by name or code, the deadline at the end of that day', () => {
    const result = row([1, '  会议纪要\n未归档  ', '巡察反馈', 'ZJJ', '2027年3月31日', '', '已整改一半'])!;
    expect(result.report).toMatchObject({ row: 5, status: 'ok', errors: [] });
    expect(result.report.cells).toMatchObject({ 问题来源: '巡察反馈', 责任单位: 'ZJJ', 整改时限: '2027年3月31日', 问题类别: null });
    expect(result.item).toEqual({
      row: 5,
      overdue: false,
      command: {
        kind: 'rectification',
        title: '会议纪要 未归档',
        description: '会议纪要\n未归档',
        source: '巡察反馈',
        unitId: 'u-zjj',
        dueAt: '2027-03-31T16:00:00.000Z',
        progress: '已整改一半',
      },
    });
  });

  it('says in Chinese what is wrong with each cell, with a stable code', () => {
    const result = row([2, '', '领导批示', '县教育局', '2027-02-30'])!;
    expect(result.item).toBeNull();
    expect(result.report.status).toBe('error');
    expect(result.report.errors.map((e) => [e.column, e.code])).toEqual([
      ['问题来源', 'not_in_list'],
      ['问题描述', 'required'],
      ['责任单位', 'not_found'],
      ['整改时限', 'invalid_date'],
    ]);
    expect(result.report.errors[0].message).toContain('巡察反馈、巡视反馈');
  });

  it('needs a deadline when a unit is named, and refuses a name two units share', () => {
    expect(row([3, '问题', '自查', '县市场监管局', null])!.report.errors).toEqual([
      { column: '整改时限', code: 'required', message: '填写了责任单位时必须填写整改时限' },
    ]);
    expect(row([3, '问题', '自查', '办公室', '2027-01-01'])!.report.errors[0]).toMatchObject({ column: '责任单位', code: 'conflict' });
  });

  it('accepts a past deadline and marks the item overdue', () => {
    expect(row([4, '旧问题', '审计', 'scj', '2026/6/30'])!.item).toMatchObject({ overdue: true, command: { dueAt: '2026-06-30T16:00:00.000Z' } });
  });

  it('skips blank rows, even numbered ones', () => {
    expect(row([9, null, '', null])).toBeNull();
  });

  it('caps the title at 60 characters', () => {
    expect([...titleOf('问'.repeat(80))]).toHaveLength(60);
  });
});

describe('ledgerDate', () => {
  it.each([
    ['2027-03-31', '2027-03-31'],
    ['2027/3/31', '2027-03-31'],
    ['2027.3.1', '2027-03-01'],
    ['2027年3月31日', '2027-03-31'],
    ['2027年3月31', '2027-03-31'],
  ])('reads %s', (text, day) => expect(ledgerDate(text)).toBe(day));

  it('reads Excel date cells and serial numbers', () => {
    expect(ledgerDate(new Date('2027-03-31T00:00:00Z'))).toBe('2027-03-31');
    expect(ledgerDate(46477)).toBe('2027-03-31');
  });

  it.each(['2027-13-01', '2027/2/29', '下月底', '31/3/2027', '1999-12-31'])('refuses %s', (text) => expect(ledgerDate(text)).toBeNull());
});

describe('plainCell', () => {
  it('takes rich text, formulas and links apart to their text', () => {
    expect(plainCell({ richText: [{ text: '县' }, { text: '住建局' }] })).toBe('县住建局');
    expect(plainCell({ formula: 'A1', result: '自查' })).toBe('自查');
    expect(plainCell({ text: '链接', hyperlink: 'http://x' })).toBe('链接');
    expect(plainCell('   ')).toBeNull();
  });
});
