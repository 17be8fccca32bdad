import { mean, median, metricOf, partsOf, rate } from './metrics';
import { decodeCell, encodeCell } from './report-cell';
import { parsePeriod } from './report-period';

describe('report periods', () => {
  it('are Asia/Shanghai days, the end excluded', () => {
    const period = parsePeriod('2026-11-01', '2026-12-01');
    expect(period).toMatchObject({ fromInstant: new Date('2026-10-31T16:00:00Z'), toInstant: new Date('2026-11-30T16:00:00Z') });
  });

  it('refuse days that do not exist, an end not after the start, and more than a year and a bit', () => {
    expect(parsePeriod('2026-02-29', '2026-03-01')).toEqual([expect.objectContaining({ field: 'from', code: 'invalid_date' })]);
    expect(parsePeriod('2026-03-01', '2026-03-01')).toEqual([expect.objectContaining({ field: 'to', code: 'conflict' })]);
    expect(parsePeriod('2025-01-01', '2026-03-01')).toEqual([expect.objectContaining({ field: 'to', code: 'too_large' })]);
  });
});

describe('report cells', () => {
  const cell = { kind: 'hotline' as const, metric: 'satisfied', part: 'numerator' as const, unitId: null, rollup: false, from: '2026-11-01', to: '2026-12-01' };

  it('round-trip through their token', () => {
    expect(decodeCell(encodeCell(cell))).toEqual(cell);
  });

  it('refuse a token for a figure no report has', () => {
    expect(decodeCell(encodeCell({ ...cell, metric: 'happiness' }))).toBeNull();
    expect(decodeCell(encodeCell({ ...cell, metric: 'assigned' }))).toBeNull(); // a count has no numerator
    expect(decodeCell('e30')).toBeNull();
    expect(decodeCell('%%%')).toBeNull();
  });
});

describe('figures', () => {
  it('never divide by zero, and take the median of an even count as the middle two', () => {
    expect(rate(1, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(mean([])).toBeNull();
    expect(partsOf(metricOf('rectification', 'duration')!)).toEqual(['count']);
    expect(partsOf(metricOf('escalations', 'unit:通报')!)).toEqual(['count']);
  });
});
