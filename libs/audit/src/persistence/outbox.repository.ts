import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';

export interface OutboxRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

/** outbox: rows written with transitions, delivered after commit by any number of dispatchers. */
@Injectable()
export class OutboxRepository {
  /** The oldest undelivered rows, locked for this transaction; rows another dispatcher holds are skipped. */
  claimUndelivered(runner: QueryRunner, limit: number): Promise<OutboxRow[]> {
    return runner.query(
      `SELECT id::text AS id, topic, payload FROM outbox WHERE delivered_at IS NULL
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markDelivered(runner: QueryRunner, ids: readonly string[]): Promise<void> {
    await runner.query(`UPDATE outbox SET delivered_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async markFailed(runner: QueryRunner, ids: readonly string[], error: string): Promise<void> {
    await runner.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [ids, error]);
  }
}
