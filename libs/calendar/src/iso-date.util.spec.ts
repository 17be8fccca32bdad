import {
  addCalendarDays,
  calendarDaysBetween,
  isIsoDate,
  shanghaiDate,
  startOfShanghaiDay,
  weekdayOf,
} from './iso-date.util';

describe('isIsoDate', () => {
  it.each(['2026-01-01', '2026-02-28', '2024-02-29', '2000-02-29', '2026-04-30', '2026-12-31', '0001-01-01', '9999-12-31'])(
    'accepts %s',
    (value) => expect(isIsoDate(value)).toBe(true),
  );

  it.each([
    '2026-02-30',
    '2027-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2026-2-3',
    '26-02-03',
    ' 2026-01-01',
    '2026-01-01T00:00',
    '2026/01/01',
    '',
    20260101,
    null,
    undefined,
    new Date('2026-01-01'),
  ])('rejects %p', (value) => expect(isIsoDate(value)).toBe(false));
});

describe('shanghaiDate', () => {
  it.each([
    ['2026-09-30T15:59:59.999Z', '2026-09-30'],
    ['2026-09-30T16:00:00.000Z', '2026-10-01'],
    // 00:30 on National Day in Shanghai, still 30 September in UTC.
    ['2026-09-30T16:30:00.000Z', '2026-10-01'],
    ['2026-10-01T15:59:59.999Z', '2026-10-01'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['2024-02-28T16:00:00.000Z', '2024-02-29'],
    ['1969-12-31T16:00:00.000Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
  ])('%s is %s in Shanghai', (instant, expected) => expect(shanghaiDate(new Date(instant))).toBe(expected));

  it('rejects an invalid Date', () => {
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('startOfShanghaiDay', () => {
  it.each([
    ['2026-10-01', '2026-09-30T16:00:00.000Z'],
    ['2027-01-01', '2026-12-31T16:00:00.000Z'],
    ['2024-02-29', '2024-02-28T16:00:00.000Z'],
    ['0050-06-15', '0050-06-14T16:00:00.000Z'],
  ])('%s starts at %s', (date, expected) => {
    expect(startOfShanghaiDay(date).toISOString()).toBe(expected);
    expect(shanghaiDate(startOfShanghaiDay(date))).toBe(date);
  });

  it('rejects an impossible date', () => {
    expect(() => startOfShanghaiDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('addCalendarDays and calendarDaysBetween', () => {
  it.each([
    ['2026-01-01', 0, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-01-01', 365, '2027-01-01'],
    ['0099-12-31', 1, '0100-01-01'],
  ])('addCalendarDays(%s, %d) is %s', (date, days, expected) => {
    expect(addCalendarDays(date, days)).toBe(expected);
    expect(calendarDaysBetween(date, expected)).toBe(days);
  });

  it('refuses to leave years 1–9999 and non-integer counts', () => {
    expect(() => addCalendarDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('0001-01-01', -1)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-01-01', 1.5)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-1-1', 1)).toThrow(RangeError);
  });
});

describe('weekdayOf', () => {
  it.each([
    ['1970-01-01', 4],
    ['1969-12-31', 3],
    ['2026-01-01', 4],
    ['2026-01-04', 0],
    ['2026-02-14', 6],
    ['2026-10-10', 6],
    ['2027-01-01', 5],
  ])('%s is weekday %d', (date, expected) => expect(weekdayOf(date)).toBe(expected));
});
