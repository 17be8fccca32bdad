/** A calendar date in Asia/Shanghai, written `YYYY-MM-DD`. */
export type IsoDate = string;

export const DAY_MS = 86_400_000;
// Asia/Shanghai is a fixed UTC+08:00 (no DST since 1991); the zone database is never consulted.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real date in the form `YYYY-MM-DD` (so `2026-02-30` and `2026-2-3` are rejected). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= MIN_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function assertIsoDate(value: unknown): asserts value is IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
}

export function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}`);
  }
}

/** Days since 1970-01-01 for a valid IsoDate. */
export function toEpochDay(date: IsoDate): number {
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const t = new Date(0);
  t.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return t.getTime() / DAY_MS;
}

export function fromEpochDay(day: number): IsoDate {
  const t = new Date(day * DAY_MS);
  const year = t.getUTCFullYear();
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) throw new RangeError(`Date outside years ${MIN_YEAR}–${MAX_YEAR}`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}`;
}

export function epochDayOfYearStart(year: number): number {
  return toEpochDay(`${String(year).padStart(4, '0')}-01-01`);
}

export function yearOfEpochDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  assertIsoDate(date);
  return weekdayOfEpochDay(toEpochDay(date));
}

/** The Shanghai calendar date of an instant, whatever the server's time zone. */
export function shanghaiDate(instant: Date): IsoDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return fromEpochDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** The instant of 00:00 in Shanghai on `date`. */
export function startOfShanghaiDay(date: IsoDate): Date {
  assertIsoDate(date);
  return new Date(toEpochDay(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  assertIsoDate(date);
  if (!Number.isSafeInteger(days)) throw new RangeError(`Day count must be an integer, got ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  assertIsoDate(from);
  assertIsoDate(to);
  return toEpochDay(to) - toEpochDay(from);
}
