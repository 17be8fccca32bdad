import type { Provider } from '@nestjs/common';
import { OutboxDispatcher } from '@app/audit';
import { BACKGROUND_JOBS, BackgroundJob } from '@app/escalation';
import { IdempotencyRepository } from './persistence/idempotency.repository';

/** Work that runs beside the sweeper: outbox delivery each tick, idempotency-key expiry now and then. */
export const backgroundJobs: Provider = {
  provide: BACKGROUND_JOBS,
  inject: [OutboxDispatcher, IdempotencyRepository],
  useFactory: (outbox: OutboxDispatcher, keys: IdempotencyRepository): BackgroundJob[] => [
    { name: 'outbox', everyTicks: 1, run: () => outbox.dispatchOnce() },
    { name: 'idempotency-expiry', everyTicks: 600, run: () => keys.deleteExpired() },
  ],
};
