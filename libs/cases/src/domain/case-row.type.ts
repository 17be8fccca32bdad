import type { CaseKind, PersistedSnapshot, TopLevelState } from '@app/workflow';

export type Priority = 'normal' | 'urgent';
export const PRIORITIES: readonly Priority[] = ['normal', 'urgent'];

/** A case as stored (one row of `cases`). */
export interface CaseRow {
  id: string;
  code: string;
  kind: CaseKind;
  title: string;
  fields: Record<string, unknown>;
  unitId: string | null;
  assigneeId: string | null;
  priority: Priority;
  state: TopLevelState;
  stateDetail: string;
  snapshot: PersistedSnapshot;
  machineVersion: number;
  /** Equals the seq of the case's last audit event: every version writes exactly one event. */
  version: number;
  /**
   * The version of the last event that changed the state or the fields: the sweeper's deadline
   * events (预警, 超期, 升级) leave it, so they never make a person's If-Match stale.
   */
  contentVersion: number;
  /** Hash of the last audit event; read with the row lock, so it is current. */
  chainHead: string;
  dueAt: Date | null;
  warnAt: Date | null;
  calendarComplete: boolean;
  escalationLevel: number;
  /** The highest level ever reached (the level starts again with each state). */
  maxEscalationLevel: number;
  reworkCount: number;
  suspended: boolean;
  parentCaseId: string | null;
  /** A unit that reviews the case besides the county's inspectors (its officers may read and review it). */
  reviewerUnitId: string | null;
  openedBy: string;
  openedAt: Date;
  closedAt: Date | null;
  updatedAt: Date;
}

/** A case read with FOR UPDATE inside the current transaction. */
export type LockedCaseRow = CaseRow;
