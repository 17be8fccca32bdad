import type { CaseKind } from '@app/workflow';
import type { Priority } from './case-row.type';

export const RECTIFICATION_SOURCES = ['巡察反馈', '巡视反馈', '自查', '考核反馈', '上级交办', '审计', '其他'] as const;
export const RECTIFICATION_CATEGORIES = ['立行立改', '限期整改', '长期坚持'] as const;
export const REQUEST_TYPES = ['咨询', '求助', '投诉', '举报', '建议'] as const;
export const CHANNELS = ['phone', 'web', 'app', 'letter'] as const;

export interface OpenRectificationCommand {
  kind: 'rectification';
  title: string;
  description: string;
  source: (typeof RECTIFICATION_SOURCES)[number];
  category?: (typeof RECTIFICATION_CATEGORIES)[number];
  measures?: string;
  responsiblePerson?: string;
  unitId?: string;
  /** The item's own deadline (an ISO instant). */
  dueAt?: string;
  /** 整改进展 as a ledger brought it in. */
  progress?: string;
  /** An item imported past its deadline: its escalation counts from its import (DESIGN §9). */
  ladderFrom?: string;
  /** The case it was opened because of (a missed duty of the responsibility list); never from a client. */
  parentCaseId?: string;
}

export interface OpenHotlineCommand {
  kind: 'hotline';
  title: string;
  content: string;
  callerName: string;
  callerPhone: string;
  requestType: (typeof REQUEST_TYPES)[number];
  priority: Priority;
  channel: (typeof CHANNELS)[number];
}

export interface OpenAccountabilityCommand {
  kind: 'accountability';
  title: string;
  description: string;
  parentCaseId?: string;
  targetUnitId?: string;
  targetPerson?: string;
}

/** 履责事项: opened only by publishing a responsibility list (libs/obligations), never through POST /api/cases. */
export interface OpenObligationCommand {
  kind: 'obligation';
  title: string;
  unitId: string;
  listYear: number;
  listVersion: number;
  itemNo: number;
  itemText: string;
  obligationKey: string;
  obligationTitle: string;
  period: string;
  periodLabel: string;
  dueAt: string;
  requiredCount: number;
  reviewerUnitId?: string;
  /** Generated after its deadline: escalation counts from the publication, not from the date. */
  ladderFrom?: string;
}

export type OpenCaseCommand = OpenRectificationCommand | OpenHotlineCommand | OpenAccountabilityCommand | OpenObligationCommand;

export interface CaseColumns {
  kind: CaseKind;
  title: string;
  unitId: string | null;
  priority: Priority;
  parentCaseId: string | null;
  reviewerUnitId: string | null;
  fields: Record<string, unknown>;
}

/** Splits an opening command into the case's columns and its kind-specific fields. */
export function caseColumnsOf(command: OpenCaseCommand): CaseColumns {
  switch (command.kind) {
    case 'rectification': {
      const { kind, title, unitId, parentCaseId, ...fields } = command;
      return { kind, title, unitId: unitId ?? null, priority: 'normal', parentCaseId: parentCaseId ?? null, reviewerUnitId: null, fields: withoutUndefined(fields) };
    }
    case 'obligation': {
      // The unit and deadline arrive with the list's ASSIGN, as for any case.
      const { kind, title, unitId: _unit, dueAt: _due, reviewerUnitId, ...fields } = command;
      return { kind, title, unitId: null, priority: 'normal', parentCaseId: null, reviewerUnitId: reviewerUnitId ?? null, fields: withoutUndefined({ ...fields, reviewerUnitId }) };
    }
    case 'hotline': {
      const { kind, title, priority, ...fields } = command;
      return { kind, title, unitId: null, priority, parentCaseId: null, reviewerUnitId: null, fields: withoutUndefined(fields) };
    }
    case 'accountability': {
      const { kind, title, parentCaseId, ...fields } = command;
      return {
        kind,
        title,
        unitId: command.targetUnitId ?? null,
        priority: 'normal',
        parentCaseId: parentCaseId ?? null,
        reviewerUnitId: null,
        fields: withoutUndefined(fields),
      };
    }
  }
}

export function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
