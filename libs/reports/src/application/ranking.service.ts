import { Inject, Injectable } from '@nestjs/common';
import { Transactions } from '@app/database';
import { type Actor, ADMIN_TRAIL, type AdminTrail, type ChangeContext, DomainError, parseOrThrow } from '@app/workflow';
import type { REPORT_KINDS } from '../domain/metrics';
import { rankingWeightsSchema, scoreOf } from '../domain/ranking';
import { RankingWeightsRepository, type WeightsVersion } from '../persistence/ranking-weights.repository';
import { UnitReportService } from './unit-report.service';

export interface RankingQuery {
  kind: (typeof REPORT_KINDS)[number];
  from: string;
  to: string;
  rollup?: boolean;
  /** How many units the 红榜 and the 黑榜 name. */
  top?: number;
}

export interface RankedUnit {
  rank: number;
  unitId: string;
  unitCode: string | null;
  unitName: string;
  score: number;
  rates: Record<string, number | null>;
}

/** Units ranked by a weighted score of their rates; the top and bottom are the period's 红榜 and 黑榜. */
@Injectable()
export class RankingService {
  constructor(
    private readonly reports: UnitReportService,
    private readonly weights: RankingWeightsRepository,
    private readonly transactions: Transactions,
    @Inject(ADMIN_TRAIL) private readonly trail: AdminTrail,
  ) {}

  currentWeights(): Promise<WeightsVersion> {
    return this.weights.current();
  }

  async publishWeights(by: ChangeContext, body: unknown): Promise<WeightsVersion> {
    if (!by.actor.roles.includes('admin')) throw DomainError.forbidden('ranking weights are set by an administrator', { rule: 'role' });
    const weights = parseOrThrow(rankingWeightsSchema, body);
    return this.transactions.run(async (runner) => {
      const before = await this.weights.current(runner);
      const published = await this.weights.publish(weights, by.actor.id, runner);
      await this.trail.record(runner, [
        {
          type: 'RANKING_WEIGHTS_PUBLISHED',
          subject: { type: 'ranking-weights', id: String(published.version) },
          before: { version: before.version, weights: before.weights },
          after: { version: published.version, weights: published.weights },
          ...by,
        },
      ]);
      return published;
    });
  }

  async ranking(actor: Actor, query: RankingQuery) {
    const [report, weights] = await Promise.all([this.reports.report(actor, query), this.weights.current()]);
    const kindWeights = weights.weights[query.kind];
    const scored = report.units.flatMap((row) => {
      const rates = Object.fromEntries(Object.keys(kindWeights).map((key) => [key, row.figures[key]?.rate ?? null]));
      const score = scoreOf(query.kind, kindWeights, rates);
      return score === null || row.unitId === null ? [] : [{ unitId: row.unitId, unitCode: row.unitCode, unitName: row.unitName, score, rates }];
    });
    scored.sort((a, b) => b.score - a.score || (a.unitCode ?? '').localeCompare(b.unitCode ?? ''));
    // Equal scores share a rank (1, 2, 2, 4).
    const ranked: RankedUnit[] = scored.map((u) => ({ ...u, rank: scored.findIndex((v) => v.score === u.score) + 1 }));
    const top = Math.min(query.top ?? 3, Math.floor(ranked.length / 2) || ranked.length);
    return {
      kind: query.kind,
      from: report.from,
      to: report.to,
      generatedAt: report.generatedAt,
      weights: { version: weights.version, weights: kindWeights },
      ranked,
      red: ranked.slice(0, top),
      black: ranked.length > top ? ranked.slice(-top).reverse() : [],
      unranked: report.units.filter((r) => r.unitId !== null && !ranked.some((u) => u.unitId === r.unitId)).map((r) => ({ unitId: r.unitId!, unitCode: r.unitCode, unitName: r.unitName })),
    };
  }
}
