import type { WorkingCalendar } from '@app/calendar';
import { endOfShanghaiDay, type FieldError } from '@app/workflow';
import { leadOf, type Obligation } from './responsibility-list';

/** One period of one duty: the case it becomes is keyed by (year, obligation key, unit, period). */
export interface ObligationPeriod {
  period: string;
  label: string;
  /** The last day (Asia/Shanghai) and the instant it ends. */
  dueDate: string;
  dueAt: string;
  requiredCount: number;
}

type Calendar = Pick<WorkingCalendar, 'addWorkdays' | 'holidayStarts'>;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function realDate(year: number, monthDay: string): string | null {
  const [m, d] = monthDay.split('-').map(Number);
  return d <= lastDayOfMonth(year, m) ? `${year}-${monthDay}` : null;
}

function plusDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度'];

/** The periods of a year a periodic duty has: their keys, labels and last days. */
function periodEnds(year: number, every: 'half-year' | 'quarter' | 'month'): { period: string; label: string; end: string }[] {
  const months = every === 'half-year' ? 6 : every === 'quarter' ? 3 : 1;
  return Array.from({ length: 12 / months }, (_, i) => {
    const endMonth = (i + 1) * months;
    const end = `${year}-${pad(endMonth)}-${pad(lastDayOfMonth(year, endMonth))}`;
    if (every === 'half-year') return { period: `${year}-H${i + 1}`, label: i === 0 ? '上半年' : '下半年', end };
    if (every === 'quarter') return { period: `${year}-Q${i + 1}`, label: QUARTERS[i], end };
    return { period: `${year}-${pad(endMonth)}`, label: `${endMonth}月`, end };
  });
}

const at = (date: string, requiredCount = 1) => ({ dueDate: date, dueAt: endOfShanghaiDay(date).toISOString(), requiredCount });

/**
 * When each holiday of the list's year begins. 元旦 is the one at the year's end (the list is
 * published after 1 January has passed); the law fixes it on 1 January when next year's schedule
 * is not out yet.
 */
function holidayStartsFor(year: number, calendar: Calendar): Map<string, string> {
  const starts = new Map(calendar.holidayStarts(year));
  starts.set('元旦', calendar.holidayStarts(year + 1).get('元旦') ?? `${year + 1}-01-01`);
  return starts;
}

/**
 * Every period of the year a duty must be met in, with its deadline, computed without I/O.
 * Refused (with the field to blame) when the year's calendar cannot place it: 02-29 in a common
 * year, or a holiday the year's calendar does not name.
 */
export function periodsOf(obligation: Obligation, year: number, calendar: Calendar, field: string): { periods: ObligationPeriod[]; errors: FieldError[] } {
  const s = obligation.schedule;
  const refuse = (message: string, where = 'schedule'): { periods: ObligationPeriod[]; errors: FieldError[] } => ({
    periods: [],
    errors: [{ field: `${field}.${where}`, code: 'invalid_date', message }],
  });
  switch (s.type) {
    case 'once': {
      if (s.due.endsWith('wd-after-start')) {
        const { date } = calendar.addWorkdays(`${year - 1}-12-31`, parseInt(s.due, 10));
        return { periods: [{ period: `${year}`, label: `${year}年度`, ...at(date) }], errors: [] };
      }
      const date = realDate(year, s.due);
      if (!date) return refuse(`${year} 年没有 ${s.due} 这一天`, 'schedule.due');
      return { periods: [{ period: `${year}`, label: `${year}年度`, ...at(date) }], errors: [] };
    }
    case 'count': {
      const date = realDate(year, s.by);
      if (!date) return refuse(`${year} 年没有 ${s.by} 这一天`, 'schedule.by');
      return { periods: [{ period: `${year}`, label: `${year}年度`, ...at(date, s.min) }], errors: [] };
    }
    case 'periodic': {
      const lead = leadOf(s.dueAfterPeriod);
      const periods = periodEnds(year, s.every).map(({ period, label, end }) => {
        const due = lead.unit === 'wd' ? calendar.addWorkdays(end, lead.amount).date : plusDays(end, lead.amount);
        return { period, label, ...at(due) };
      });
      return { periods, errors: [] };
    }
    case 'before-holidays': {
      const starts = holidayStartsFor(year, calendar);
      const missing = s.holidays.filter((name) => !starts.has(name));
      if (missing.length) {
        return refuse(`${year} 年的工作日历中没有${missing.join('、')}的日期；请先用 PUT /api/calendar/${year} 加载带节日名称的放假安排`, 'schedule.holidays');
      }
      const lead = leadOf(s.lead).amount;
      const periods = s.holidays.map((name) => {
        const start = starts.get(name)!;
        return { period: `${year}-${name}`, label: `${name}前（${Number(start.slice(5, 7))}月${Number(start.slice(8))}日放假）`, ...at(calendar.addWorkdays(start, -lead).date) };
      });
      return { periods, errors: [] };
    }
    case 'continuous':
      return { periods: [], errors: [] };
  }
}
