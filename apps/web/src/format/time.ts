const SHANGHAI = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function shanghaiParts(instant: Date): Record<string, string> {
  return Object.fromEntries(dateTimeFormat.formatToParts(instant).map((p) => [p.type, p.value]));
}

const parse = (iso: string | null | undefined): Date | null => {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** YYYY-MM-DD HH:mm in Asia/Shanghai, whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  const date = parse(iso);
  if (!date) return '—';
  const p = shanghaiParts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatDate(iso: string | null | undefined): string {
  const date = parse(iso);
  if (!date) return '—';
  const p = shanghaiParts(date);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * A deadline given as a date means the end of that day (24:00 Shanghai); say it that way
 * instead of showing the next day at 00:00.
 */
export function formatDeadline(iso: string | null | undefined): string {
  const date = parse(iso);
  if (!date) return '—';
  const p = shanghaiParts(date);
  if (p.hour === '00' && p.minute === '00') {
    const dayBefore = shanghaiParts(new Date(date.getTime() - 60_000));
    return `${dayBefore.year}-${dayBefore.month}-${dayBefore.day} 24:00`;
  }
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A date input's value (YYYY-MM-DD, Shanghai) as the start or end of that day, with offset. */
export function dayBoundary(day: string, edge: 'start' | 'end'): string {
  return edge === 'start' ? `${day}T00:00:00+08:00` : `${day}T23:59:59.999+08:00`;
}

export function todayInShanghai(): string {
  const p = shanghaiParts(new Date());
  return `${p.year}-${p.month}-${p.day}`;
}

/** Time left until a deadline, in words; calendar time (the API's working days are preferred when given). */
export function timeLeft(dueAt: string | null, now = Date.now()): string {
  const due = parse(dueAt);
  if (!due) return '—';
  const ms = due.getTime() - now;
  const hours = Math.abs(ms) / 3_600_000;
  const amount = hours < 24 ? `${Math.max(1, Math.ceil(hours))} 小时` : `${Math.floor(hours / 24)} 天`;
  return ms >= 0 ? `剩余 ${amount}（自然日）` : `已超期 ${amount}`;
}

export function workdaysLeftText(workdays: number): string {
  if (workdays > 0) return `剩余 ${workdays} 个工作日`;
  if (workdays === 0) return '今日到期';
  return `已超期 ${-workdays} 个工作日`;
}
