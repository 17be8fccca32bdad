import { EventPolicy, EventRule } from '../case.type';

const SYSTEM: EventRule = { roles: [], system: true };
const UNIT_OFFICER: EventRule = { roles: ['unit_officer'], unitScoped: true };
const SUPERVISOR: EventRule = { roles: ['supervisor'] };

const systemEvents = { SLA_WARNING: SYSTEM, SLA_BREACHED: SYSTEM, ESCALATE: SYSTEM, LINKED_ESCALATION: SYSTEM, DEADLINE_REPLANNED: SYSTEM };

const sharedLifecycle = {
  ACCEPT: UNIT_OFFICER,
  RETURN: UNIT_OFFICER,
  REQUEST_EXTENSION: UNIT_OFFICER,
  APPROVE_EXTENSION: SUPERVISOR,
  REJECT_EXTENSION: SUPERVISOR,
  APPROVE_CLOSURE: { roles: ['supervisor'], fourEyes: true },
  REJECT_CLOSURE: SUPERVISOR,
  REOPEN: SUPERVISOR,
  SUSPEND: SUPERVISOR,
  RESUME: SUPERVISOR,
} satisfies EventPolicy;

/** Who may send each event of a rectification ledger entry (DESIGN.md §2.1). */
export const rectificationPolicy: EventPolicy = {
  ASSIGN: { roles: ['inspector', 'supervisor'] },
  ...sharedLifecycle,
  SUBMIT_REPORT: UNIT_OFFICER,
  VERIFY_PASS: { roles: ['inspector'] },
  VERIFY_FAIL: { roles: ['inspector'] },
  ...systemEvents,
};

/** Who may send each event of a 12345 work order (DESIGN.md §2.2): agents dispatch and call back. */
export const hotlinePolicy: EventPolicy = {
  ASSIGN: { roles: ['inspector', 'supervisor', 'hotline_agent'] },
  ...sharedLifecycle,
  REPLY: UNIT_OFFICER,
  CALLBACK: { roles: ['hotline_agent', 'inspector'] },
  ...systemEvents,
};

/** Accountability: inspectors investigate and record execution; decisions need a supervisor. */
export const accountabilityPolicy: EventPolicy = {
  ASSIGN: { roles: ['inspector', 'supervisor'] },
  SUBMIT_FINDINGS: { roles: ['inspector'] },
  DECIDE: SUPERVISOR,
  DISMISS: SUPERVISOR,
  RECORD_EXECUTION: { roles: ['inspector'] },
  SUSPEND: SUPERVISOR,
  RESUME: SUPERVISOR,
  ...systemEvents,
};

/** Inspectors, or the officers of the unit the list names to review the duty (县直机关工委). */
const REVIEWER: EventRule = { roles: ['inspector', 'unit_officer'], reviewerScoped: true };

/**
 * 履责事项: the list assigns and revises them (the system, on publishing); the unit submits evidence;
 * inspectors (or the unit named as reviewer) review it. There is no closure approval: the acceptance that completes the duty closes it.
 */
export const obligationPolicy: EventPolicy = {
  ASSIGN: SYSTEM,
  REVISE: SYSTEM,
  WITHDRAW: SYSTEM,
  SUBMIT_REPORT: UNIT_OFFICER,
  VERIFY_PASS: REVIEWER,
  VERIFY_FAIL: REVIEWER,
  REQUEST_EXTENSION: UNIT_OFFICER,
  APPROVE_EXTENSION: SUPERVISOR,
  REJECT_EXTENSION: SUPERVISOR,
  REOPEN: SUPERVISOR,
  SUSPEND: SUPERVISOR,
  RESUME: SUPERVISOR,
  ...systemEvents,
};
