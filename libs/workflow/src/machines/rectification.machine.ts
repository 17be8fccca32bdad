import { lifecycleMachine } from './lifecycle.machine';

/** 整改台账条目: one problem of a ledger, from assignment to 销号 (DESIGN.md §2.1). */
export const rectificationMachine = lifecycleMachine('rectification', {
  inProgress: { SUBMIT_REPORT: { guard: 'notSuspended', target: 'awaitingVerification' } },
  awaitingVerification: {
    VERIFY_PASS: { guard: 'notSuspended', target: '#rectification.verified', actions: 'recordVerifier' },
    VERIFY_FAIL: { guard: 'notSuspended', target: 'inProgress', actions: 'countRework' },
  },
});
