import { z } from 'zod';
import { METRICS, REPORT_KINDS } from './metrics';

type AssessedKind = (typeof REPORT_KINDS)[number];

/** How much each rate counts in a unit's score, per kind. */
export type RankingWeights = Record<AssessedKind, Record<string, number>>;

/**
 * The documented defaults (version 1): timeliness and the caller's verdict weigh most; a rate
 * where lower is better counts as its complement (1 − 退回率).
 */
export const DEFAULT_WEIGHTS: RankingWeights = {
  rectification: { onTime: 0.5, rework: 0.2, returned: 0.15, extended: 0.15 },
  hotline: { signedOnTime: 0.2, repliedOnTime: 0.3, returned: 0.1, redone: 0.1, satisfied: 0.3 },
};

const rateKeys = (kind: AssessedKind) => METRICS[kind].filter((m) => m.shape === 'rate' && m.key !== 'basicallySatisfied').map((m) => m.key);

const weightsOf = (kind: AssessedKind) =>
  z.record(z.string(), z.number({ error: 'must be a number' }).min(0, { error: 'must be 0 or more' }).max(100, { error: 'must be at most 100' })).superRefine((w, ctx) => {
    for (const key of Object.keys(w)) {
      if (!rateKeys(kind).includes(key)) ctx.addIssue({ code: 'custom', path: [key], message: `not a rate of ${kind}; one of: ${rateKeys(kind).join(', ')}`, params: { code: 'not_in_list' } });
    }
    if (!Object.values(w).some((v) => v > 0)) ctx.addIssue({ code: 'custom', message: 'at least one weight must be above 0', params: { code: 'too_small' } });
  });

export const rankingWeightsSchema = z.strictObject({ rectification: weightsOf('rectification'), hotline: weightsOf('hotline') });

export interface RankedFigure {
  rate: number | null;
  weight: number;
}

/**
 * A unit's score, 0–100: the weighted mean of its rates (complemented where lower is better) over
 * the rates it has; null when it has none (nothing assessed in the period), so it is not ranked.
 */
export function scoreOf(kind: AssessedKind, weights: Record<string, number>, rates: Record<string, number | null>): number | null {
  let sum = 0;
  let total = 0;
  for (const metric of METRICS[kind]) {
    const weight = weights[metric.key] ?? 0;
    const rate = rates[metric.key];
    if (!weight || rate === null || rate === undefined) continue;
    sum += weight * (metric.lowerIsBetter ? 1 - rate : rate);
    total += weight;
  }
  return total === 0 ? null : Math.round((sum / total) * 10_000) / 100;
}
