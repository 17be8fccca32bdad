import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { PlannedTransition } from './transition.planner';

export interface DeadlinePlanner {
  /** Sets the new row's deadline columns and the timer rows to write, in memory. */
  plan(planned: PlannedTransition, now: Date): void;
}

/** Deadlines of a case: for now the rectification item's own deadline while it is open. */
@Injectable()
export class DeadlineService {
  async planner(): Promise<DeadlinePlanner> {
    return {
      plan(planned) {
        const { after } = planned;
        const own = after.kind === 'rectification' && typeof after.fields.dueAt === 'string' ? new Date(after.fields.dueAt) : null;
        after.dueAt = after.state === 'closed' ? null : own;
      },
    };
  }

  async write(_runner: QueryRunner, _planned: readonly PlannedTransition[]): Promise<void> {}
}
