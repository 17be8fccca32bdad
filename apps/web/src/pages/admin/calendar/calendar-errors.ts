import { ApiError } from '../../../api/http-client';
import type { DayEntry } from './schedule-text';
import { adminFieldText } from '../admin-problem-text';

export interface SentSchedule {
  holidays: DayEntry[];
  workdays: DayEntry[];
}

/**
 * The API names a refused entry by its place in what was sent (holidays[3]); a person knows it
 * by the line they typed. Each refusal becomes "第 5 行（2027-02-14）：…" in Chinese.
 */
export function calendarRefusals(error: unknown, sent: SentSchedule, year: number): string[] | null {
  if (!(error instanceof ApiError) || error.problem.code !== 'VALIDATION_FAILED' || !error.problem.errors?.length) return null;
  return error.problem.errors.map((e) => {
    const place = e.field.match(/^(holidays|workdays)\[(\d+)\]$/);
    const entry = place ? sent[place[1] as 'holidays' | 'workdays'][Number(place[2])] : undefined;
    const where = entry ? `第 ${entry.line} 行（${entry.date}）：` : '';
    const list = place?.[1] === 'workdays' ? '调休上班' : '放假';
    const also = e.message.match(/also listed at (holidays|workdays)\[(\d+)\]/);
    const other = also ? sent[also[1] as 'holidays' | 'workdays'][Number(also[2])] : undefined;
    let text: string;
    if (/not in \d{4}/.test(e.message)) text = `不在 ${year} 年`;
    else if (/listed twice/.test(e.message)) text = `在${list}中重复列出`;
    else if (/cannot be both/.test(e.message)) text = `同一天不能既放假又调休上班${other ? `（另见第 ${other.line} 行）` : ''}`;
    else if (/real calendar date/.test(e.message)) text = '不是有效日期（应为 年-月-日）';
    else if (/the name of (\S+) must be/.test(e.message)) text = `${e.message.match(/the name of (\S+)/)?.[1]} 的节日名称须为 1–20 个字`;
    else if (/is named .* but is not one of the holidays/.test(e.message)) text = '有名称的日期必须列为放假';
    else if (/at most \d+ entries/.test(e.message)) text = `${list}日期过多（一年最多 366 天）`;
    else text = adminFieldText(e);
    return `${where}${text}。`;
  });
}
