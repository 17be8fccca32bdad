/** `wd` working days, `h` hours, `m` minutes (not months), `s` seconds. */
export const DURATION_UNITS = ['wd', 'h', 'm', 's'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export type Duration = { amount: number; unit: DurationUnit };

export const DURATION_MAX_AMOUNT = 999_999;

/** A whole, non-negative amount without leading zeros, then the unit: `5wd`, `24h`, `30m`, `10s`. */
export const DURATION_PATTERN = /^(0|[1-9][0-9]{0,5})(wd|h|m|s)$/;

export function isDurationString(value: unknown): value is string {
  return typeof value === 'string' && DURATION_PATTERN.test(value);
}

export function parseDuration(text: string): Duration {
  const match = typeof text === 'string' ? DURATION_PATTERN.exec(text) : null;
  if (!match) {
    throw new RangeError(`Invalid duration ${JSON.stringify(text)}: expected a whole number then wd, h, m or s (5wd)`);
  }
  return { amount: Number(match[1]), unit: match[2] as DurationUnit };
}

export function formatDuration(duration: Duration): string {
  assertDuration(duration);
  return `${duration.amount}${duration.unit}`;
}

export function assertDuration(duration: Duration): void {
  const { amount, unit } = duration;
  const amountValid = Number.isInteger(amount) && amount >= 0 && amount <= DURATION_MAX_AMOUNT;
  if (!amountValid || !(DURATION_UNITS as readonly string[]).includes(unit)) {
    throw new RangeError(
      `Invalid duration ${JSON.stringify(duration)}: ` +
        `expected a whole amount from 0 to ${DURATION_MAX_AMOUNT} and a unit of wd, h, m or s`,
    );
  }
}
