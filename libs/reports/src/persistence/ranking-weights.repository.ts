import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import type { RankingWeights } from '../domain/ranking';

export interface WeightsVersion {
  version: number;
  weights: RankingWeights;
  createdAt: string;
  createdBy: string;
}

const COLUMNS = `version, weights, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", created_by AS "createdBy"`;

@Injectable()
export class RankingWeightsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async current(runner?: QueryRunner): Promise<WeightsVersion> {
    const [row] = await (runner ?? this.dataSource).query(`SELECT ${COLUMNS} FROM ranking_weights ORDER BY version DESC LIMIT 1`);
    if (!row) throw new Error('no ranking weights: migrations not applied?');
    return row;
  }

  /** The weights as the next version; earlier versions stay, so an old ranking can say what it used. */
  async publish(weights: RankingWeights, by: string, runner?: QueryRunner): Promise<WeightsVersion> {
    const [row] = await (runner ?? this.dataSource).query(
      `INSERT INTO ranking_weights (version, weights, created_by) SELECT COALESCE(max(version), 0) + 1, $1, $2 FROM ranking_weights RETURNING ${COLUMNS}`,
      [JSON.stringify(weights), by],
    );
    return row;
  }
}
