import { Inject, Injectable, Logger } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { isDatabaseUnavailable, SettingsVersions, Transactions } from '@app/database';
import { defaultEscalationAction } from '../domain/sla-policy';
import { DueTimer, TimerRepository } from '../persistence/timer.repository';
import { SYSTEM_EVENT_SINK, SystemEvent, SystemEventSink } from './system-event.sink';

export interface SweepResult {
  claimed: number;
  fired: number;
  cancelled: number;
  busy: number;
  failed: number;
}

const EMPTY: SweepResult = { claimed: 0, fired: 0, cancelled: 0, busy: 0, failed: 0 };
const MAX_BACKOFF_MS = 5 * 60_000;

export function systemEventFor(timer: DueTimer): SystemEvent {
  const body =
    timer.purpose === 'escalate'
      ? { type: 'ESCALATE', timerId: timer.id, level: timer.level }
      : { type: timer.purpose === 'warning' ? 'SLA_WARNING' : 'SLA_BREACHED', timerId: timer.id, dueAt: new Date(timer.dueAt).toISOString() };
  // A timer written before timers carried their action does what its level did then.
  const action = timer.purpose === 'escalate' ? (timer.action ?? defaultEscalationAction(timer.level)) : undefined;
  return { caseId: timer.caseId, expectState: timer.stateEntered, body, correlationId: `timer:${timer.id}`, action };
}

/**
 * Delivers due timers exactly once. Each batch is one transaction: claim (FOR UPDATE SKIP LOCKED),
 * apply through the case engine, mark fired/cancelled — all committed together, or none of it.
 */
@Injectable()
export class TimerSweeper {
  private readonly logger = new Logger(TimerSweeper.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly timers: TimerRepository,
    @Inject(SYSTEM_EVENT_SINK) private readonly sink: SystemEventSink,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsVersions,
  ) {}

  async sweepOnce(batchSize = this.config.sweeper.batchSize): Promise<SweepResult> {
    // Deadlines planned by this batch use the policy and calendar as committed now, whoever changed them.
    await this.settings.sync();
    try {
      return await this.transactions.run((runner) => this.sweepBatch(runner, batchSize));
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      // One timer broke the batch at the database: go one by one so it cannot hold up the rest.
      this.logger.warn({ err: error }, 'sweep batch failed; retrying its timers one at a time');
      return this.sweepOneByOne(batchSize);
    }
  }

  private async sweepBatch(runner: QueryRunner, batchSize: number): Promise<SweepResult> {
    const due = await this.timers.claimDue(runner, batchSize);
    if (!due.length) return EMPTY;
    const at = new Date();
    const outcomes = await this.sink.apply(runner, due.map(systemEventFor), at);
    const fired: string[] = [];
    const stale: string[] = [];
    let busy = 0;
    let failed = 0;
    for (const [i, result] of outcomes.entries()) {
      const timer = due[i];
      if (result.outcome === 'applied') fired.push(timer.id);
      else if (result.outcome === 'stale') stale.push(timer.id);
      else if (result.outcome === 'busy') busy++;
      else {
        failed++;
        await this.timers.markFailed(runner, timer.id, result.error, this.retryAt(timer.attempts, at));
        this.logger.warn({ timerId: timer.id, caseId: timer.caseId, attempts: timer.attempts + 1, error: result.error }, 'timer failed');
      }
    }
    await this.timers.markFired(runner, fired, at);
    await this.timers.markCancelled(runner, stale);
    return { claimed: due.length, fired: fired.length, cancelled: stale.length, busy, failed };
  }

  private async sweepOneByOne(limit: number): Promise<SweepResult> {
    const total = { ...EMPTY };
    for (let i = 0; i < limit; i++) {
      let claimed: DueTimer | undefined;
      try {
        const result = await this.transactions.run(async (runner) => {
          [claimed] = await this.timers.claimDue(runner, 1);
          return claimed ? this.sweepBatchOf(runner, claimed) : EMPTY;
        });
        if (!result.claimed) break;
        for (const key of Object.keys(total) as (keyof SweepResult)[]) total[key] += result[key];
      } catch (error) {
        if (isDatabaseUnavailable(error) || !claimed) throw error;
        const timer: DueTimer = claimed;
        await this.timers.markFailed(undefined, timer.id, String((error as Error).message ?? error), this.retryAt(timer.attempts, new Date()));
        total.claimed++;
        total.failed++;
      }
    }
    return total;
  }

  private async sweepBatchOf(runner: QueryRunner, timer: DueTimer): Promise<SweepResult> {
    const [result] = await this.sink.apply(runner, [systemEventFor(timer)], new Date());
    if (result.outcome === 'applied') await this.timers.markFired(runner, [timer.id], new Date());
    if (result.outcome === 'stale') await this.timers.markCancelled(runner, [timer.id]);
    if (result.outcome === 'failed') await this.timers.markFailed(runner, timer.id, result.error, this.retryAt(timer.attempts, new Date()));
    return {
      claimed: 1,
      fired: result.outcome === 'applied' ? 1 : 0,
      cancelled: result.outcome === 'stale' ? 1 : 0,
      busy: result.outcome === 'busy' ? 1 : 0,
      failed: result.outcome === 'failed' ? 1 : 0,
    };
  }

  /** Exponential backoff; null once the attempts run out (the timer is parked). */
  private retryAt(previousAttempts: number, now: Date): Date | null {
    const attempts = previousAttempts + 1;
    if (attempts >= this.config.sweeper.maxAttempts) return null;
    const delay = Math.min(this.config.sweeper.retryBaseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
    return new Date(now.getTime() + delay);
  }
}
