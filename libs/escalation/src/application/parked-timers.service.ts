import { Inject, Injectable } from '@nestjs/common';
import { Transactions } from '@app/database';
import { ADMIN_TRAIL, type AdminTrail, type ChangeContext, DomainError } from '@app/workflow';
import { TimerListItem, TimerRepository } from '../persistence/timer.repository';

export const TIMER_STATUSES = ['pending', 'paused', 'fired', 'cancelled', 'parked'] as const;
export type TimerStatus = (typeof TIMER_STATUSES)[number];

/** The administrator's view of timers: what is parked (out of attempts), and putting it back. */
@Injectable()
export class ParkedTimersService {
  constructor(
    private readonly timers: TimerRepository,
    private readonly transactions: Transactions,
    @Inject(ADMIN_TRAIL) private readonly trail: AdminTrail,
  ) {}

  async list(status: TimerStatus = 'parked', limit = 100): Promise<{ items: TimerListItem[]; nextCursor: null }> {
    return { items: await this.timers.list(status, limit), nextCursor: null };
  }

  /** Puts a parked timer back in the queue once its cause is fixed. */
  async retry(id: string, by: ChangeContext): Promise<void> {
    await this.transactions.run(async (runner) => {
      const retried = await this.timers.retry(id, runner);
      if (!retried) throw DomainError.notFound('parked timer');
      const { attempts, lastError, ...timer } = retried;
      await this.trail.record(runner, [
        { type: 'TIMER_RETRIED', subject: { type: 'timer', id }, before: { status: 'parked', attempts, lastError, ...timer }, after: { status: 'pending', ...timer }, ...by },
      ]);
    });
  }
}
