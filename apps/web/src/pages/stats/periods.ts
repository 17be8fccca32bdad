import { todayInShanghai } from '../../format/time';

export interface Period {
  id: string;
  label: string;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number) => {
  // Months past December roll into the next year.
  const year = y + Math.floor((m - 1) / 12);
  const month = ((((m - 1) % 12) + 12) % 12) + 1;
  return `${year}-${pad(month)}-01`;
};

/** 本月, 上月, 本季度, 本年 as [from, to) Asia/Shanghai days, from today in Beijing time. */
export function presetPeriods(today = todayInShanghai()): Period[] {
  const [y, m] = today.split('-').map(Number);
  const q = Math.floor((m - 1) / 3) * 3 + 1;
  return [
    { id: 'month', label: '本月', from: day(y, m), to: day(y, m + 1) },
    { id: 'last-month', label: '上月', from: day(y, m - 1), to: day(y, m) },
    { id: 'quarter', label: '本季度', from: day(y, q), to: day(y, q + 3) },
    { id: 'year', label: '本年', from: `${y}-01-01`, to: `${y + 1}-01-01` },
  ];
}

/** The months of the year up to this one, for the trend chart. */
export function monthsOfYear(today = todayInShanghai()): Period[] {
  const [y, m] = today.split('-').map(Number);
  return Array.from({ length: m }, (_, i) => ({ id: `m${i + 1}`, label: `${i + 1}月`, from: day(y, i + 1), to: day(y, i + 2) }));
}

/** The last day a period includes (its `to` is the day after). */
export function lastDayOf(period: { to: string }): string {
  const d = new Date(`${period.to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function nextDay(dayText: string): string {
  const d = new Date(`${dayText}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
