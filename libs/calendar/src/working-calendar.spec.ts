import { InvalidYearScheduleError } from './calendar.errors';
import type { YearSchedule } from './calendar.type';
import { addCalendarDays, weekdayOf } from './iso-date.util';
import { WorkingCalendar } from './working-calendar';

function range(from: string, to: string): string[] {
  const dates = [from];
  while (dates[dates.length - 1] !== to) dates.push(addCalendarDays(dates[dates.length - 1], 1));
  return dates;
}

// 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
const OFFICIAL_2026_DAYS_OFF = [
  ...range('2026-01-01', '2026-01-03'), // 元旦
  ...range('2026-02-15', '2026-02-23'), // 春节
  ...range('2026-04-04', '2026-04-06'), // 清明节
  ...range('2026-05-01', '2026-05-05'), // 劳动节
  ...range('2026-06-19', '2026-06-21'), // 端午节
  ...range('2026-09-25', '2026-09-27'), // 中秋节
  ...range('2026-10-01', '2026-10-07'), // 国庆节
];
const OFFICIAL_2026_WORKDAYS = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
// The days off above that fall Monday–Friday.
const OFFICIAL_2026_HOLIDAYS = [
  '2026-01-01', '2026-01-02',
  '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23',
  '2026-04-06',
  '2026-05-01', '2026-05-04', '2026-05-05',
  '2026-06-19',
  '2026-09-25',
  '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07',
];

// Not an official schedule: 2027's has not been published in the data we ship.
const LOADED_2027: YearSchedule = {
  year: 2027,
  holidays: ['2027-02-08', '2027-01-01'],
  workdays: ['2027-02-06'],
};

describe('WorkingCalendar with the chinese-days data for 2026', () => {
  const calendar = new WorkingCalendar();

  it('knows the official schedule', () => {
    expect(OFFICIAL_2026_DAYS_OFF).toHaveLength(33);
    expect(calendar.year(2026)).toEqual({
      year: 2026,
      source: 'package',
      holidays: OFFICIAL_2026_HOLIDAYS,
      workdays: OFFICIAL_2026_WORKDAYS,
      holidayNames: expect.arrayContaining([{ date: '2026-02-15', name: '春节' }, { date: '2026-10-07', name: '国庆节' }]),
    });
  });

  it('names every holiday date, weekends within a holiday included, as chinese-days spells them', () => {
    const names = calendar.year(2026).holidayNames;
    expect(names).toHaveLength(OFFICIAL_2026_DAYS_OFF.length);
    expect(new Set(names.map((h) => h.name))).toEqual(new Set(['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆节']));
    expect(calendar.holidayStarts(2026).get('春节')).toBe('2026-02-15');
    expect(calendar.holidayStarts(2026).get('劳动节')).toBe('2026-05-01');
  });

  it.each(OFFICIAL_2026_DAYS_OFF)('%s is a day off', (date) => expect(calendar.isWorkday(date)).toBe(false));

  it.each(OFFICIAL_2026_WORKDAYS)('%s is an adjusted working day on a weekend', (date) => {
    expect([0, 6]).toContain(weekdayOf(date));
    expect(calendar.isWorkday(date)).toBe(true);
  });

  it.each([
    ['2026-01-05', true], // Monday after 元旦
    ['2026-03-10', true],
    ['2026-09-30', true],
    ['2026-10-08', true],
    ['2026-12-31', true],
    ['2026-01-10', false], // Saturday
    ['2026-03-08', false], // Sunday
    ['2026-10-11', false], // Sunday after the adjusted Saturday
    ['2026-12-26', false], // Saturday
  ])('ordinary day %s is a working day: %s', (date, expected) => expect(calendar.isWorkday(date)).toBe(expected));

  it('counts 248 working days in 2026 (261 weekdays - 19 holidays + 6 adjusted days)', () => {
    expect(calendar.workdaysBetween('2025-12-31', '2026-12-31')).toEqual({ days: 248, calendarComplete: true });
  });
});

describe('WorkingCalendar sources', () => {
  it.each([
    [2003, 'none'],
    [2004, 'package'],
    [2025, 'package'],
    [2026, 'package'],
    [2027, 'none'],
    [2100, 'none'],
  ])('year %d comes from %s', (year, source) => {
    const calendar = new WorkingCalendar();
    expect(calendar.source(year)).toBe(source);
    expect(calendar.hasData(year)).toBe(source !== 'none');
  });

  it('falls back to Monday–Friday for a year without data', () => {
    const calendar = new WorkingCalendar();
    expect(calendar.year(2027)).toEqual({ year: 2027, source: 'none', holidays: [], workdays: [], holidayNames: [] });
    expect(calendar.isWorkday('2027-01-01')).toBe(true);
    expect(calendar.isWorkday('2027-01-02')).toBe(false);
  });

  it('prefers a loaded year over the fallback', () => {
    const onMissingYear = jest.fn();
    const calendar = new WorkingCalendar([LOADED_2027], { onMissingYear });
    expect(calendar.source(2027)).toBe('loaded');
    expect(calendar.hasData(2027)).toBe(true);
    expect(calendar.year(2027)).toEqual({
      year: 2027,
      source: 'loaded',
      holidays: ['2027-01-01', '2027-02-08'],
      workdays: ['2027-02-06'],
      holidayNames: [],
    });
    expect(calendar.isWorkday('2027-01-01')).toBe(false);
    expect(calendar.isWorkday('2027-02-06')).toBe(true);
    expect(calendar.isWorkday('2027-02-07')).toBe(false);
    expect(calendar.addWorkdays('2026-12-31', 1)).toEqual({ date: '2027-01-04', calendarComplete: true });
    expect(calendar.addWorkdays('2027-02-05', 1)).toEqual({ date: '2027-02-06', calendarComplete: true });
    expect(calendar.addWorkdays('2027-02-06', 1)).toEqual({ date: '2027-02-09', calendarComplete: true });
    expect(onMissingYear).not.toHaveBeenCalled();
  });

  it('lets a loaded year replace the package data entirely', () => {
    const calendar = new WorkingCalendar([{ year: 2026, holidays: ['2026-10-01'], workdays: [] }]);
    expect(calendar.source(2026)).toBe('loaded');
    expect(calendar.isWorkday('2026-10-01')).toBe(false);
    expect(calendar.isWorkday('2026-10-02')).toBe(true);
    expect(calendar.isWorkday('2026-10-10')).toBe(false);
    expect(calendar.year(2026)).toEqual({ year: 2026, source: 'loaded', holidays: ['2026-10-01'], workdays: [], holidayNames: [] });
    expect(calendar.addWorkdays('2026-09-30', 1)).toEqual({ date: '2026-10-02', calendarComplete: true });
  });

  it('refuses invalid or repeated loaded years', () => {
    expect(() => new WorkingCalendar([{ year: 2027, holidays: ['2027-02-30'], workdays: [] }])).toThrow(
      InvalidYearScheduleError,
    );
    expect(() => new WorkingCalendar([LOADED_2027, LOADED_2027])).toThrow(/2027 is loaded twice/);
  });

  it('does not keep a reference to the caller’s lists', () => {
    const schedule = { year: 2027, holidays: ['2027-01-01'], workdays: [] };
    const calendar = new WorkingCalendar([schedule]);
    schedule.holidays.push('2027-01-04');
    calendar.year(2027).holidays.push('2027-01-05');
    expect(calendar.isWorkday('2027-01-04')).toBe(true);
    expect(calendar.year(2027).holidays).toEqual(['2027-01-01']);
  });

  it.each([2026.5, 0, 10_000, Number.NaN])('rejects year %p', (year) => {
    expect(() => new WorkingCalendar().source(year)).toThrow(RangeError);
  });
});

describe('WorkingCalendar.addWorkdays', () => {
  it.each([
    ['2026-09-30', 1, '2026-10-08', 'over National Day'],
    ['2026-09-30', 3, '2026-10-10', 'onto the adjusted Saturday'],
    ['2026-09-30', 5, '2026-10-13', 'past the adjusted Saturday'],
    ['2026-10-01', 1, '2026-10-08', 'from a holiday'],
    ['2026-09-18', 1, '2026-09-20', 'onto the adjusted Sunday'],
    ['2026-09-24', 1, '2026-09-28', 'over 中秋'],
    ['2026-02-13', 1, '2026-02-14', 'onto the Saturday before 春节'],
    ['2026-02-13', 2, '2026-02-24', 'over 春节'],
    ['2026-02-13', 6, '2026-02-28', 'onto the Saturday after 春节'],
    ['2026-02-27', 1, '2026-02-28', 'onto the Saturday after 春节'],
    ['2026-04-03', 1, '2026-04-07', 'over 清明'],
    ['2026-04-30', 1, '2026-05-06', 'over 劳动节'],
    ['2026-12-30', 1, '2026-12-31', 'within the year'],
    ['2026-10-01', 0, '2026-10-01', 'n = 0 is the date itself, even a holiday'],
    ['2026-10-08', -1, '2026-09-30', 'back over National Day'],
    ['2026-10-12', -1, '2026-10-10', 'back onto the adjusted Saturday'],
    ['2026-02-24', -1, '2026-02-14', 'back over 春节'],
    ['2026-01-05', -1, '2026-01-04', 'back onto the adjusted Sunday'],
    ['2026-01-04', -1, '2025-12-31', 'back into 2025'],
    ['2026-01-01', -1, '2025-12-31', 'back from 元旦'],
  ])('addWorkdays(%s, %d) → %s (%s)', (from, n, expected) => {
    expect(new WorkingCalendar().addWorkdays(from, n)).toEqual({ date: expected, calendarComplete: true });
  });

  it('crosses into 2027 without data, reporting the year once', () => {
    const onMissingYear = jest.fn();
    const calendar = new WorkingCalendar([], { onMissingYear });
    expect(calendar.addWorkdays('2026-12-31', 1)).toEqual({ date: '2027-01-01', calendarComplete: false });
    expect(calendar.addWorkdays('2026-12-31', 2)).toEqual({ date: '2027-01-04', calendarComplete: false });
    expect(calendar.addWorkdays('2027-01-04', -3)).toEqual({ date: '2026-12-30', calendarComplete: false });
    expect(calendar.workdaysBetween('2026-12-31', '2027-01-08')).toEqual({ days: 6, calendarComplete: false });
    expect(calendar.isWorkday('2027-06-01')).toBe(true);
    expect(onMissingYear).toHaveBeenCalledTimes(1);
    expect(onMissingYear).toHaveBeenCalledWith(2027);

    expect(calendar.addWorkdays('2028-12-29', 1)).toEqual({ date: '2029-01-01', calendarComplete: false });
    expect(onMissingYear.mock.calls).toEqual([[2027], [2028], [2029]]);
  });

  it('reports each year without data a walk passes through', () => {
    const onMissingYear = jest.fn();
    const result = new WorkingCalendar([], { onMissingYear }).addWorkdays('2026-06-01', 800);
    expect(result.calendarComplete).toBe(false);
    expect(result.date.slice(0, 4)).toBe('2029');
    expect(onMissingYear.mock.calls).toEqual([[2027], [2028], [2029]]);
  });

  it('stays complete when the walk stays inside years with data', () => {
    const onMissingYear = jest.fn();
    const calendar = new WorkingCalendar([], { onMissingYear });
    expect(calendar.addWorkdays('2026-12-30', 1).calendarComplete).toBe(true);
    expect(calendar.addWorkdays('2026-12-31', 0).calendarComplete).toBe(true);
    expect(calendar.addWorkdays('2005-01-04', 2000)).toEqual({ date: expect.any(String), calendarComplete: true });
    expect(onMissingYear).not.toHaveBeenCalled();
  });

  it.each([1, 2, 5, 20, 249, 250, 251, 600])('lands on a working day exactly %d working days later', (n) => {
    const calendar = new WorkingCalendar();
    for (const from of ['2025-12-31', '2026-02-14', '2026-05-09', '2026-10-01', '2026-10-10']) {
      const forward = calendar.addWorkdays(from, n);
      expect(calendar.isWorkday(forward.date)).toBe(true);
      expect(calendar.workdaysBetween(from, forward.date).days).toBe(n);
      expect(calendar.workdaysBetween(from, addCalendarDays(forward.date, -1)).days).toBe(n - 1);

      // Going back, the n working days are backward.date ≤ d < from; workdaysBetween counts
      // (to, from] instead, so both ends shift by a day.
      const backward = calendar.addWorkdays(from, -n);
      const dayBefore = (date: string) => addCalendarDays(date, -1);
      expect(calendar.isWorkday(backward.date)).toBe(true);
      expect(calendar.workdaysBetween(dayBefore(from), dayBefore(backward.date)).days).toBe(-n);
      expect(calendar.workdaysBetween(dayBefore(from), backward.date).days).toBe(1 - n);
    }
  });

  it('is fast enough to run on every transition', () => {
    const calendar = new WorkingCalendar();
    const started = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) calendar.addWorkdays(addCalendarDays('2024-01-01', i % 700), 250);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(elapsedMs).toBeLessThan(2_000);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects n = %p', (n) => {
    expect(() => new WorkingCalendar().addWorkdays('2026-01-05', n)).toThrow(RangeError);
  });

  it('rejects an impossible date', () => {
    expect(() => new WorkingCalendar().addWorkdays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('WorkingCalendar.workdaysBetween', () => {
  const calendar = new WorkingCalendar();

  it.each([
    ['2026-10-05', '2026-10-05', 0],
    ['2026-10-05', '2026-10-06', 0],
    ['2026-10-06', '2026-10-05', 0],
    ['2026-09-30', '2026-10-08', 1],
    ['2026-10-08', '2026-09-30', -1],
    ['2026-09-25', '2026-10-10', 6],
    ['2026-10-10', '2026-09-25', -6],
    ['2026-02-13', '2026-02-28', 6],
    ['2026-12-04', '2026-12-07', 1],
    ['2026-12-04', '2026-12-11', 5],
    ['2025-12-31', '2026-01-05', 2],
  ])('(%s, %s] holds %d working days', (from, to, days) => {
    expect(calendar.workdaysBetween(from, to)).toEqual({ days, calendarComplete: true });
  });

  it('counts across many years', () => {
    // 2004–2026 all come from chinese-days; the count equals the walk.
    const { days, calendarComplete } = calendar.workdaysBetween('2003-12-31', '2026-12-31');
    expect(calendarComplete).toBe(true);
    expect(calendar.addWorkdays('2003-12-31', days).date).toBe('2026-12-31');
  });
});
