import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/workflow';
import { TimerListItem, TimerRepository } from '../persistence/timer.repository';

export const TIMER_STATUSES = ['pending', 'paused', 'fired', 'cancelled', 'parked'] as const;
export type TimerStatus = (typeof TIMER_STATUSES)[number];

/** The administrator's view of timers: what is parked (out of attempts), and putting it back. */
@Injectable()
export class ParkedTimersService {
  constructor(private readonly timers: TimerRepository) {}

  async list(status: TimerStatus = 'parked', limit = 100): Promise<{ items: TimerListItem[]; nextCursor: null }> {
    return { items: await this.timers.list(status, limit), nextCursor: null };
  }

  /** Puts a parked timer back in the queue once its cause is fixed. */
  async retry(id: string): Promise<void> {
    if (!(await this.timers.retry(id))) throw DomainError.notFound('parked timer');
  }
}
