import type { Role } from '@app/workflow';

/** What a notice tells its reader (the console words them). */
export const NOTICE_KINDS = ['assigned', 'returned', 'awaiting-verification', 'awaiting-approval', 'warning', 'breached', 'escalated'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Extra conditions an event must meet for a rule, besides its type and the reader's scope. */
export type NoticeCondition = 'own-unit' | 'reviewer-unit' | 'hotline' | 'to-verified' | 'back-to-unit' | 'supervised-level';

export interface NoticeRule {
  role: Role;
  kind: NoticeKind;
  types: readonly string[];
  where?: NoticeCondition;
}

/**
 * Who hears of what (DESIGN.md §4 and the inboxes): a unit hears of work given to it, sent back
 * to it and its deadlines; inspectors of what awaits their verification and of late cases;
 * agents of returned and answered orders; supervisors of what awaits their approval and of 督办.
 */
export const NOTICE_RULES: readonly NoticeRule[] = [
  { role: 'unit_officer', kind: 'assigned', types: ['ASSIGN'], where: 'own-unit' },
  { role: 'unit_officer', kind: 'returned', types: ['VERIFY_FAIL', 'REOPEN', 'REJECT_CLOSURE'], where: 'own-unit' },
  // A caller not satisfied sends the order back to the unit (重办).
  { role: 'unit_officer', kind: 'returned', types: ['CALLBACK'], where: 'back-to-unit' },
  { role: 'unit_officer', kind: 'awaiting-verification', types: ['SUBMIT_REPORT'], where: 'reviewer-unit' },
  { role: 'unit_officer', kind: 'warning', types: ['SLA_WARNING'], where: 'own-unit' },
  { role: 'unit_officer', kind: 'breached', types: ['SLA_BREACHED'], where: 'own-unit' },
  { role: 'unit_officer', kind: 'escalated', types: ['ESCALATE'], where: 'own-unit' },
  { role: 'inspector', kind: 'returned', types: ['RETURN'] },
  { role: 'inspector', kind: 'awaiting-verification', types: ['SUBMIT_REPORT', 'REPLY'] },
  { role: 'inspector', kind: 'breached', types: ['SLA_BREACHED'] },
  { role: 'inspector', kind: 'escalated', types: ['ESCALATE'] },
  { role: 'hotline_agent', kind: 'returned', types: ['RETURN'], where: 'hotline' },
  { role: 'hotline_agent', kind: 'awaiting-verification', types: ['REPLY'], where: 'hotline' },
  { role: 'supervisor', kind: 'awaiting-approval', types: ['REQUEST_EXTENSION', 'SUBMIT_FINDINGS'] },
  { role: 'supervisor', kind: 'awaiting-approval', types: ['VERIFY_PASS', 'CALLBACK'], where: 'to-verified' },
  { role: 'supervisor', kind: 'escalated', types: ['ESCALATE'], where: 'supervised-level' },
];

/** The rules that apply to someone with these roles, in order (the first match names the notice). */
export const rulesFor = (roles: readonly Role[]): NoticeRule[] => NOTICE_RULES.filter((r) => roles.includes(r.role));

/** The event facts a rule looks at. */
export interface NoticeEvent {
  type: string;
  toState: string;
  kind: string;
  /** The unit the case was with after the event (case_events.unit_id), not where it is now. */
  unitId: string | null;
  reviewerUnitId: string | null;
  level: number | null;
}

export function meets(rule: NoticeRule, e: NoticeEvent, ownUnits: readonly string[]): boolean {
  if (!rule.types.includes(e.type)) return false;
  switch (rule.where) {
    case 'own-unit':
      return e.unitId !== null && ownUnits.includes(e.unitId);
    case 'reviewer-unit':
      return e.reviewerUnitId !== null && ownUnits.includes(e.reviewerUnitId);
    case 'back-to-unit':
      return e.toState === 'rectifying.inProgress' && e.unitId !== null && ownUnits.includes(e.unitId);
    case 'hotline':
      return e.kind === 'hotline';
    case 'to-verified':
      return e.toState === 'verified';
    case 'supervised-level':
      return (e.level ?? 0) >= 2; // 督办 and 问责 reach the supervisor; 催办 stays with the unit
    default:
      return true;
  }
}

/** The notice an event is for this reader, or none. */
export function noticeKindOf(roles: readonly Role[], e: NoticeEvent, ownUnits: readonly string[]): NoticeKind | null {
  return rulesFor(roles).find((r) => meets(r, e, ownUnits))?.kind ?? null;
}
