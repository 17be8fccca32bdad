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

// Times and deadlines read the same on screen, on paper and in the server's CSV.
import { beijingDeadline, beijingTime } from '../../../../libs/workflow/src/trail-text';

export const formatDateTime = beijingTime;
export const formatDeadline = beijingDeadline;

export function formatDate(iso: string | null | undefined): string {
  const date = parse(iso);
  if (!date) return '—';
  const p = shanghaiParts(date);
  return `${p.year}-${p.month}-${p.day}`;
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

/** How long ago a deadline passed: minutes or hours within a day, then working days (when the API counted them) or days. */
export function overdueText(dueAt: string, workdaysLeft: number | null, now = Date.now()): string {
  const due = parse(dueAt);
  if (!due) return '已超期';
  const minutes = Math.max(1, Math.floor((now - due.getTime()) / 60_000));
  if (minutes < 60) return `已超期 ${minutes} 分钟`;
  if (minutes < 24 * 60) return `已超期 ${Math.floor(minutes / 60)} 小时`;
  if (typeof workdaysLeft === 'number' && workdaysLeft < 0) return `已超期 ${-workdaysLeft} 个工作日`;
  return `已超期 ${Math.floor(minutes / (24 * 60))} 天`;
}

export interface DeadlineStatus {
  /** 剩余时间, 已超期 or 已办结: what the value below says. */
  label: string;
  text: string;
  overdue: boolean;
}

/**
 * Where a case stands against its deadline, in words: time left, how long overdue (never 今日到期
 * once the time has passed), suspended, or closed and when.
 */
export function deadlineStatus(
  item: { state: string; stateDetail?: string; dueAt: string | null; workdaysLeft: number | null; suspended: boolean; closedAt: string | null },
  now = Date.now(),
): DeadlineStatus {
  if (item.state === 'closed') {
    const word = item.stateDetail === 'closed.withdrawn' ? '已撤销' : '已办结';
    return { label: '办结', text: item.closedAt ? `${word}（${formatDateTime(item.closedAt)}）` : word, overdue: false };
  }
  if (item.suspended) return { label: '剩余时间', text: '已挂起，计时暂停', overdue: false };
  const due = parse(item.dueAt);
  if (!due) return { label: '剩余时间', text: '未设期限', overdue: false };
  if (due.getTime() <= now) return { label: '超期', text: overdueText(item.dueAt!, item.workdaysLeft, now), overdue: true };
  if (typeof item.workdaysLeft === 'number') {
    // Due later today: hours say more than 今日到期.
    const hours = (due.getTime() - now) / 3_600_000;
    // A deadline over a weekend or holiday is no working day away, yet not today either.
    if (item.workdaysLeft <= 0 && hours > 24) return { label: '剩余时间', text: timeLeft(item.dueAt, now), overdue: false };
    if (item.workdaysLeft <= 0) {
      return { label: '剩余时间', text: hours < 1 ? `今日到期（剩余 ${Math.max(1, Math.ceil(hours * 60))} 分钟）` : `今日到期（剩余 ${Math.floor(hours)} 小时）`, overdue: false };
    }
    return { label: '剩余时间', text: workdaysLeftText(item.workdaysLeft), overdue: false };
  }
  return { label: '剩余时间', text: timeLeft(item.dueAt, now), overdue: false };
}
