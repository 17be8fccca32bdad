import { caseSetup, extensionHandlers, initialContext, slaHandlers, suspensionHandlers } from './case.setup';

type Transitions = Parameters<typeof caseSetup.createMachine>[0]['on'];

/**
 * The life cycle that rectification items and hotline work orders share (DESIGN.md §2.2 is "the
 * table of §2.1 with these differences"): only the work in `rectifying` differs between them.
 */
export function lifecycleMachine(
  id: 'rectification' | 'hotline',
  work: { inProgress: Transitions; awaitingVerification: Transitions },
) {
  return caseSetup.createMachine({
    id,
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
          inProgress: { entry: 'resetEscalation', on: work.inProgress },
          awaitingVerification: { entry: 'resetEscalation', on: work.awaitingVerification },
        },
      },
      verified: {
        entry: 'resetEscalation',
        on: {
          APPROVE_CLOSURE: { target: 'closed' },
          REJECT_CLOSURE: { target: `#${id}.rectifying.inProgress` },
        },
      },
      closed: {
        entry: 'resetEscalation',
        on: { REOPEN: { target: `#${id}.rectifying.inProgress`, actions: 'countReopen' } },
      },
    },
  });
}
