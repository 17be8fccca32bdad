import { initialTransition, transition, type AnyMachineSnapshot, type StateValue } from 'xstate';
import { Actor, Role } from './actor';
import { CaseContext, MachineEvent, PersistedSnapshot, SYSTEM_EVENTS, TopLevelState } from './case.type';
import { DomainError, ErrorCode } from './errors';
import { parseOrThrow } from './events/validation.util';
import type { CaseMachineDefinition } from './machine-definition.type';
import { CaseFacts, checkRule, PolicyRule } from './policy/policy-check';

/** `rectifying.inProgress` for `{ rectifying: 'inProgress' }`. */
export function stateDetailOf(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key] = Object.keys(value);
  const inner = value[key];
  return inner === undefined ? key : `${key}.${stateDetailOf(inner as StateValue)}`;
}

export function topLevelOf(stateDetail: string): TopLevelState {
  return stateDetail.split('.')[0] as TopLevelState;
}

export function initialSnapshot(definition: CaseMachineDefinition, input?: Partial<CaseContext>): PersistedSnapshot {
  const [snapshot] = initialTransition(definition.machine, input);
  return { value: snapshot.value as PersistedSnapshot['value'], context: snapshot.context as CaseContext };
}

function restore(definition: CaseMachineDefinition, persisted: PersistedSnapshot): AnyMachineSnapshot {
  return definition.machine.resolveState({ value: persisted.value as StateValue, context: persisted.context });
}

/** Events people send: every event but those the policy reserves for the system (deadlines; an obligation's assignment). */
export function clientEventTypes(definition: CaseMachineDefinition): string[] {
  return Object.keys(definition.schemas).filter((t) => !(SYSTEM_EVENTS as readonly string[]).includes(t) && !definition.policy[t]?.system);
}

export interface ParsedEvent {
  type: string;
  payload: Record<string, unknown>;
}

/** Splits `{type, ...payload}` and validates the payload against the event's schema. */
export function parseEvent(definition: CaseMachineDefinition, body: unknown, options: { system?: boolean } = {}): ParsedEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw DomainError.validation([{ field: 'body', code: 'invalid_type', message: 'must be a JSON object {type, ...payload}' }]);
  }
  const { type, ...rest } = body as Record<string, unknown>;
  const known = options.system ? Object.keys(definition.schemas) : clientEventTypes(definition);
  if (typeof type !== 'string' || !known.includes(type)) {
    throw DomainError.validation([
      { field: 'type', code: 'not_in_list', message: `must be one of the ${definition.kind} events: ${known.join(', ')}` },
    ]);
  }
  return { type, payload: parseOrThrow(definition.schemas[type], rest) as Record<string, unknown> };
}

/** The policy decision for one event; throws FORBIDDEN naming the rule that refused it. */
export function authorize(definition: CaseMachineDefinition, type: string, actor: Actor, facts: CaseFacts): Role | 'system' {
  const rule = definition.policy[type];
  if (!rule) throw DomainError.forbidden(`${type} has no policy`, { rule: 'role' });
  const decision = checkRule(type, rule, actor, facts);
  if (!decision.allowed) {
    throw DomainError.forbidden(decision.reason, { rule: decision.rule, ...(decision.rule === 'role' ? { requiredRoles: rule.roles } : {}) });
  }
  return decision.role;
}

export interface TransitionResult {
  snapshot: PersistedSnapshot;
  fromState: string;
  toState: string;
}

/** Computes the next snapshot; throws INVALID_TRANSITION (with the events the state accepts) on refusal. */
export function applyTransition(
  definition: CaseMachineDefinition,
  persisted: PersistedSnapshot,
  event: ParsedEvent,
  meta: { actorId: string; at: string },
): TransitionResult {
  const snapshot = restore(definition, persisted);
  const machineEvent: MachineEvent = { ...event.payload, type: event.type, actorId: meta.actorId, at: meta.at };
  const fromState = stateDetailOf(snapshot.value);
  const [next] = transition(definition.machine, snapshot, machineEvent);
  // XState hands back the very same snapshot when no transition was enabled (or an enabled one
  // changed nothing, like a deadline warning: `can` tells the two apart).
  if (next === snapshot && !snapshot.can(machineEvent)) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `${event.type} is not possible while the case is ${fromState}${persisted.context.suspended ? ' (suspended)' : ''}`,
      { allowedEvents: acceptedEvents(definition, persisted), state: fromState },
    );
  }
  return {
    snapshot: { value: next.value as PersistedSnapshot['value'], context: next.context as CaseContext },
    fromState,
    toState: stateDetailOf(next.value),
  };
}

const accepted = new WeakMap<CaseMachineDefinition, Map<string, string[]>>();

/**
 * The events people could send in this state (whoever they are). Guards read only the state
 * value and whether the case is suspended or has an extension pending, so the answer is cached
 * on exactly that.
 */
export function acceptedEvents(definition: CaseMachineDefinition, persisted: PersistedSnapshot): string[] {
  const { context } = persisted;
  const key = `${JSON.stringify(persisted.value)}|${context.suspended !== null}|${context.extension !== null}`;
  let byState = accepted.get(definition);
  if (!byState) accepted.set(definition, (byState = new Map()));
  let events = byState.get(key);
  if (!events) {
    const snapshot = restore(definition, persisted);
    events = clientEventTypes(definition).filter((type) => snapshot.can({ type, actorId: '', at: '' }));
    byState.set(key, events);
  }
  return events;
}

/** The events this actor may send now: accepted by the state and allowed by the policy. */
export function availableEvents(
  definition: CaseMachineDefinition,
  persisted: PersistedSnapshot,
  actor: Actor,
  facts: CaseFacts,
): string[] {
  return acceptedEvents(definition, persisted).filter(
    (type) => checkRule(type, definition.policy[type], actor, facts).allowed,
  );
}

export interface BlockedEvent {
  type: string;
  rule: PolicyRule;
  reason: string;
}

/**
 * Events the state accepts and the actor's role could send, refused by another rule (unit scope,
 * four eyes) — so a console can say why the button is missing.
 */
export function blockedEvents(
  definition: CaseMachineDefinition,
  persisted: PersistedSnapshot,
  actor: Actor,
  facts: CaseFacts,
): BlockedEvent[] {
  return acceptedEvents(definition, persisted).flatMap((type) => {
    const decision = checkRule(type, definition.policy[type], actor, facts);
    // Not being the reviewing unit is like not having the role: nothing to explain beside a button.
    return !decision.allowed && decision.rule !== 'role' && decision.rule !== 'system-only' && decision.rule !== 'reviewer'
      ? [{ type, rule: decision.rule, reason: decision.reason }]
      : [];
  });
}
