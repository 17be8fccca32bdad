import { WorkingCalendar } from '@app/calendar';
import { countCases, statusOf, worse } from './cell-status';
import { periodsOf } from './obligation-periods';
import { planObligations, unitsOf } from './planned-obligations';
import { listItemsSchema, type Obligation } from './responsibility-list';

const calendar = new WorkingCalendar();
const duty = (schedule: Obligation['schedule']): Obligation => ({ key: 'k', title: '事项', schedule, appliesTo: 'departments' });
const dueDates = (schedule: Obligation['schedule'], year = 2026) => periodsOf(duty(schedule), year, calendar, 'o').periods.map((p) => [p.period, p.dueDate]);

describe('periods of a duty', () => {
  it('places a once duty on its date or on the n-th working day of the year', () => {
    expect(dueDates({ type: 'once', due: '03-31' })).toEqual([['2026', '2026-03-31']]);
    // 1–3 January are 元旦 and Sunday 4 January is an adjusted working day.
    expect(dueDates({ type: 'once', due: '20wd-after-start' })).toEqual([['2026', '2026-01-29']]);
  });

  it('gives a half-yearly report two periods, the second due in the next January', () => {
    expect(dueDates({ type: 'periodic', every: 'half-year', dueAfterPeriod: '15d' })).toEqual([
      ['2026-H1', '2026-07-15'],
      ['2026-H2', '2027-01-15'],
    ]);
    expect(dueDates({ type: 'periodic', every: 'quarter', dueAfterPeriod: '10wd' }).map(([p]) => p)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(dueDates({ type: 'periodic', every: 'month', dueAfterPeriod: '5d' })).toHaveLength(12);
  });

  it('makes a count duty one period that needs that many accepted submissions', () => {
    const { periods } = periodsOf(duty({ type: 'count', min: 2, by: '12-31' }), 2026, calendar, 'o');
    expect(periods).toEqual([expect.objectContaining({ period: '2026', dueDate: '2026-12-31', requiredCount: 2, dueAt: '2026-12-31T16:00:00.000Z' })]);
  });

  it('dates a before-holidays duty n working days before each holiday begins, from the 2026 calendar', () => {
    // 春节 2026 runs 02-15..23; Saturday 02-14 is an adjusted working day, so 3wd before is 02-12.
    expect(dueDates({ type: 'before-holidays', holidays: ['春节', '劳动节', '端午'], lead: '3wd' })).toEqual([
      ['2026-春节', '2026-02-12'],
      ['2026-劳动节', '2026-04-28'],
      ['2026-端午', '2026-06-16'],
    ]);
    expect(dueDates({ type: 'before-holidays', holidays: ['春节'], lead: '1wd' })).toEqual([['2026-春节', '2026-02-14']]);
    // 元旦 is the one that ends the year: 1 January 2027, law-fixed while 2027's schedule is not out.
    expect(dueDates({ type: 'before-holidays', holidays: ['元旦'], lead: '3wd' })).toEqual([['2026-元旦', '2026-12-29']]);
  });

  it('refuses a holiday the year has no named date for, and a date the year lacks', () => {
    const none = periodsOf(duty({ type: 'before-holidays', holidays: ['春节'], lead: '3wd' }), 2031, calendar, 'items[0].obligations[0]');
    expect(none.errors).toEqual([expect.objectContaining({ field: 'items[0].obligations[0].schedule.holidays', message: expect.stringContaining('春节') })]);
    const leap = periodsOf(duty({ type: 'once', due: '02-29' }), 2027, calendar, 'o');
    expect(leap.errors[0]).toMatchObject({ field: 'o.schedule.due' });
  });

  it('takes holiday names an administrator loaded for a year the package lacks', () => {
    const loaded = new WorkingCalendar([{ year: 2031, holidays: ['2031-01-22', '2031-01-23'], workdays: [], holidayNames: { '2031-01-22': '春节', '2031-01-23': '春节' } }]);
    expect(periodsOf(duty({ type: 'before-holidays', holidays: ['春节'], lead: '2wd' }), 2031, loaded, 'o').periods.map((p) => p.dueDate)).toEqual(['2031-01-20']);
  });

  it('generates nothing for a continuous duty', () => {
    expect(dueDates({ type: 'continuous', measure: 'rectification' })).toEqual([]);
  });
});

describe('planning a list', () => {
  const units = [
    { id: 'county', parentId: null },
    { id: 'a', parentId: 'county' },
    { id: 'b', parentId: 'county' },
    { id: 'a-1', parentId: 'a' },
  ];
  it('applies to departments (the units right under the county) or to the units named', () => {
    expect(unitsOf('departments', units)).toEqual(['a', 'b']);
    expect(unitsOf(['a-1'], units)).toEqual(['a-1']);
  });

  it('plans one case per unit × duty × period and names unknown units by field', () => {
    const items = listItemsSchema.parse([
      { no: 9, text: '意识形态', obligations: [duty({ type: 'periodic', every: 'half-year', dueAfterPeriod: '15d' }), { ...duty({ type: 'count', min: 2, by: '12-31' }), key: 'k2' }] },
    ]);
    expect(planObligations(2026, items, units, calendar).planned).toHaveLength(2 * (2 + 1));
    const bad = planObligations(2026, [{ ...items[0], obligations: [{ ...items[0].obligations[0], appliesTo: ['00000000-0000-4000-8000-000000000000'] }] }], units, calendar);
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'items[0].obligations[0].appliesTo', code: 'not_found' })]);
  });

  it('refuses a key or an item number used twice', () => {
    const result = listItemsSchema.safeParse([
      { no: 1, text: 'x', obligations: [duty({ type: 'once', due: '03-31' }), duty({ type: 'once', due: '06-30' })] },
      { no: 1, text: 'y' },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['0.obligations.1.key', '1.no']));
  });
});

describe('matrix cells', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const c = (state: string, stateDetail: string, dueAt: string | null, warnAt: string | null = null, acceptedCount = 0) => ({ state, stateDetail, dueAt, warnAt, acceptedCount });

  it('is 超期 when any open period is past due, 预警 when warned, 完成 when all are done', () => {
    const late = [c('closed', 'closed', null), c('assigned', 'assigned', '2026-05-01T00:00:00Z')];
    expect(statusOf(late, countCases(late, now))).toBe('超期');
    const warned = [c('assigned', 'assigned', '2026-06-05T00:00:00Z', '2026-05-30T00:00:00Z')];
    expect(statusOf(warned, countCases(warned, now))).toBe('预警');
    const done = [c('closed', 'closed', null)];
    expect(countCases(done, now)).toEqual({ total: 1, done: 1, open: 0, warning: 0, overdue: 0 });
    expect(statusOf(done, countCases(done, now))).toBe('完成');
  });

  it('tells 未开始 from 进行中 by whether anything was submitted', () => {
    const fresh = [c('assigned', 'assigned', '2026-12-31T00:00:00Z')];
    expect(statusOf(fresh, countCases(fresh, now))).toBe('未开始');
    const submitted = [c('rectifying', 'rectifying.awaitingVerification', '2026-12-31T00:00:00Z')];
    expect(statusOf(submitted, countCases(submitted, now))).toBe('进行中');
    expect(statusOf([], countCases([], now))).toBe('不适用');
  });

  it('combines the duties of one item by the worse status', () => {
    expect(worse('完成', '超期')).toBe('超期');
    expect(worse('不适用', '完成')).toBe('完成');
    expect(worse('完成', '未开始')).toBe('进行中');
  });
});
