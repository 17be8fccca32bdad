import { getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import type { AnyMachineSnapshot, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { acceptedEvents, applyTransition, clientEventTypes, initialSnapshot, stateDetailOf } from '../engine';
import { CaseContext, MachineEvent, PersistedSnapshot } from '../case.type';
import { CaseMachineDefinition } from '../machine-definition.type';
import { accountabilityV1, hotlineV1, obligationV1, rectificationV1 } from '../registry';

const UNIT = '0b8f1f5e-5a4b-4c1e-9a57-1f0d4a0c0a01';
const meta = { actorId: 'model-actor', at: '2026-11-27T08:00:00.000Z' };

/** One representative payload per event type (two for CALLBACK: it branches on satisfaction). */
const SAMPLE_PAYLOADS: Record<string, Record<string, unknown>[]> = {
  ASSIGN: [{ unitId: UNIT }, { unitId: UNIT, dueAt: '2027-03-31T16:00:00.000Z', requiredCount: 2 }],
  ACCEPT: [{}],
  RETURN: [{ reason: 'r' }],
  SUBMIT_REPORT: [{ summary: 's' }],
  VERIFY_PASS: [{}],
  VERIFY_FAIL: [{ reason: 'r' }],
  REQUEST_EXTENSION: [{ dueAt: '2026-12-31T16:00:00.000Z', reason: 'r' }],
  APPROVE_EXTENSION: [{}],
  REJECT_EXTENSION: [{}],
  APPROVE_CLOSURE: [{}],
  REJECT_CLOSURE: [{ reason: 'r' }],
  REOPEN: [{ reason: 'r' }],
  SUSPEND: [{ reason: 'r' }],
  RESUME: [{}],
  REPLY: [{ answer: 'a' }],
  CALLBACK: [{ satisfaction: 'satisfied' }, { satisfaction: 'unsatisfied' }],
  SUBMIT_FINDINGS: [{ summary: 's' }],
  DECIDE: [{ targetType: 'unit', targetUnitId: UNIT, form: '通报', reason: 'r' }],
  DISMISS: [{ reason: 'r' }],
  RECORD_EXECUTION: [{ comment: 'c' }],
  REVISE: [{ listVersion: 2, title: 't', changes: ['title'] }],
  WITHDRAW: [{ listVersion: 2, reason: 'r' }],
  SLA_WARNING: [{ timerId: 't', dueAt: 'd' }],
  SLA_BREACHED: [{ timerId: 't', dueAt: 'd' }],
  ESCALATE: [{ timerId: 't', level: 1 }],
  LINKED_ESCALATION: [{ caseId: 'c', code: 'ZG-2026-000001', level: 3, state: 'assigned', timerId: 't' }],
  DEADLINE_REPLANNED: [{ calendarYear: 2027, previousDueAt: null, dueAt: null, previousWarnAt: null, warnAt: null, calendarComplete: true, timers: 0 }],
};

function sampleEvents(definition: CaseMachineDefinition): MachineEvent[] {
  return Object.keys(definition.schemas).flatMap((type) => {
    const payloads = SAMPLE_PAYLOADS[type];
    if (!payloads) throw new Error(`no sample payload for ${type}`);
    return payloads.map((p) => ({ ...p, type, ...meta }));
  });
}

/**
 * Counters grow without bound, so the model tells states apart by value and by the bounded parts of
 * the context: the flags that gate events and the escalation level.
 */
function modelOf(value: unknown, c: CaseContext) {
  const required = c.requiredCount ?? 1;
  return [value, c.suspended !== null, c.extension !== null, c.lastVerifiedBy !== null, c.escalationLevel, required, Math.min(c.acceptedCount ?? 0, required)];
}

function serializeState(snapshot: AnyMachineSnapshot): string {
  return JSON.stringify(modelOf(snapshot.value, snapshot.context as CaseContext));
}

function declaredTransitions(node: AnyStateNode): AnyTransitionDefinition[] {
  const own = [...node.transitions.values()].flat();
  return own.concat(...(Object.values(node.states) as AnyStateNode[]).map(declaredTransitions));
}

function leafStates(node: AnyStateNode): string[] {
  const children = Object.values(node.states) as AnyStateNode[];
  if (!children.length) return [node.path.join('.')];
  return children.flatMap(leafStates);
}

describe.each([rectificationV1, hotlineV1, accountabilityV1, obligationV1])('model-based coverage of $kind v$version', (definition) => {
  const machine = definition.machine;
  const events = sampleEvents(definition);
  const traversal = { events, serializeState: (s: AnyMachineSnapshot) => serializeState(s) as never };

  it('reaches every state of the machine', () => {
    const paths = getShortestPaths(machine, traversal);
    const reached = new Set(paths.map((p) => stateDetailOf(p.state.value)));
    expect([...reached].sort()).toEqual(leafStates(machine.root).filter((s) => s !== '').sort());
  });

  it('takes every declared transition at least once', () => {
    const adjacency = getAdjacencyMap(machine, traversal);
    const taken = new Set<AnyTransitionDefinition>();
    for (const { state, transitions } of Object.values(adjacency)) {
      for (const { event } of Object.values(transitions) as { event: MachineEvent }[]) {
        for (const t of machine.getTransitionData(state as never, event as never) ?? []) taken.add(t);
      }
    }
    const missing = declaredTransitions(machine.root)
      .filter((t) => !taken.has(t))
      .map((t) => `${t.source.path.join('.') || '(root)'} --${t.eventType}--> ${(t.target ?? []).map((n: AnyStateNode) => n.path.join('.')).join(',') || '(self)'}`);
    expect(missing).toEqual([]);
  });

  it('answers "which events does this state accept" from its cache exactly as the machine would', () => {
    const adjacency = getAdjacencyMap(machine, traversal);
    for (const { state } of Object.values(adjacency)) {
      const snapshot = state as AnyMachineSnapshot;
      const persisted = { value: snapshot.value, context: snapshot.context } as PersistedSnapshot;
      const direct = clientEventTypes(definition).filter((type) => snapshot.can({ type, actorId: '', at: '' }));
      expect(acceptedEvents(definition, persisted)).toEqual(direct);
    }
  });

  it('replays every generated path through the persisted-snapshot engine with the same result', () => {
    const paths = getShortestPaths(machine, traversal);
    expect(paths.length).toBeGreaterThan(3);
    for (const path of paths) {
      let persisted: PersistedSnapshot = initialSnapshot(definition);
      for (const step of path.steps) {
        const event = step.event as MachineEvent;
        if (event.type === 'xstate.init') continue;
        const { type, actorId: _a, at: _t, ...payload } = event;
        persisted = JSON.parse(JSON.stringify(applyTransition(definition, persisted, { type, payload }, meta).snapshot));
      }
      expect(modelOf(persisted.value, persisted.context)).toEqual(modelOf(path.state.value, path.state.context as CaseContext));
    }
  });
});
