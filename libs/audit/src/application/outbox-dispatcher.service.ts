import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Transactions } from '@app/database';
import { OutboxRepository, OutboxRow } from '../persistence/outbox.repository';

const WEBHOOK_TIMEOUT_MS = 5000;

/**
 * Delivers outbox rows after their transaction committed: POSTed in batches to WEBHOOK_URL when
 * one is configured (a failed delivery is retried on the next tick), otherwise written to the log.
 */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger(OutboxDispatcher.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  dispatchOnce(limit = 200): Promise<number> {
    return this.transactions.run(async (runner) => {
      const rows = await this.outbox.claimUndelivered(runner, limit);
      if (!rows.length) return 0;
      const ids = rows.map((r) => r.id);
      const error = await this.deliver(rows);
      if (error) {
        await this.outbox.markFailed(runner, ids, error);
        this.logger.warn({ count: rows.length, error }, 'outbox delivery failed; will retry');
        return 0;
      }
      await this.outbox.markDelivered(runner, ids);
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
