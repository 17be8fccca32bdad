import { caseSetup, extensionHandlers, initialContext, slaHandlers, suspensionHandlers } from './case.setup';

/**
 * 履责事项 (DESIGN.md §11): one duty of the responsibility list for one unit and one period. The
 * system assigns it when the list is published; the unit submits evidence (SUBMIT_REPORT); the
 * reviewer accepts or sends it back. The acceptance that reaches the required count closes it —
 * no separate 销号 for a duty done. A revised list (REVISE) changes it in place; one that no longer
 * has the duty withdraws it (WITHDRAW: closed, but not done).
 */
export const obligationMachine = caseSetup.createMachine({
  id: 'obligation',
  context: initialContext,
  initial: 'opened',
  on: slaHandlers,
  states: {
    opened: {
      entry: 'resetEscalation',
      on: { ASSIGN: { target: 'assigned', actions: 'recordRequiredCount' } },
    },
    assigned: {
      entry: 'resetEscalation',
      on: {
        SUBMIT_REPORT: { guard: 'notSuspended', target: 'rectifying.awaitingVerification' },
        REVISE: { actions: 'recordRequiredCount' },
        WITHDRAW: { target: '#obligation.closed.withdrawn' },
        ...extensionHandlers,
        ...suspensionHandlers,
      },
    },
    rectifying: {
      initial: 'inProgress',
      on: { REVISE: { actions: 'recordRequiredCount' }, WITHDRAW: { target: '#obligation.closed.withdrawn' }, ...extensionHandlers, ...suspensionHandlers },
      states: {
        inProgress: {
          entry: 'resetEscalation',
          on: { SUBMIT_REPORT: { guard: 'notSuspended', target: 'awaitingVerification' } },
        },
        awaitingVerification: {
          entry: 'resetEscalation',
          on: {
            VERIFY_PASS: [
              { guard: 'lastRequiredAcceptance', target: '#obligation.closed.done', actions: ['countAcceptance', 'recordVerifier'] },
              { guard: 'notSuspended', target: 'inProgress', actions: ['countAcceptance', 'recordVerifier'] },
            ],
            VERIFY_FAIL: { guard: 'notSuspended', target: 'inProgress', actions: 'countRework' },
          },
        },
      },
    },
    closed: {
      entry: 'resetEscalation',
      initial: 'done',
      states: {
        done: { on: { REOPEN: { target: '#obligation.rectifying.inProgress', actions: 'countReopen' } } },
        withdrawn: {},
      },
    },
  },
});
