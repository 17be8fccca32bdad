import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { withTransaction } from '@app/database';

const WEBHOOK_TIMEOUT_MS = 5000;

interface OutboxRow {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * Delivers outbox rows after their transaction committed: POSTed in batches to WEBHOOK_URL when
 * one is configured (a failed delivery is retried on the next tick), otherwise written to the log.
 */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger(OutboxDispatcher.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  dispatchOnce(limit = 200): Promise<number> {
    return withTransaction(this.dataSource, async (runner) => {
      const rows: OutboxRow[] = await runner.query(
        `SELECT id::text AS id, topic, payload FROM outbox WHERE delivered_at IS NULL
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (!rows.length) return 0;
      const ids = rows.map((r) => r.id);
      const error = await this.deliver(rows);
      if (error) {
        await runner.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [ids, error]);
        this.logger.warn({ count: rows.length, error }, 'outbox delivery failed; will retry');
        return 0;
      }
      await runner.query(`UPDATE outbox SET delivered_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [ids]);
      return rows.length;
    });
  }

  private async deliver(rows: OutboxRow[]): Promise<string | null> {
    const url = this.config.outbox.webhookUrl;
    if (!url) {
      for (const row of rows) this.logger.log({ topic: row.topic, ...row.payload }, 'notification');
      return null;
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: rows }),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      return response.ok ? null : `webhook answered ${response.status}`;
    } catch (error) {
      return `webhook unreachable: ${(error as Error).message}`;
    }
  }
}
