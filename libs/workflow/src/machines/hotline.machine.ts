import { lifecycleMachine } from './lifecycle.machine';

/**
 * 12345热线工单 (DESIGN.md §2.2): the unit answers (REPLY) instead of reporting, and the callback
 * (回访) verifies — an unsatisfied caller sends it back for a redo (重办).
 */
export const hotlineMachine = lifecycleMachine('hotline', {
  inProgress: { REPLY: { guard: 'notSuspended', target: 'awaitingVerification' } },
  awaitingVerification: {
    CALLBACK: [
      { guard: 'callerUnsatisfied', target: 'inProgress', actions: 'countRework' },
      { target: '#hotline.verified', actions: 'recordVerifier' },
    ],
  },
});
