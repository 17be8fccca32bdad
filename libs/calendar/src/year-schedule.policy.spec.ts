import { validateYearSchedule } from './year-schedule.policy';

const valid = { holidays: ['2027-01-01', '2027-02-08'], workdays: ['2027-02-06'] };

describe('validateYearSchedule', () => {
  it.each([
    ['a small schedule', 2027, valid],
    ['empty lists', 2027, { holidays: [], workdays: [] }],
    ['weekend dates inside a holiday range', 2026, { holidays: ['2026-01-01', '2026-01-02', '2026-01-03'], workdays: ['2026-01-04'] }],
    ['the first and last allowed years', 2000, { holidays: ['2000-12-31'], workdays: [] }],
    ['year 2100', 2100, { holidays: [], workdays: ['2100-01-02'] }],
  ])('accepts %s', (_name, year, input) => {
    expect(validateYearSchedule(year, input)).toEqual([]);
  });

  it.each([
    ['a year before 2000', 1999, valid, ['year']],
    ['a year after 2100', 2101, valid, ['year']],
    ['a fractional year', 2027.5, valid, ['year']],
    ['a year given as text', '2027', valid, ['year']],
    ['holidays that are not an array', 2027, { holidays: '2027-01-01', workdays: [] }, ['holidays']],
    ['workdays that are null', 2027, { holidays: [], workdays: null }, ['workdays']],
    ['both lists missing', 2027, { holidays: undefined, workdays: {} }, ['holidays', 'workdays']],
    ['an impossible date', 2027, { holidays: ['2027-01-01', '2027-02-30'], workdays: [] }, ['holidays[1]']],
    ['a date that is not a string', 2027, { holidays: [20270101], workdays: [] }, ['holidays[0]']],
    ['an unpadded date', 2027, { holidays: [], workdays: ['2027-2-6'] }, ['workdays[0]']],
    ['a date of another year', 2027, { holidays: ['2026-12-31'], workdays: ['2028-01-08'] }, ['holidays[0]', 'workdays[0]']],
    ['a duplicate holiday', 2027, { holidays: ['2027-01-01', '2027-02-08', '2027-01-01'], workdays: [] }, ['holidays[2]']],
    ['a date in both lists', 2027, { holidays: ['2027-01-01', '2027-02-06'], workdays: ['2027-02-06'] }, ['workdays[0]']],
    ['too many entries', 2027, { holidays: Array.from({ length: 367 }, () => '2027-01-01'), workdays: [] }, ['holidays']],
  ])('rejects %s', (_name, year, input, fields) => {
    expect(validateYearSchedule(year, input).map((issue) => issue.field)).toEqual(fields);
  });

  it('writes messages that name the problem', () => {
    expect(validateYearSchedule(1999, { holidays: ['2027-02-30', '2026-12-31'], workdays: 'x' })).toEqual([
      { field: 'year', message: 'must be an integer from 2000 to 2100, got 1999' },
      { field: 'holidays[0]', message: 'must be a real calendar date in the form YYYY-MM-DD, got "2027-02-30"' },
      { field: 'workdays', message: 'must be an array of dates (YYYY-MM-DD), got "x"' },
    ]);
    expect(validateYearSchedule(2027, { holidays: ['2026-12-31', '2027-01-01', '2027-01-01'], workdays: ['2027-01-01'] })).toEqual([
      { field: 'holidays[0]', message: '2026-12-31 is not in 2027' },
      { field: 'holidays[2]', message: '2027-01-01 is listed twice (also at holidays[1])' },
      {
        field: 'workdays[0]',
        message: '2027-01-01 is also listed at holidays[1]; a date cannot be both a holiday and a working day',
      },
    ]);
  });

  it('truncates long values it echoes back', () => {
    const [issue] = validateYearSchedule(2027, { holidays: ['x'.repeat(500)], workdays: [] });
    expect(issue.message.length).toBeLessThan(120);
  });
});
