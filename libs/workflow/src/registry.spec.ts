import { applyTransition, initialSnapshot, parseEvent, stateDetailOf } from './engine';
import { caseSetup, extensionHandlers, initialContext, slaHandlers, suspensionHandlers } from './machines/case.setup';
import { PersistedSnapshot } from './case.type';
import { CaseMachineDefinition } from './machine-definition.type';
import { toMermaid } from './mermaid.util';
import { createDefaultRegistry, hotlineV1, rectificationV1 } from './registry';

const UNIT = '0b8f1f5e-5a4b-4c1e-9a57-1f0d4a0c0a01';
const meta = { actorId: 'a', at: '2026-11-27T00:00:00.000Z' };

/** A hypothetical v2 where verification is renamed `underReview` and gains a `REQUEST_INFO` loop. */
const rectificationV2Machine = caseSetup.createMachine({
  id: 'rectification',
  context: initialContext,
  initial: 'opened',
  on: slaHandlers,
  states: {
    opened: { on: { ASSIGN: 'assigned' } },
    assigned: { on: { ACCEPT: 'rectifying', RETURN: 'opened', ...suspensionHandlers } },
    rectifying: {
      initial: 'inProgress',
      on: { ...extensionHandlers, ...suspensionHandlers },
      states: {
        inProgress: { on: { SUBMIT_REPORT: 'underReview' } },
        underReview: {
          on: {
            VERIFY_PASS: { target: '#rectification.verified', actions: 'recordVerifier' },
            VERIFY_FAIL: { target: 'inProgress', actions: 'countRework' },
            REQUEST_INFO: 'inProgress',
          },
        },
      },
    },
    verified: { on: { APPROVE_CLOSURE: 'closed', REJECT_CLOSURE: '#rectification.rectifying.inProgress' } },
    closed: { on: { REOPEN: '#rectification.rectifying.inProgress' } },
  },
});

const rename = (value: PersistedSnapshot['value']): PersistedSnapshot['value'] =>
  JSON.parse(JSON.stringify(value).replace('"awaitingVerification"', '"underReview"'));

const rectificationV2: CaseMachineDefinition = {
  ...rectificationV1,
  version: 2,
  machine: rectificationV2Machine,
  schemas: { ...rectificationV1.schemas, REQUEST_INFO: rectificationV1.schemas.RETURN },
  policy: { ...rectificationV1.policy, REQUEST_INFO: { roles: ['inspector'] } },
  migrateFrom: { fromVersion: 1, migrate: (s) => ({ ...s, value: rename(s.value) }) },
};

function run(definition: CaseMachineDefinition, from: PersistedSnapshot, ...bodies: Record<string, unknown>[]) {
  return bodies.reduce((s, body) => applyTransition(definition, s, parseEvent(definition, body), meta).snapshot, from);
}

describe('machine versions', () => {
  const awaitingOnV1 = run(rectificationV1, initialSnapshot(rectificationV1), { type: 'ASSIGN', unitId: UNIT }, { type: 'ACCEPT' }, { type: 'SUBMIT_REPORT', summary: 's' });

  it('starts new cases on the latest version while open cases keep theirs', () => {
    const registry = createDefaultRegistry().register(rectificationV2);
    expect(registry.latest('rectification').version).toBe(2);
    expect(registry.versions('rectification')).toEqual([1, 2]);
    const v1 = registry.get('rectification', 1);
    const closed = run(v1, awaitingOnV1, { type: 'VERIFY_PASS' }, { type: 'APPROVE_CLOSURE' });
    expect(stateDetailOf(closed.value as never)).toBe('closed');
  });

  it('cannot restore a v1 snapshot on v2 without migration, and can after it', () => {
    const registry = createDefaultRegistry().register(rectificationV2);
    const v2 = registry.get('rectification', 2);
    expect(() => run(v2, awaitingOnV1, { type: 'VERIFY_PASS' })).toThrow();
    const migrated = registry.migrate('rectification', awaitingOnV1, 1);
    expect(migrated.version).toBe(2);
    expect(stateDetailOf(migrated.snapshot.value as never)).toBe('rectifying.underReview');
    expect(migrated.snapshot.context).toEqual(awaitingOnV1.context);
    const back = run(v2, migrated.snapshot, { type: 'REQUEST_INFO', reason: '补充材料' });
    expect(stateDetailOf(back.value as never)).toBe('rectifying.inProgress');
  });

  it('refuses a migration path that does not exist', () => {
    const registry = createDefaultRegistry().register({ ...rectificationV2, version: 3, migrateFrom: undefined });
    expect(() => registry.migrate('rectification', awaitingOnV1, 1)).toThrow(/no migration of rectification from v1 to v2/);
  });

  it('refuses to register the same version twice', () => {
    expect(() => createDefaultRegistry().register(rectificationV1)).toThrow(/already registered/);
  });
});

describe('Mermaid diagram', () => {
  it('is generated from the machine, nested states and guards included', () => {
    const diagram = toMermaid(rectificationV1.machine);
    expect(diagram.split('\n')[0]).toBe('stateDiagram-v2');
    expect(diagram).toContain('[*] --> opened');
    expect(diagram).toContain('opened --> assigned : ASSIGN');
    expect(diagram).toContain('state "rectifying" as rectifying {');
    expect(diagram).toContain('rectifying_inProgress --> rectifying_awaitingVerification : SUBMIT_REPORT');
    expect(diagram).toContain('rectifying_awaitingVerification --> verified : VERIFY_PASS');
    expect(diagram).toContain('closed --> rectifying_inProgress : REOPEN');
    expect(diagram).not.toContain('SLA_WARNING');
  });

  it('names the guard where one event branches', () => {
    const diagram = toMermaid(hotlineV1.machine);
    expect(diagram).toContain('rectifying_awaitingVerification --> rectifying_inProgress : CALLBACK [callerUnsatisfied]');
    expect(diagram).toContain('rectifying_awaitingVerification --> verified : CALLBACK');
  });
});
