/**
 * Reads a year's holidays and adjusted working days (调休上班) from what an administrator pastes:
 * dates one per line or separated by commas, ranges (2027-02-06~2027-02-12), or the wording of
 * the State Council's notice ("春节：2月6日（周六）至12日（周五）放假调休，共7天。2月14日（周日）、
 * 2月20日（周六）上班。"). Pure: it reports what it understood and what it could not use.
 */

export interface DayEntry {
  date: string;
  name?: string;
  /** 1-based line of the text it came from. */
  line: number;
}

export interface Understood {
  kind: 'holiday' | 'workday';
  from: string;
  to: string;
  days: number;
  name?: string;
  /** The name as written, when it was stored under another spelling (国庆节、中秋节 → 国庆节). */
  writtenName?: string;
  line: number;
}

export interface TextIssue {
  line: number;
  text: string;
  message: string;
}

export interface ParsedSchedule {
  holidays: DayEntry[];
  workdays: DayEntry[];
  understood: Understood[];
  issues: TextIssue[];
  /** Dates listed both as a day off and as a working day (the API refuses them). */
  conflicts: string[];
}

/** The longest holiday a notice gives is 8–9 days; a range far longer is a typing slip. */
const MAX_RANGE_DAYS = 31;
export const HOLIDAY_NAME_MAX = 20;

/** As chinese-days spells them, so that duties due before 春节 or 端午 find the loaded year's dates. */
const NAME_SPELLINGS: Record<string, string> = {
  元旦: '元旦',
  元旦节: '元旦',
  春节: '春节',
  清明: '清明',
  清明节: '清明',
  劳动节: '劳动节',
  五一: '劳动节',
  五一劳动节: '劳动节',
  端午: '端午',
  端午节: '端午',
  中秋: '中秋',
  中秋节: '中秋',
  国庆: '国庆节',
  国庆节: '国庆节',
};
const KNOWN_NAME = new RegExp(Object.keys(NAME_SPELLINGS).sort((a, b) => b.length - a.length).join('|'), 'g');

const WORK = /上班|补班|工作日|workday/i;
const OFF = /放假|休息|休假|holiday/i;
const MARKERS = /至|到|放假调休|放假|不调休|调休|休息|休假|上班|补班|工作日|共?\s*\d+\s*天|周[一二三四五六日天]|星期[一二三四五六日天]|holiday|workday/gi;
const PUNCTUATION = /[\s，,、。；;：:~～\-—–－"'“”‘’[\]【】|/\\]+/g;
const CONNECTOR = /^\s*(?:~|～|至|到|—+|–|－|-)\s*$/;

// Longest forms first: 2027-02-06, 2027年2月6日, 20270206, 2月6日, then a bare 12日 (a range's end).
const DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)|(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|(?<!\d)(\d{1,2})\s*[日号]/g;

interface Token {
  year?: number;
  month?: number;
  day: number;
  start: number;
  end: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function* daysFrom(from: string, to: string): Generator<string> {
  const day = new Date(`${from}T00:00:00Z`);
  const last = new Date(`${to}T00:00:00Z`).getTime();
  while (day.getTime() <= last) {
    yield day.toISOString().slice(0, 10);
    day.setUTCDate(day.getUTCDate() + 1);
  }
}

const spanDays = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(DATE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (m[1]) tokens.push({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), start, end });
    else if (m[4]) tokens.push({ year: Number(m[4]), month: Number(m[5]), day: Number(m[6]), start, end });
    else if (m[7]) tokens.push({ month: Number(m[7]), day: Number(m[8]), start, end });
    else tokens.push({ day: Number(m[9]), start, end });
  }
  return tokens;
}

/** 国庆节、中秋节 → 国庆节 (one name per date: the first); unknown names as written, if short enough. */
function spelled(written: string): string | undefined {
  const first = written.split(/[、和及与,，/]/)[0].trim();
  const name = NAME_SPELLINGS[first] ?? first;
  return name && name.length <= HOLIDAY_NAME_MAX ? name : undefined;
}

/** What is left of a clause once dates, markers and punctuation are gone: a holiday's name, 休 or 班. */
function leftover(clause: string): string {
  return clause.replace(DATE, ' ').replace(MARKERS, ' ').replace(PUNCTUATION, '').trim();
}

type Kind = 'holiday' | 'workday';

function markerOf(text: string): Kind | null {
  const work = WORK.test(text);
  const off = OFF.test(text);
  if (work && !off) return 'workday';
  if (off && !work) return 'holiday';
  const rest = leftover(text);
  if (rest === '班') return 'workday';
  if (rest === '休') return 'holiday';
  return null;
}

export function parseScheduleText(text: string, year: number): ParsedSchedule {
  const holidays = new Map<string, DayEntry>();
  const workdays = new Map<string, DayEntry>();
  const understood: Understood[] = [];
  const issues: TextIssue[] = [];

  const add = (kind: Kind, date: string, line: number, name?: string) => {
    const into = kind === 'holiday' ? holidays : workdays;
    const known = into.get(date);
    if (!known) into.set(date, { date, line, ...(kind === 'holiday' && name ? { name } : {}) });
    else if (kind === 'holiday' && name && !known.name) known.name = name;
  };

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const original = raw.trim();
    if (!original) return;
    const issue = (message: string) => issues.push({ line, text: original, message });
    // Weekdays and lunar dates in brackets only repeat what the date says.
    let rest = original.replace(/（[^）]*）|\([^)]*\)/g, ' ');

    // 一、春节： / 春节: / 上班： at the start names the line's holiday, or says what its dates are.
    let lineName: string | undefined;
    let writtenName: string | undefined;
    let lineKind: Kind | null = null;
    const prefix = rest.match(/^\s*(?:[一二三四五六七八九十]+、|\d{1,2}\s*[.、．]\s*)?([^\d：:，,。；;]{1,30}?)\s*[：:]/);
    if (prefix) {
      lineKind = markerOf(prefix[1]);
      if (!lineKind) {
        writtenName = prefix[1].trim();
        lineName = spelled(writtenName);
        if (!lineName) issue(`节日名称“${writtenName}”超过 ${HOLIDAY_NAME_MAX} 个字，已按无名称处理。`);
      }
      rest = rest.slice(prefix[0].length);
    }
    const namesInLine = [...new Set([...rest.matchAll(KNOWN_NAME)].map((m) => NAME_SPELLINGS[m[0]]))];
    let lastYear = year;
    let lastMonth: number | undefined = undefined;
    let found = 0;

    for (const sentence of rest.split(/[。；;]/)) {
      const sentenceKind = markerOf(sentence);
      const clauses = sentence.split(/[，,]/);
      const clauseKinds = clauses.map((c) => (tokensOf(c).length || WORK.test(c) || OFF.test(c) ? markerOf(c) : null));
      clauses.forEach((clause, ci) => {
        const tokens = tokensOf(clause);
        if (!tokens.length) return;
        // The clause's own word, else the sentence's, else the line's, else the next or previous clause's.
        const kind: Kind =
          clauseKinds[ci] ??
          sentenceKind ??
          lineKind ??
          clauseKinds.slice(ci + 1).find((k) => k !== null) ??
          [...clauseKinds.slice(0, ci)].reverse().find((k) => k !== null) ??
          'holiday';
        const own = leftover(clause);
        const clauseName = own && own !== '休' && own !== '班' && !/\d/.test(own) ? spelled(own) : undefined;
        const name = kind === 'holiday' ? (lineName ?? clauseName ?? (namesInLine.length === 1 ? namesInLine[0] : undefined)) : undefined;
        const written = kind === 'holiday' ? (lineName ? writtenName : clauseName ? own : undefined) : undefined;

        // A date without a year is in the year of the line's last full date (else the one loaded);
        // one without a month is in the month before it (至12日). A range's end in an earlier month
        // is in the next year (12月31日至1月2日).
        const resolve = (t: Token, start?: { y: number; m: number }): { y: number; m: number; d: number } | null => {
          if (t.year !== undefined && t.month !== undefined) return { y: t.year, m: t.month, d: t.day };
          if (t.month !== undefined) return { y: start && t.month < start.m ? start.y + 1 : (start?.y ?? lastYear), m: t.month, d: t.day };
          if (start) return { y: start.y, m: start.m, d: t.day };
          return lastMonth === undefined ? null : { y: lastYear, m: lastMonth, d: t.day };
        };

        for (let i = 0; i < tokens.length; i++) {
          const t = tokens[i];
          const next = tokens[i + 1];
          const ranged = next && CONNECTOR.test(clause.slice(t.end, next.start));
          const from = resolve(t);
          if (!from) {
            issue(`“${clause.slice(t.start, t.end).trim()}”没有写月份，无法确定日期。`);
            continue;
          }
          if (t.year !== undefined) lastYear = from.y;
          lastMonth = from.m;
          if (!realDate(from.y, from.m, from.d)) {
            issue(`${from.y}年${from.m}月${from.d}日不是有效日期，已略过。`);
            if (ranged) i++;
            continue;
          }
          let to = from;
          if (ranged) {
            const end = resolve(next, from);
            i++;
            if (!end || !realDate(end.y, end.m, end.d)) {
              issue(`“${clause.slice(t.start, next.end).trim()}”的结束日期无效，已略过。`);
              continue;
            }
            if (next.year !== undefined) lastYear = end.y;
            lastMonth = end.m;
            to = end;
          }
          const fromIso = iso(from.y, from.m, from.d);
          const toIso = iso(to.y, to.m, to.d);
          if (toIso < fromIso) {
            issue(`${fromIso} 至 ${toIso}：结束日期早于开始日期，已略过。`);
            continue;
          }
          if (spanDays(fromIso, toIso) > MAX_RANGE_DAYS) {
            issue(`${fromIso} 至 ${toIso} 超过 ${MAX_RANGE_DAYS} 天，请检查是否写错，已略过。`);
            continue;
          }
          const inYear = [...daysFrom(fromIso, toIso)].filter((d) => Number(d.slice(0, 4)) === year);
          const outside = spanDays(fromIso, toIso) - inYear.length;
          const span = fromIso === toIso ? fromIso : `${fromIso} 至 ${toIso}`;
          if (outside && !inYear.length) issue(`${span} 不在 ${year} 年，已略过。`);
          else if (outside) issue(`${span} 有 ${outside} 天不在 ${year} 年，只取 ${year} 年的日期。`);
          if (!inYear.length) continue;
          for (const d of inYear) add(kind, d, line, name);
          found++;
          understood.push({
            kind,
            from: inYear[0],
            to: inYear[inYear.length - 1],
            days: inYear.length,
            line,
            ...(name ? { name } : {}),
            ...(name && written && written !== name ? { writtenName: written } : {}),
          });
        }
      });
    }
    if (!found && (WORK.test(rest) || OFF.test(rest)) && /\d/.test(rest) && !issues.some((i) => i.line === line)) {
      issue('这一行提到放假或上班，但没有识别出日期（请写成 2027-02-06 或 2月6日）。');
    }
  });

  const byDate = (a: DayEntry, b: DayEntry) => a.date.localeCompare(b.date);
  const conflicts = [...holidays.keys()].filter((d) => workdays.has(d)).sort();
  for (const date of conflicts) {
    issues.push({ line: workdays.get(date)!.line, text: '', message: `${date} 同时列为放假（第 ${holidays.get(date)!.line} 行）和调休上班，同一天只能是其中一种。` });
  }
  return { holidays: [...holidays.values()].sort(byDate), workdays: [...workdays.values()].sort(byDate), understood, issues, conflicts };
}

/** The request body: each holiday with its name when it has one. */
export function scheduleBody(parsed: Pick<ParsedSchedule, 'holidays' | 'workdays'>) {
  return {
    holidays: parsed.holidays.map((h) => (h.name ? { date: h.date, name: h.name } : h.date)),
    workdays: parsed.workdays.map((w) => w.date),
  };
}

/** A year as text this parser reads back: one line per run of named days off, then the working days. */
export function scheduleAsText(days: { holidays: string[]; workdays: string[]; names: Map<string, string> }): string {
  const sorted = [...new Set(days.holidays)].sort();
  const lines: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (!run.length) return;
    const name = days.names.get(run[0]);
    lines.push(`${run.length > 1 ? `${run[0]}~${run[run.length - 1]}` : run[0]} ${name ?? ''} 放假`.replace(/\s+/g, ' '));
    run = [];
  };
  for (const date of sorted) {
    const previous = run[run.length - 1];
    const contiguous = previous && spanDays(previous, date) === 2 && days.names.get(previous) === days.names.get(date);
    if (!contiguous) flush();
    run.push(date);
  }
  flush();
  if (days.workdays.length) lines.push(`调休上班：${[...days.workdays].sort().join('、')}`);
  return lines.join('\n');
}
