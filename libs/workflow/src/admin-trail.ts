import type { Actor } from './actor';

/** Configuration and access changes: each is an event of the audit log's admin chain. */
export const ADMIN_EVENT_TYPES = [
  'USER_CREATED',
  'USER_UPDATED',
  'ROLES_CHANGED',
  'USER_DEACTIVATED',
  'USER_REACTIVATED',
  'PASSWORD_RESET',
  'UNIT_CREATED',
  'UNIT_RENAMED',
  'UNIT_MOVED',
  'UNIT_DELETED',
  'UNIT_DEACTIVATED',
  'UNIT_REACTIVATED',
  'SLA_POLICY_PUBLISHED',
  'CALENDAR_YEAR_LOADED',
  'RESPONSIBILITY_LIST_SAVED',
  'RESPONSIBILITY_LIST_PUBLISHED',
  'TIMER_RETRIED',
  'RANKING_WEIGHTS_PUBLISHED',
  'EVIDENCE_BUNDLE_EXPORTED',
  'PERSONAL_DATA_ERASED',
  'PERSONAL_DATA_VIEWED',
] as const;
export type AdminEventType = (typeof ADMIN_EVENT_TYPES)[number];

export const ADMIN_SUBJECTS = ['user', 'unit', 'sla-policy', 'calendar-year', 'responsibility-list', 'timer', 'ranking-weights', 'evidence-bundle', 'case'] as const;
export type AdminSubject = (typeof ADMIN_SUBJECTS)[number];

/** Who made a change, as the admin chain records it. */
export type AdminActor = Pick<Actor, 'id' | 'roles' | 'unitId'>;

/** Who asks for a change, and the request it came in: passed by the edge to every admin operation. */
export interface ChangeContext {
  actor: AdminActor;
  correlationId: string;
}

export interface AdminChange {
  type: AdminEventType;
  subject: { type: AdminSubject; id: string };
  /** The subject before and after, without secrets (a password change shows as the type alone). */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actor: AdminActor;
  correlationId: string;
}

export const ADMIN_TRAIL = Symbol('ADMIN_TRAIL');

/** The caller's open transaction, as the writer sees it (a TypeORM QueryRunner is one). */
export interface OpenTransaction {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Appends admin events inside the caller's transaction, so a change is never stored without its record. */
export interface AdminTrail {
  record(transaction: OpenTransaction, changes: readonly AdminChange[]): Promise<void>;
}
