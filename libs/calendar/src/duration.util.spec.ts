import { DURATION_PATTERN, formatDuration, isDurationString, parseDuration } from './duration.util';

describe('parseDuration', () => {
  it.each([
    ['5wd', { amount: 5, unit: 'wd' }],
    ['1wd', { amount: 1, unit: 'wd' }],
    ['0wd', { amount: 0, unit: 'wd' }],
    ['24h', { amount: 24, unit: 'h' }],
    ['30m', { amount: 30, unit: 'm' }],
    ['10s', { amount: 10, unit: 's' }],
    ['999999h', { amount: 999_999, unit: 'h' }],
  ])('parses %s', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
    expect(formatDuration(parseDuration(text))).toBe(text);
    expect(isDurationString(text)).toBe(true);
    expect(DURATION_PATTERN.test(text)).toBe(true);
  });

  it.each(['', '5', 'wd', '5d', '5w', '5 wd', ' 5wd', '5wd ', '-1wd', '+1wd', '1.5h', '05wd', '1000000h', '5WD', '1h30m', 'PT5H'])(
    'rejects %p',
    (text) => {
      expect(() => parseDuration(text)).toThrow(RangeError);
      expect(isDurationString(text)).toBe(false);
    },
  );

  it('rejects non-strings without throwing from the validator', () => {
    expect(isDurationString(5)).toBe(false);
    expect(isDurationString(null)).toBe(false);
    expect(() => parseDuration(5 as unknown as string)).toThrow(RangeError);
  });
});

describe('formatDuration', () => {
  it.each([
    [{ amount: -1, unit: 'h' as const }],
    [{ amount: 1.5, unit: 'wd' as const }],
    [{ amount: 1_000_000, unit: 's' as const }],
    [{ amount: 1, unit: 'd' as unknown as 'wd' }],
  ])('refuses %p', (duration) => expect(() => formatDuration(duration)).toThrow(RangeError));
});
