import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseScheduleText, scheduleAsText, scheduleBody } from '../../apps/web/src/pages/admin/calendar/schedule-text';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../apps/web/src/pages/admin/users/roles';

/** What the 节假日 screen understands of pasted text, and the limits the 用户 screen promises. No browser needed. */
describe('the admin screens’ reading of text', () => {
  it('reads the State Council notice: named ranges without a year, weekdays in brackets, and the 上班 days', () => {
    const text = [
      '国务院办公厅关于2027年部分节假日安排的通知',
      '一、元旦：1月1日（周五）放假1天，不调休。',
      '二、春节：2月6日（周六）至12日（周五）放假调休，共7天。2月14日（周日）、2月20日（周六）上班。',
      '六、国庆节、中秋节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。',
      '五、端午节：6月9日（周三）放假1天。',
    ].join('\n');
    const parsed = parseScheduleText(text, 2027);
    expect(parsed.issues).toEqual([]);
    expect(parsed.holidays.map((h) => h.date)).toEqual([
      '2027-01-01',
      ...['06', '07', '08', '09', '10', '11', '12'].map((d) => `2027-02-${d}`),
      '2027-06-09',
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => `2027-10-${d}`),
    ]);
    expect(parsed.workdays.map((w) => [w.date, w.line])).toEqual([
      ['2027-02-14', 3],
      ['2027-02-20', 3],
      ['2027-09-26', 4],
      ['2027-10-09', 4],
    ]);
    // Names as chinese-days spells them (duties due before 端午 look for that name); one per date.
    expect(Object.fromEntries(parsed.holidays.map((h) => [h.date, h.name]))).toMatchObject({ '2027-01-01': '元旦', '2027-02-12': '春节', '2027-06-09': '端午', '2027-10-07': '国庆节' });
    expect(parsed.understood.find((u) => u.from === '2027-10-01')).toMatchObject({ kind: 'holiday', to: '2027-10-07', days: 7, name: '国庆节', writtenName: '国庆节、中秋节', line: 4 });
    expect(scheduleBody(parsed).holidays[0]).toEqual({ date: '2027-01-01', name: '元旦' });
  });

  it('reads dates one per line or comma-separated, ranges, other date spellings and 上班 lines, and says what it cannot use', () => {
    const text = [
      '2027-01-01 元旦, 2027/5/1~2027/5/5 劳动节',
      '上班：2027-04-25, 2027-05-08',
      '20270405,清明',
      '2027年6月9日 休',
      '2027-02-30',
      '2026-12-31',
      '12月31日至1月2日放假',
      '2027-02-06~2027-05-06',
      '2027-04-25 放假',
      '2月中旬放假',
    ].join('\n');
    const parsed = parseScheduleText(text, 2027);
    expect(parsed.holidays.map((h) => `${h.date}${h.name ? ` ${h.name}` : ''}`)).toEqual([
      '2027-01-01 元旦',
      '2027-04-05 清明',
      '2027-04-25',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-05-03 劳动节',
      '2027-05-04 劳动节',
      '2027-05-05 劳动节',
      '2027-06-09',
      '2027-12-31',
    ]);
    expect(parsed.workdays.map((w) => w.date)).toEqual(['2027-04-25', '2027-05-08']);
    expect(parsed.conflicts).toEqual(['2027-04-25']);
    expect(parsed.issues.map((i) => [i.line, i.message])).toEqual([
      [5, '2027年2月30日不是有效日期，已略过。'],
      [6, '2026-12-31 不在 2027 年，已略过。'],
      [7, '2027-12-31 至 2028-01-02 有 2 天不在 2027 年，只取 2027 年的日期。'],
      [8, '2027-02-06 至 2027-05-06 超过 31 天，请检查是否写错，已略过。'],
      [10, '这一行提到放假或上班，但没有识别出日期（请写成 2027-02-06 或 2月6日）。'],
      [2, '2027-04-25 同时列为放假（第 9 行）和调休上班，同一天只能是其中一种。'],
    ]);
  });

  it('writes a year back as text it reads the same way', () => {
    const names = new Map([
      ['2026-02-15', '春节'],
      ['2026-02-16', '春节'],
      ['2026-02-17', '春节'],
      ['2026-01-01', '元旦'],
    ]);
    const text = scheduleAsText({ holidays: ['2026-01-01', '2026-02-15', '2026-02-16', '2026-02-17', '2026-05-04'], workdays: ['2026-02-14'], names });
    expect(text).toBe(['2026-01-01 元旦 放假', '2026-02-15~2026-02-17 春节 放假', '2026-05-04 放假', '调休上班：2026-02-14'].join('\n'));
    const again = parseScheduleText(text, 2026);
    expect(again.issues).toEqual([]);
    expect(scheduleBody(again)).toEqual({
      holidays: [{ date: '2026-01-01', name: '元旦' }, { date: '2026-02-15', name: '春节' }, { date: '2026-02-16', name: '春节' }, { date: '2026-02-17', name: '春节' }, '2026-05-04'],
      workdays: ['2026-02-14'],
    });
  });

  it('promises the password length the API contract asks for', () => {
    const contract = JSON.parse(readFileSync(path.resolve(__dirname, '../../openapi.json'), 'utf8'));
    for (const schema of ['CreateUserRequest']) {
      expect(contract.components.schemas[schema].properties.password.minLength).toBe(PASSWORD_MIN_LENGTH);
    }
    expect(PASSWORD_MAX_LENGTH).toBeGreaterThan(PASSWORD_MIN_LENGTH);
  });
});
