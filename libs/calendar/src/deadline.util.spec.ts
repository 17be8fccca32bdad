import { addDuration, subtractDuration } from './deadline.util';
import { parseDuration } from './duration.util';
import { shanghaiDate } from './iso-date.util';
import { WorkingCalendar } from './working-calendar';

/** An instant written as Shanghai wall-clock time. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('addDuration', () => {
  const calendar = new WorkingCalendar();

  it.each([
    ['24h', '2026-09-30T16:30:00Z', '2026-10-01T16:30:00.000Z'],
    ['30m', '2026-09-30T23:45:00Z', '2026-10-01T00:15:00.000Z'],
    ['10s', '2026-12-31T15:59:55Z', '2026-12-31T16:00:05.000Z'],
    ['0h', '2026-10-01T00:00:00Z', '2026-10-01T00:00:00.000Z'],
  ])('%s from %s is plain wall-clock time', (duration, from, expected) => {
    expect(addDuration(calendar, new Date(from), parseDuration(duration))).toEqual({
      at: new Date(expected),
      calendarComplete: true,
    });
  });

  it.each([
    ['1wd', '2026-12-04T15:00', '2026-12-08T00:00', 'Friday afternoon → end of Monday'],
    ['1wd', '2026-12-05T10:00', '2026-12-08T00:00', 'Saturday morning → end of Monday'],
    ['1wd', '2026-12-06T23:59', '2026-12-08T00:00', 'late Sunday → end of Monday'],
    ['1wd', '2026-12-07T00:00', '2026-12-09T00:00', 'Monday 00:00 → end of Tuesday'],
    ['0wd', '2026-12-07T15:00', '2026-12-08T00:00', 'end of the same day'],
    ['1wd', '2026-09-30T09:00', '2026-10-09T00:00', 'over National Day → end of 10-08'],
    ['5wd', '2026-09-29T14:00', '2026-10-13T00:00', 'over National Day and onto the adjusted Saturday'],
    ['5wd', '2026-10-01T10:00', '2026-10-14T00:00', 'from a holiday: 10-08, 10-09, 10-10, 10-12, 10-13'],
    ['1wd', '2026-09-18T17:00', '2026-09-21T00:00', 'Friday → end of the adjusted Sunday'],
    ['3wd', '2026-02-12T11:00', '2026-02-25T00:00', 'over 春节: 02-13, 02-14, 02-24'],
  ])('%s from %s (Shanghai) is due %s (%s)', (duration, from, expected) => {
    expect(addDuration(calendar, sh(from), parseDuration(duration))).toEqual({
      at: sh(expected),
      calendarComplete: true,
    });
  });

  it('reads an instant as its Shanghai date, not the server’s (UTC) date', () => {
    const nationalDay0030 = new Date('2026-09-30T16:30:00Z');
    expect(shanghaiDate(nationalDay0030)).toBe('2026-10-01');
    expect(calendar.isWorkday(shanghaiDate(nationalDay0030))).toBe(false);
    expect(addDuration(calendar, nationalDay0030, parseDuration('0wd')).at).toEqual(sh('2026-10-02T00:00'));
    // Friday 2026-10-09 00:30 in Shanghai (still Thursday in UTC): the next working day is the adjusted Saturday.
    expect(addDuration(calendar, new Date('2026-10-08T16:30:00Z'), parseDuration('1wd')).at).toEqual(
      sh('2026-10-11T00:00'),
    );
  });

  it('marks a deadline that relied on a year without data', () => {
    const onMissingYear = jest.fn();
    const fallback = new WorkingCalendar([], { onMissingYear });
    expect(addDuration(fallback, sh('2026-12-31T10:00'), parseDuration('1wd'))).toEqual({
      at: sh('2027-01-02T00:00'),
      calendarComplete: false,
    });
    expect(onMissingYear).toHaveBeenCalledWith(2027);

    const loaded = new WorkingCalendar([{ year: 2027, holidays: ['2027-01-01'], workdays: [] }]);
    expect(addDuration(loaded, sh('2026-12-31T10:00'), parseDuration('1wd'))).toEqual({
      at: sh('2027-01-05T00:00'),
      calendarComplete: true,
    });
  });

  it('rejects an invalid instant or duration', () => {
    expect(() => addDuration(calendar, new Date('nonsense'), parseDuration('1h'))).toThrow(RangeError);
    expect(() => addDuration(calendar, sh('2026-12-04T15:00'), { amount: -1, unit: 'wd' })).toThrow(RangeError);
  });
});

describe('subtractDuration', () => {
  const calendar = new WorkingCalendar();

  it.each([
    ['1wd', '2026-12-08T00:00', '2026-12-05T00:00', 'end of Monday → end of Friday'],
    ['1wd', '2026-12-07T15:00', '2026-12-04T15:00', 'Monday 15:00 → Friday 15:00'],
    ['2wd', '2026-12-08T00:00', '2026-12-04T00:00', 'end of Monday → end of Thursday'],
    ['0wd', '2026-12-08T00:00', '2026-12-08T00:00', 'nothing'],
    ['1wd', '2026-10-09T00:00', '2026-10-01T00:00', 'end of 10-08 → end of 09-30'],
    ['1wd', '2026-10-11T00:00', '2026-10-10T00:00', 'end of the adjusted Saturday → end of Friday 10-09'],
    ['1wd', '2026-02-25T00:00', '2026-02-15T00:00', 'end of 02-24 → end of the adjusted Saturday 02-14'],
    ['1wd', '2026-12-05T10:00', '2026-12-04T10:00', 'a Saturday deadline → the Friday before'],
    ['2h', '2026-12-08T00:00', '2026-12-07T22:00', 'wall clock'],
    ['90m', '2026-10-01T01:00', '2026-09-30T23:30', 'wall clock across midnight'],
  ])('%s before %s (Shanghai) is %s (%s)', (duration, deadline, expected) => {
    expect(subtractDuration(calendar, sh(deadline), parseDuration(duration))).toEqual({
      at: sh(expected),
      calendarComplete: true,
    });
  });

  it('warns at the end of the start day when given the same working days back', () => {
    const received = sh('2026-09-29T14:00');
    const due = addDuration(calendar, received, parseDuration('5wd')).at;
    expect(subtractDuration(calendar, due, parseDuration('5wd')).at).toEqual(sh('2026-09-30T00:00'));
  });
});

describe('time-zone independence', () => {
  const localTime = [
    'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getTimezoneOffset',
    'setFullYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'toLocaleDateString', 'toLocaleString', 'toDateString',
  ] as const;

  it('never reads or writes a Date in the process’s local zone', () => {
    const spies = localTime.map((method) => jest.spyOn(Date.prototype, method));
    const calls: Record<string, number> = {};
    try {
      const onMissingYear = jest.fn();
      const calendar = new WorkingCalendar([{ year: 2028, holidays: ['2028-01-03'], workdays: [] }], { onMissingYear });
      calendar.year(2026);
      calendar.isWorkday('2027-03-01');
      calendar.addWorkdays('2025-06-30', 700);
      calendar.workdaysBetween('2029-01-01', '2024-01-01');
      addDuration(calendar, new Date('2026-09-30T16:30:00Z'), parseDuration('5wd'));
      subtractDuration(calendar, new Date('2026-10-08T16:00:00Z'), parseDuration('1wd'));
      shanghaiDate(new Date('2026-12-31T16:00:00Z'));
    } finally {
      spies.forEach((spy, i) => {
        if (spy.mock.calls.length > 0) calls[localTime[i]] = spy.mock.calls.length;
        spy.mockRestore();
      });
    }
    expect(calls).toEqual({});
  });
});
