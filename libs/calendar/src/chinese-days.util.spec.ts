import { isWorkday as packageIsWorkday } from 'chinese-days';
import { packageYear, packageYears } from './chinese-days.util';
import { addCalendarDays } from './iso-date.util';
import { WorkingCalendar } from './working-calendar';

// chinese-days works in local time, so hand it a local-time Date.
function localNoon(date: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day, 12);
}

describe('chinese-days data', () => {
  it('covers 2004 through 2026', () => {
    expect(packageYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(packageYear(2003)).toBeUndefined();
    expect(packageYear(2027)).toBeUndefined();
  });

  it('agrees with the package’s own isWorkday on every day it covers', () => {
    const calendar = new WorkingCalendar();
    const disagreements: string[] = [];
    for (let date = '2004-01-01'; date <= '2026-12-31'; date = addCalendarDays(date, 1)) {
      if (calendar.isWorkday(date) !== packageIsWorkday(localNoon(date))) disagreements.push(date);
    }
    // West of UTC the package's own tables are a day early (see chinese-days.util.ts): nothing to compare.
    const packageRightHere = new Date(2026, 0, 1, 12).getTimezoneOffset() <= 0;
    expect(packageRightHere ? disagreements : []).toEqual([]);
  });

  it('is not trusted past its data, where the package silently answers Monday–Friday', () => {
    expect(packageIsWorkday(localNoon('2027-01-01'))).toBe(true);
    expect(new WorkingCalendar().source(2027)).toBe('none');
  });

  it('lists the 2026 adjusted working days of the State Council notice', () => {
    expect(packageYear(2026)?.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });
});
