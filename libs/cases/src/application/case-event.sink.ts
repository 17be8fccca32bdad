import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { SystemEvent, SystemEventOutcome, SystemEventSink } from '@app/escalation';
import { SYSTEM_ACTOR } from '@app/workflow';
import type { CaseRow } from '../domain/case-row.type';
import type { OpenCaseCommand } from '../domain/open-case.command';
import { CaseRepository } from '../persistence/case.repository';
import { CaseTransitionService, type SystemEventResult } from './case-transition.service';
import { OpenCaseService } from './open-case.service';

const OPENS: Partial<Record<string, 'accountability' | 'rectification'>> = {
  'open-accountability': 'accountability',
  'open-rectification': 'rectification',
};

/**
 * Deadline events into the case engine; an `open-accountability` or `open-rectification` step
 * opens the linked case in the same transaction. A missed duty becomes one rectification item,
 * however often its ladder starts again (a duty sent back after its deadline breaches anew). A
 * case with a 问责 still open does not get a second one: that 问责 records LINKED_ESCALATION (the
 * late case's own trail, which its unit reads, never names the 问责).
 */
@Injectable()
export class CaseEventSink implements SystemEventSink {
  constructor(
    private readonly transitions: CaseTransitionService,
    private readonly opening: OpenCaseService,
    private readonly cases: CaseRepository,
  ) {}

  async apply(runner: QueryRunner, events: readonly SystemEvent[], at: Date): Promise<SystemEventOutcome[]> {
    const opensAccountability = (e: SystemEvent) => e.body.type === 'ESCALATE' && OPENS[e.action ?? ''] === 'accountability';
    const { open, busy } = await this.cases.lockOpenAccountability(runner, [...new Set(events.filter(opensAccountability).map((e) => e.caseId))]);
    // Held by someone else right now: try again on the next sweep rather than open a second 问责.
    const runnable = events.map((e) => !(opensAccountability(e) && busy.has(e.caseId)));
    const applied = await this.transitions.applySystemEvents(runner, events.filter((_, i) => runnable[i]), at);
    const results: SystemEventResult[] = [];
    for (const ok of runnable) results.push(ok ? applied.shift()! : { outcome: 'busy' });

    const linked: SystemEvent[] = [];
    for (const [i, result] of results.entries()) {
      if (result.outcome !== 'applied' || result.planned.event.type !== 'ESCALATE') continue;
      const kind = OPENS[events[i].action ?? ''];
      const origin = result.planned.after;
      if (!kind || origin.kind === kind || origin.kind === 'accountability') continue;
      const joined = kind === 'accountability' ? open.get(origin.id) : undefined;
      if (joined) {
        linked.push({
          caseId: joined.id,
          body: { type: 'LINKED_ESCALATION', caseId: origin.id, code: origin.code, level: origin.escalationLevel, state: origin.stateDetail, timerId: String(events[i].body.timerId) },
          correlationId: result.planned.record.correlationId,
        });
        continue;
      }
      if (kind === 'rectification' && (await this.cases.hasLinked(runner, origin.id, kind))) continue;
      await this.opening.openIn(runner, SYSTEM_ACTOR, linkedCase(kind, origin), result.planned.record.correlationId, at);
    }
    if (linked.length) {
      const outcomes = await this.transitions.applySystemEvents(runner, linked, at);
      const failed = outcomes.find((o) => o.outcome !== 'applied');
      // The 问责 was locked above, so this cannot be busy; anything else must undo the batch.
      if (failed) throw new Error(`LINKED_ESCALATION was not applied: ${JSON.stringify(failed)}`);
    }
    return results.map((r) => (r.outcome === 'applied' ? { outcome: 'applied' } : r));
  }
}

const instant = (d: Date | string | null) => (d ? new Date(d).toISOString() : '无');

function linkedCase(kind: 'accountability' | 'rectification', origin: CaseRow): OpenCaseCommand {
  if (kind === 'accountability') {
    return {
      kind,
      title: `${origin.code} 逾期未整改问责`,
      description: `${origin.code}「${origin.title}」超过期限仍未办结，经催办、督办后升级为问责（状态：${origin.stateDetail}，期限：${instant(origin.dueAt)}）。`,
      parentCaseId: origin.id,
      targetUnitId: origin.unitId ?? undefined,
    };
  }
  const f = origin.fields as { listYear?: number; itemNo?: number; itemText?: string; obligationTitle?: string; periodLabel?: string };
  const duty = f.itemNo ? `${f.listYear} 年度责任清单第 ${f.itemNo} 项「${f.obligationTitle}」（${f.periodLabel}）` : `「${origin.title}」`;
  return {
    kind,
    title: `${origin.code} 未按期履责：${f.obligationTitle ?? origin.title}`.slice(0, 200),
    description: `${duty}超过期限（${instant(origin.dueAt)}）仍未完成，经催办后转为整改事项。${f.itemText ? `清单原文：${f.itemText.slice(0, 500)}` : ''}`,
    source: '考核反馈',
    category: '限期整改',
    unitId: origin.unitId ?? undefined,
    parentCaseId: origin.id,
  };
}
