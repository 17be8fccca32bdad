import { assign, setup } from 'xstate';
import { CaseContext, INITIAL_CONTEXT, MachineEvent } from '../case.type';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Guards and actions shared by every case machine. Guards read only the snapshot and the event;
 * actions only assign context. Who may send an event is the policy's business, not the machine's.
 * Whether a state accepts an event may depend only on the state, `suspended` and `extension`
 * (the engine caches it on those; the model test checks it).
 */
export const caseSetup = setup({
  types: {
    context: {} as CaseContext,
    events: {} as MachineEvent,
    input: {} as Partial<CaseContext> | undefined,
  },
  guards: {
    notSuspended: ({ context }) => context.suspended === null,
    isSuspended: ({ context }) => context.suspended !== null,
    canRequestExtension: ({ context }) => context.suspended === null && context.extension === null,
    extensionPending: ({ context }) => context.extension !== null,
    callerUnsatisfied: ({ event }) => event.satisfaction === 'unsatisfied',
    /** An obligation needing n accepted submissions (a `count` duty) closes on the n-th. */
    lastRequiredAcceptance: ({ context }) => context.suspended === null && (context.acceptedCount ?? 0) + 1 >= (context.requiredCount ?? 1),
  },
  actions: {
    countRework: assign({ reworkCount: ({ context }) => context.reworkCount + 1 }),
    countReturn: assign({ returnCount: ({ context }) => context.returnCount + 1 }),
    countReopen: assign({ reopenCount: ({ context }) => context.reopenCount + 1 }),
    recordVerifier: assign({ lastVerifiedBy: ({ event }) => event.actorId }),
    countAcceptance: assign({ acceptedCount: ({ context }) => (context.acceptedCount ?? 0) + 1 }),
    recordRequiredCount: assign({ requiredCount: ({ context, event }) => (typeof event.requiredCount === 'number' ? event.requiredCount : context.requiredCount) }),
    recordExtensionRequest: assign({
      extension: ({ event }) => ({
        dueAt: str(event.dueAt),
        reason: str(event.reason),
        requestedBy: event.actorId,
        requestedAt: event.at,
      }),
    }),
    clearExtensionRequest: assign({ extension: null }),
    suspend: assign({ suspended: ({ event }) => ({ reason: str(event.reason), by: event.actorId, since: event.at }) }),
    resume: assign({ suspended: null }),
    /** Each state with a deadline starts with a clean escalation ladder. */
    resetEscalation: assign({ escalationLevel: 0 }),
    escalate: assign({
      escalationLevel: ({ context, event }) => Math.max(context.escalationLevel, Number(event.level) || 0),
    }),
    noteSlaEvent: () => undefined,
  },
});

export const initialContext = ({ input }: { input: Partial<CaseContext> | undefined }): CaseContext => ({
  ...INITIAL_CONTEXT,
  ...input,
});

/** System events are accepted in every state so a timer that races a transition is never an error. */
export const slaHandlers = {
  SLA_WARNING: { actions: 'noteSlaEvent' },
  SLA_BREACHED: { actions: 'noteSlaEvent' },
  ESCALATE: { actions: 'escalate' },
  LINKED_ESCALATION: { actions: 'noteSlaEvent' },
  DEADLINE_REPLANNED: { actions: 'noteSlaEvent' },
} as const;

export const suspensionHandlers = {
  SUSPEND: { guard: 'notSuspended', actions: 'suspend' },
  RESUME: { guard: 'isSuspended', actions: 'resume' },
} as const;

export const extensionHandlers = {
  REQUEST_EXTENSION: { guard: 'canRequestExtension', actions: 'recordExtensionRequest' },
  // An approved extension moves the deadline, so the escalation ladder starts again.
  APPROVE_EXTENSION: { guard: 'extensionPending', actions: ['clearExtensionRequest', 'resetEscalation'] },
  REJECT_EXTENSION: { guard: 'extensionPending', actions: 'clearExtensionRequest' },
} as const;
