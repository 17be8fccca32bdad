import { caseSetup, initialContext, slaHandlers, suspensionHandlers } from './case.setup';

/**
 * 问责 under the 问责条例 (DESIGN.md §2.3): opened → assigned (investigating) → rectifying.deciding →
 * verified (decided) → closed (executed). A supervisor may also decide that no accountability is due.
 */
export const accountabilityMachine = caseSetup.createMachine({
  id: 'accountability',
  context: initialContext,
  initial: 'opened',
  on: slaHandlers,
  states: {
    opened: {
      entry: 'resetEscalation',
      on: { ASSIGN: { target: 'assigned' } },
    },
    assigned: {
      entry: 'resetEscalation',
      on: { SUBMIT_FINDINGS: { guard: 'notSuspended', target: 'rectifying' }, ...suspensionHandlers },
    },
    rectifying: {
      initial: 'deciding',
      on: suspensionHandlers,
      states: {
        deciding: {
          entry: 'resetEscalation',
          on: {
            DECIDE: { guard: 'notSuspended', target: '#accountability.verified' },
            DISMISS: { guard: 'notSuspended', target: '#accountability.closed' },
          },
        },
      },
    },
    verified: {
      entry: 'resetEscalation',
      on: { RECORD_EXECUTION: { target: 'closed' } },
    },
    closed: { entry: 'resetEscalation' },
  },
});
