import { z } from 'zod';

export const TITLE_MAX = 200;
export const TEXT_MAX = 10_000;

/** A required piece of prose: trimmed, non-empty, capped. */
export const requiredText = (max = TEXT_MAX) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` });

export const optionalText = (max = TEXT_MAX) => requiredText(max).optional();

export const uuid = () => z.uuid({ error: 'must be a UUID' });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A deadline given as a date (`2026-12-31`, meaning the end of that day in Asia/Shanghai) or an
 * ISO instant with an offset; normalised to an ISO instant.
 */
export const deadline = () =>
  z
    .string({ error: 'must be a date (YYYY-MM-DD) or an ISO date-time with offset' })
    .refine((s) => ISO_DATE.test(s) || ISO_DATETIME.test(s), {
      error: 'must be a date (YYYY-MM-DD) or an ISO date-time with offset',
      params: { code: 'invalid_date' },
    })
    .transform((s, ctx) => {
      const instant = ISO_DATE.test(s) ? endOfShanghaiDay(s) : new Date(s);
      if (Number.isNaN(instant.getTime()) || (ISO_DATE.test(s) && !isRealDate(s))) {
        ctx.addIssue({ code: 'custom', message: 'is not a real date', params: { code: 'invalid_date' } });
        return z.NEVER;
      }
      const year = instant.getUTCFullYear();
      if (year < 2000 || year > 2100) {
        ctx.addIssue({ code: 'custom', message: 'must be between the years 2000 and 2100', params: { code: 'invalid_date' } });
        return z.NEVER;
      }
      return instant.toISOString();
    });

function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** 24:00 of the given date in Asia/Shanghai (UTC+08:00, no daylight saving). */
export function endOfShanghaiDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1) - 8 * 3600_000);
}
