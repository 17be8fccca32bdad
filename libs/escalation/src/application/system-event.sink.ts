import type { QueryRunner } from 'typeorm';
import type { EscalationAction } from '../domain/sla-policy';

export const SYSTEM_EVENT_SINK = Symbol('SYSTEM_EVENT_SINK');

/** A deadline event for one case, valid only while the case is still in `expectState`. */
export interface SystemEvent {
  caseId: string;
  /** The state the timer was planned for; events that are not a timer's carry none. */
  expectState?: string;
  body: { type: string; [field: string]: unknown };
  correlationId: string;
  /** For ESCALATE: the step's action from the SLA policy the timer was planned with. */
  action?: EscalationAction;
}

export type SystemEventOutcome =
  | { outcome: 'applied' }
  /** The case has left the state the timer was for: the timer is cancelled, never fired. */
  | { outcome: 'stale' }
  /** Someone else holds the case right now: try again on the next sweep. */
  | { outcome: 'busy' }
  | { outcome: 'failed'; error: string };

/**
 * Where the sweeper delivers deadline events: the case engine, through the same transition path
 * as people's events (and, for an `open-accountability` step, opening the accountability case).
 */
export interface SystemEventSink {
  apply(runner: QueryRunner, events: readonly SystemEvent[], at: Date): Promise<SystemEventOutcome[]>;
}
