import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { SystemEvent, SystemEventOutcome, SystemEventSink } from '@app/escalation';
import { SYSTEM_ACTOR } from '@app/workflow';
import { CaseTransitionService } from './case-transition.service';
import { OpenCaseService } from './open-case.service';
import type { PlannedTransition } from './transition.planner';

/** Deadline events into the case engine; an `open-accountability` step opens the 问责 case in the same transaction. */
@Injectable()
export class CaseEventSink implements SystemEventSink {
  constructor(
    private readonly transitions: CaseTransitionService,
    private readonly opening: OpenCaseService,
  ) {}

  async apply(runner: QueryRunner, events: readonly SystemEvent[], at: Date): Promise<SystemEventOutcome[]> {
    const results = await this.transitions.applySystemEvents(runner, events, at);
    for (const [i, result] of results.entries()) {
      if (result.outcome === 'applied' && opensAccountability(events[i], result.planned)) {
        await this.openAccountability(runner, result.planned, at);
      }
    }
    return results.map((r) => (r.outcome === 'applied' ? { outcome: 'applied' } : r));
  }

  private async openAccountability(runner: QueryRunner, planned: PlannedTransition, at: Date): Promise<void> {
    const origin = planned.after;
    await this.opening.openIn(
      runner,
      SYSTEM_ACTOR,
      {
        kind: 'accountability',
        title: `${origin.code} 逾期未整改问责`,
        description: `${origin.code}「${origin.title}」超过期限仍未办结，经催办、督办后升级为问责（状态：${origin.stateDetail}，期限：${origin.dueAt ? new Date(origin.dueAt).toISOString() : '无'}）。`,
        parentCaseId: origin.id,
        targetUnitId: origin.unitId ?? undefined,
      },
      planned.record.correlationId,
      at,
    );
  }
}

function opensAccountability(event: SystemEvent, planned: PlannedTransition): boolean {
  return planned.event.type === 'ESCALATE' && event.action === 'open-accountability' && planned.after.kind !== 'accountability';
}
