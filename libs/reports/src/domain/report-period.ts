import { type FieldError } from '@app/workflow';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** A report covers at most a year and a bit (a year's report with its last day). */
const MAX_DAYS = 400;

export interface ReportPeriod {
  /** Asia/Shanghai days, `to` exclusive. */
  from: string;
  to: string;
  fromInstant: Date;
  toInstant: Date;
}

/** 00:00 of the day in Asia/Shanghai. */
export const startOfShanghaiDay = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

function isRealDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** [from, to) as Asia/Shanghai days; what is wrong with them otherwise. */
export function parsePeriod(from: string, to: string): ReportPeriod | FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (!ISO_DATE.test(value) || !isRealDay(value)) errors.push({ field, code: 'invalid_date', message: 'must be a date YYYY-MM-DD' });
  }
  if (errors.length) return errors;
  const fromInstant = startOfShanghaiDay(from);
  const toInstant = startOfShanghaiDay(to);
  if (toInstant <= fromInstant) return [{ field: 'to', code: 'conflict', message: 'must be after from (the period is [from, to))' }];
  if ((toInstant.getTime() - fromInstant.getTime()) / DAY_MS > MAX_DAYS) return [{ field: 'to', code: 'too_large', message: `a period is at most ${MAX_DAYS} days` }];
  return { from, to, fromInstant, toInstant };
}
