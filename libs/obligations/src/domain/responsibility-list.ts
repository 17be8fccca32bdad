import { z } from 'zod';
import { requiredText, TITLE_MAX, uuid } from '@app/workflow';

/** The holidays a `before-holidays` duty may name, as chinese-days and the State Council notices spell them. */
export const HOLIDAY_NAMES = ['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆节'] as const;
export const PERIODS = ['half-year', 'quarter', 'month'] as const;
export const MEASURES = ['rectification', 'hotline'] as const;
export const LIST_STATUSES = ['draft', 'published'] as const;
export const MAX_ITEMS = 100;
export const MAX_OBLIGATIONS_PER_ITEM = 20;

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const monthDay = (what: string) => z.string({ error: `${what} must be MM-DD, such as 03-31` }).regex(MONTH_DAY, { error: `${what} must be MM-DD, such as 03-31` });
const workdays = /^(\d{1,3})wd$/;
const days = /^(\d{1,3})d$/;

export const scheduleSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('once'),
      due: z.union([monthDay('due'), z.string().regex(/^\d{1,3}wd-after-start$/)], { error: 'due must be MM-DD or <n>wd-after-start (such as 20wd-after-start)' }),
    }),
    z.strictObject({
      type: z.literal('periodic'),
      every: z.enum(PERIODS, { error: `every must be one of: ${PERIODS.join(', ')}` }),
      dueAfterPeriod: z.string().regex(/^\d{1,3}(wd|d)$/, { error: 'dueAfterPeriod must be <n>wd or <n>d, such as 10wd or 15d' }),
    }),
    z.strictObject({
      type: z.literal('count'),
      min: z.number({ error: 'min must be a whole number from 1 to 100' }).int().min(1).max(100),
      by: monthDay('by'),
    }),
    z.strictObject({
      type: z.literal('before-holidays'),
      holidays: z.array(z.enum(HOLIDAY_NAMES, { error: `must be one of: ${HOLIDAY_NAMES.join('、')}` })).min(1).max(HOLIDAY_NAMES.length),
      lead: z.string().regex(workdays, { error: 'lead must be <n>wd, such as 3wd' }),
    }),
    z.strictObject({
      type: z.literal('continuous'),
      measure: z.enum(MEASURES, { error: `measure must be one of: ${MEASURES.join(', ')}` }),
    }),
  ],
  { error: 'type must be one of: once, periodic, count, before-holidays, continuous' },
);

export type Schedule = z.infer<typeof scheduleSchema>;

const obligationSchema = z.strictObject({
  key: z.string({ error: 'must be a key of letters, digits and dashes' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be a key of lower-case letters, digits and dashes' }),
  title: requiredText(TITLE_MAX),
  schedule: scheduleSchema,
  appliesTo: z.union([z.literal('departments'), z.array(uuid()).min(1).max(500)], { error: "must be 'departments' or a list of unit ids" }),
  reviewerUnitId: uuid().optional(),
});

const itemSchema = z.strictObject({
  no: z.number({ error: 'must be a whole number' }).int().min(1).max(MAX_ITEMS),
  text: requiredText(5_000),
  obligations: z.array(obligationSchema).max(MAX_OBLIGATIONS_PER_ITEM).default([]),
});

export const listItemsSchema = z
  .array(itemSchema)
  .min(1, { error: 'a list has at least one item' })
  .max(MAX_ITEMS)
  .superRefine((items, ctx) => {
    const numbers = new Set<number>();
    const keys = new Set<string>();
    items.forEach((item, i) => {
      if (numbers.has(item.no)) ctx.addIssue({ code: 'custom', path: [i, 'no'], message: `item ${item.no} is listed twice`, params: { code: 'taken' } });
      numbers.add(item.no);
      item.obligations.forEach((o, j) => {
        if (keys.has(o.key)) ctx.addIssue({ code: 'custom', path: [i, 'obligations', j, 'key'], message: `the key ${o.key} is used twice`, params: { code: 'taken' } });
        keys.add(o.key);
      });
    });
  });

export type ListItem = z.infer<typeof itemSchema>;
export type Obligation = z.infer<typeof obligationSchema>;
export type ListStatus = (typeof LIST_STATUSES)[number];

export interface ResponsibilityList {
  year: number;
  version: number;
  status: ListStatus;
  items: ListItem[];
  createdAt: string;
  createdBy: string;
}

/** `10wd` → 10 (working days); `15d` → 15 (calendar days). */
export function leadOf(text: string): { amount: number; unit: 'wd' | 'd' } {
  const wd = workdays.exec(text);
  if (wd) return { amount: Number(wd[1]), unit: 'wd' };
  return { amount: Number(days.exec(text)?.[1] ?? 0), unit: 'd' };
}

/** A schedule in the words of the list itself (年初, 每半年, 年内至少两次, 节前). */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.type) {
    case 'once':
      return schedule.due.endsWith('wd-after-start') ? `年初 ${parseInt(schedule.due, 10)} 个工作日内` : `${monthDayText(schedule.due)}前完成`;
    case 'periodic': {
      const lead = leadOf(schedule.dueAfterPeriod);
      const every = { 'half-year': '每半年', quarter: '每季度', month: '每月' }[schedule.every];
      return `${every}一次，期满后 ${lead.amount} 个${lead.unit === 'wd' ? '工作日' : '自然日'}内报送`;
    }
    case 'count':
      return `年内至少 ${schedule.min} 次，${monthDayText(schedule.by)}前`;
    case 'before-holidays':
      return `${schedule.holidays.join('、')}前 ${leadOf(schedule.lead).amount} 个工作日`;
    case 'continuous':
      return schedule.measure === 'rectification' ? '持续：以本单位整改台账办理情况衡量' : '持续：以本单位12345工单办理情况衡量';
  }
}

const monthDayText = (md: string) => `${Number(md.slice(0, 2))}月${Number(md.slice(3))}日`;
