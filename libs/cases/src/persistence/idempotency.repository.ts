import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { runLater } from '@app/database';
import { DomainError, ErrorCode } from '@app/workflow';

export const IDEMPOTENCY_TTL_HOURS = 24;

export interface StoredResponse {
  requestHash: string;
  statusCode: number | null;
  response: unknown;
}

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims a key inside the caller's transaction. Returns null when the key is new (or expired);
   * otherwise the earlier request's hash and response. A concurrent first use blocks here until
   * it commits, so the answer is always complete.
   */
  async claim(runner: QueryRunner, actorId: string, key: string, requestHash: string): Promise<StoredResponse | null> {
    const claimed: unknown[] = await runner.query(
      `INSERT INTO idempotency_keys (actor_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (actor_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response = NULL, created_at = now()
         WHERE idempotency_keys.created_at < now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'
       RETURNING 1`,
      [actorId, key, requestHash],
    );
    if (claimed.length) return null;
    const [stored]: StoredResponse[] = await runner.query(
      `SELECT request_hash AS "requestHash", status_code AS "statusCode", response
       FROM idempotency_keys WHERE actor_id = $1 AND key = $2`,
      [actorId, key],
    );
    return stored;
  }

  /**
   * The stored answer of an earlier request with this key and body (null: the key is now claimed
   * for this request); the same key with another body is refused.
   */
  async replay(runner: QueryRunner, actorId: string, key: string, requestHash: string): Promise<{ response: unknown } | null> {
    const earlier = await this.claim(runner, actorId, key, requestHash);
    if (!earlier) return null;
    if (earlier.requestHash !== requestHash) {
      throw new DomainError(ErrorCode.IDEMPOTENCY_MISMATCH, 'this Idempotency-Key was already used for a different request; use a new key');
    }
    return { response: earlier.response };
  }

  async complete(runner: QueryRunner, actorId: string, key: string, statusCode: number, response: unknown): Promise<void> {
    await runLater(runner, [`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE actor_id = $1 AND key = $2`, [actorId, key, statusCode, JSON.stringify(response)]]);
  }

  /** Deletes keys past their time to live; the number deleted. */
  async expireOnce(): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'`,
    )) as [unknown, number];
    return count ?? 0;
  }
}
