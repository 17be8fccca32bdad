import { caseSetup, extensionHandlers, initialContext, slaHandlers, suspensionHandlers } from './case.setup';

/** 整改台账条目: one problem of a ledger, from assignment to 销号 (DESIGN.md §2.1). */
export const rectificationMachine = caseSetup.createMachine({
  id: 'rectification',
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
      on: {
        ACCEPT: { guard: 'notSuspended', target: 'rectifying' },
        RETURN: { guard: 'notSuspended', target: 'opened', actions: 'countReturn' },
        ...suspensionHandlers,
      },
    },
    rectifying: {
      initial: 'inProgress',
      on: { ...extensionHandlers, ...suspensionHandlers },
      states: {
        inProgress: {
          entry: 'resetEscalation',
          on: { SUBMIT_REPORT: { guard: 'notSuspended', target: 'awaitingVerification' } },
        },
        awaitingVerification: {
          entry: 'resetEscalation',
          on: {
            VERIFY_PASS: { guard: 'notSuspended', target: '#rectification.verified', actions: 'recordVerifier' },
            VERIFY_FAIL: { guard: 'notSuspended', target: 'inProgress', actions: 'countRework' },
          },
        },
      },
    },
    verified: {
      entry: 'resetEscalation',
      on: {
        APPROVE_CLOSURE: { target: 'closed' },
        REJECT_CLOSURE: { target: '#rectification.rectifying.inProgress' },
      },
    },
    closed: {
      entry: 'resetEscalation',
      on: { REOPEN: { target: '#rectification.rectifying.inProgress', actions: 'countReopen' } },
    },
  },
});
