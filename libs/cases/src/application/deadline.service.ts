import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { DeadlineScheduler } from '@app/escalation';
import type { PlannedTransition } from './transition.planner';

export interface CaseDeadlinePlanner {
  /** Sets the new row's deadline columns and records the timer changes, in memory. */
  plan(planned: PlannedTransition, now: Date): void;
}

/** Deadlines of cases: SLA planning from libs/escalation applied to planned transitions. */
@Injectable()
export class DeadlineService {
  constructor(private readonly scheduler: DeadlineScheduler) {}

  async planner(): Promise<CaseDeadlinePlanner> {
    const inner = await this.scheduler.planner();
    return {
      plan(planned, now) {
        const { before, after, event } = planned;
        const context = before.snapshot.context;
        const plan = inner.plan(
          {
            kind: after.kind,
            priority: after.priority,
            eventType: event.type,
            fromState: planned.record.fromState,
            toState: after.stateDetail,
            caseDueAt: typeof after.fields.dueAt === 'string' ? after.fields.dueAt : null,
            dueAt: before.dueAt,
            warnAt: before.warnAt,
            calendarComplete: before.calendarComplete,
            suspendedSince: context.suspended?.since,
            extensionDueAt: context.extension?.dueAt,
          },
          now,
        );
        after.dueAt = plan.dueAt;
        after.warnAt = plan.warnAt;
        after.calendarComplete = plan.calendarComplete;
        if (plan.caseDueAt) after.fields = { ...after.fields, dueAt: plan.caseDueAt };
        planned.deadlines = plan;
      },
    };
  }

  write(runner: QueryRunner, planned: readonly PlannedTransition[]): Promise<void> {
    return this.scheduler.write(
      runner,
      planned.flatMap((p) => (p.deadlines ? [{ caseId: p.after.id, plan: p.deadlines }] : [])),
    );
  }
}
