import { caseSetup, extensionHandlers, initialContext, slaHandlers, suspensionHandlers } from './case.setup';

/** 12345热线工单: dispatch, sign-for, handling, reply, callback (回访) and close-out (DESIGN.md §2.2). */
export const hotlineMachine = caseSetup.createMachine({
  id: 'hotline',
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
          on: { REPLY: { guard: 'notSuspended', target: 'awaitingVerification' } },
        },
        awaitingVerification: {
          entry: 'resetEscalation',
          on: {
            CALLBACK: [
              { guard: 'callerUnsatisfied', target: 'inProgress', actions: 'countRework' },
              { target: '#hotline.verified', actions: 'recordVerifier' },
            ],
          },
        },
      },
    },
    verified: {
      entry: 'resetEscalation',
      on: {
        APPROVE_CLOSURE: { target: 'closed' },
        REJECT_CLOSURE: { target: '#hotline.rectifying.inProgress' },
      },
    },
    closed: {
      entry: 'resetEscalation',
      on: { REOPEN: { target: '#hotline.rectifying.inProgress', actions: 'countReopen' } },
    },
  },
});
