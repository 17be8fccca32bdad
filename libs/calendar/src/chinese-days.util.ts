// The package's JSON (documented in its README) rather than its functions: those build their
// tables and read dates with local-time getters, so in any zone west of UTC every date is shifted
// a day (under America/New_York isWorkday says 2026-09-30 is National Day and 2026-10-10 is off).
import packageData from 'chinese-days/dist/chinese-days.json';
import type { IsoDate } from './iso-date.util';

interface PackageYear {
  holidays: IsoDate[];
  workdays: IsoDate[];
  /** Each holiday date's Chinese name as the package spells it (元旦, 春节, 劳动节, …). */
  holidayNames: Record<IsoDate, string>;
}

/** "Spring Festival,春节,4" → 春节. */
const chineseName = (entry: string) => entry.split(',')[1]?.trim() || entry;

const data: { holidays: Record<IsoDate, string>; workdays: Record<IsoDate, string> } = packageData;
let byYear: Map<number, PackageYear> | undefined;

function index(): Map<number, PackageYear> {
  if (byYear) return byYear;
  const years = new Map<number, PackageYear>();
  const entry = (date: IsoDate) => {
    const year = Number(date.slice(0, 4));
    let found = years.get(year);
    if (!found) years.set(year, (found = { holidays: [], workdays: [], holidayNames: {} }));
    return found;
  };
  for (const [date, name] of Object.entries(data.holidays)) {
    const year = entry(date);
    year.holidays.push(date);
    year.holidayNames[date] = chineseName(name);
  }
  for (const date of Object.keys(data.workdays)) entry(date).workdays.push(date);
  // Past its data the package silently answers Mon–Fri; a year only counts if it lists holidays.
  for (const [year, lists] of years) if (lists.holidays.length === 0) years.delete(year);
  return (byYear = years);
}

/** The chinese-days entries for a year, or undefined for a year the package has no data for. */
export function packageYear(year: number): Readonly<PackageYear> | undefined {
  return index().get(year);
}

/** The years chinese-days has data for, ascending (2004–2026 in 1.5.7). */
export function packageYears(): number[] {
  return [...index().keys()].sort((a, b) => a - b);
}
