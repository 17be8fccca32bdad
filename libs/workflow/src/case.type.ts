import type { Role } from './actor';

export const CASE_KINDS = ['rectification', 'hotline', 'accountability', 'obligation'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** The five top-level states every kind shares (DESIGN.md §2). */
export const TOP_LEVEL_STATES = ['opened', 'assigned', 'rectifying', 'verified', 'closed'] as const;
export type TopLevelState = (typeof TOP_LEVEL_STATES)[number];

/** Events the sweeper sends; no person may send them. */
/**
 * Events the sweeper (and the deadline machinery) sends; no person may send them. None changes the
 * state: LINKED_ESCALATION records on an open accountability case that its case escalated again,
 * DEADLINE_REPLANNED that a loaded calendar year moved the deadline.
 */
export const SYSTEM_EVENTS = ['SLA_WARNING', 'SLA_BREACHED', 'ESCALATE', 'LINKED_ESCALATION', 'DEADLINE_REPLANNED'] as const;

/** What the machines remember between events; persisted in the case snapshot. */
export interface CaseContext {
  reworkCount: number;
  returnCount: number;
  reopenCount: number;
  escalationLevel: number;
  lastVerifiedBy: string | null;
  extension: { dueAt: string; reason: string; requestedBy: string; requestedAt: string } | null;
  suspended: { reason: string; by: string; since: string } | null;
  /** Obligations only: accepted submissions so far, and how many the duty needs (1 unless a `count` duty). */
  acceptedCount?: number;
  requiredCount?: number;
}

export const INITIAL_CONTEXT: CaseContext = {
  reworkCount: 0,
  returnCount: 0,
  reopenCount: 0,
  escalationLevel: 0,
  lastVerifiedBy: null,
  extension: null,
  suspended: null,
};

/**
 * An event as a machine receives it: the validated payload plus who sent it and when. The engine
 * adds `actorId` and `at`, so machines never read a clock or a session.
 */
export interface MachineEvent {
  type: string;
  actorId: string;
  at: string;
  [field: string]: unknown;
}

export interface PersistedSnapshot {
  value: string | Record<string, unknown>;
  context: CaseContext;
}

/** Who may send an event (declared beside each machine, never in controllers). */
export interface EventRule {
  roles: readonly Role[];
  /** A unit officer may act only on cases of their own unit or its sub-units. */
  unitScoped?: boolean;
  /** A unit officer may send it only as an officer of the case's reviewing unit (and not of its own unit). */
  reviewerScoped?: boolean;
  /** The sender must not be the person who verified the case (four eyes). */
  fourEyes?: boolean;
  /** Only the sweeper sends it. */
  system?: boolean;
}

export type EventPolicy = Readonly<Record<string, EventRule>>;
