import { machineGraph } from './machine-graph';
import { SYSTEM_EVENTS } from './case.type';
import { accountabilityV1, hotlineV1, rectificationV1 } from './registry';

const edges = (machine: typeof rectificationV1.machine, from: string) =>
  machineGraph(machine)
    .transitions.filter((t) => t.from === from && !(SYSTEM_EVENTS as readonly string[]).includes(t.event))
    .map((t) => `${t.event}${t.guard ? `[${t.guard}]` : ''} → ${t.to}${t.selfTransition ? ' (self)' : ''}`);

describe('machineGraph: the machines as data', () => {
  it('publishes the extension and suspension events as self-transitions of every rectifying state', () => {
    expect(edges(rectificationV1.machine, 'rectifying.inProgress')).toEqual([
      'SUBMIT_REPORT[notSuspended] → rectifying.awaitingVerification',
      'REQUEST_EXTENSION[canRequestExtension] → rectifying.inProgress (self)',
      'APPROVE_EXTENSION[extensionPending] → rectifying.inProgress (self)',
      'REJECT_EXTENSION[extensionPending] → rectifying.inProgress (self)',
      'SUSPEND[notSuspended] → rectifying.inProgress (self)',
      'RESUME[isSuspended] → rectifying.inProgress (self)',
    ]);
    expect(edges(rectificationV1.machine, 'assigned')).toEqual([
      'ACCEPT[notSuspended] → rectifying.inProgress',
      'RETURN[notSuspended] → opened',
      'SUSPEND[notSuspended] → assigned (self)',
      'RESUME[isSuspended] → assigned (self)',
    ]);
  });

  it('publishes both branches of the callback, in the order the machine tries them', () => {
    expect(edges(hotlineV1.machine, 'rectifying.awaitingVerification').filter((e) => e.startsWith('CALLBACK'))).toEqual([
      'CALLBACK[callerUnsatisfied] → rectifying.inProgress',
      'CALLBACK → verified',
    ]);
  });

  it('gives every state its parent, initial and final flags; deadline events are self-transitions everywhere', () => {
    const { states, transitions } = machineGraph(accountabilityV1.machine);
    expect(states.find((s) => s.path === 'rectifying.deciding')).toEqual({ path: 'rectifying.deciding', parent: 'rectifying', initial: true, final: false, compound: false });
    expect(states.filter((s) => s.final).map((s) => s.path)).toEqual(['closed']);
    expect(states.filter((s) => s.initial && s.parent === null).map((s) => s.path)).toEqual(['opened']);
    const atomic = states.filter((s) => !s.compound).map((s) => s.path);
    for (const state of atomic) expect(transitions.filter((t) => t.from === state && t.event === 'ESCALATE')).toEqual([{ from: state, event: 'ESCALATE', to: state, selfTransition: true }]);
  });
});
