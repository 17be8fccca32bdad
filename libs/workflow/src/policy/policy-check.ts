import { Actor, Role } from '../actor';
import { CaseContext, EventRule } from '../case.type';

export type PolicyRule = 'role' | 'unit-scope' | 'four-eyes' | 'system-only' | 'reviewer';

export type PolicyDecision = { allowed: true; role: Role | 'system' } | { allowed: false; rule: PolicyRule; reason: string };

export interface CaseFacts {
  unitId: string | null;
  /** The unit named to review the case, if any. */
  reviewerUnitId?: string | null;
  context: CaseContext;
}

/** Checks one event rule against the actor and the case: role, unit scope, four eyes. */
export function checkRule(type: string, rule: EventRule, actor: Actor, facts: CaseFacts): PolicyDecision {
  if (actor.system) {
    return rule.system ? { allowed: true, role: 'system' } : { allowed: false, rule: 'role', reason: `${type} is sent by people, not by the system` };
  }
  if (rule.system) return { allowed: false, rule: 'system-only', reason: `${type} is sent only by the deadline sweeper` };
  const role = rule.roles.find((r) => actor.roles.includes(r));
  if (!role) return { allowed: false, rule: 'role', reason: `${type} needs one of the roles: ${rule.roles.join(', ')}` };
  // The actor's own unit, not what they can read: an inspector who is also a unit's liaison may
  // read every case but sign for only their unit's.
  if (rule.unitScoped && role === 'unit_officer' && (facts.unitId === null || !actor.unitSubtree.includes(facts.unitId))) {
    return { allowed: false, rule: 'unit-scope', reason: `${type} may only be sent by an officer of the responsible unit` };
  }
  // A unit named as reviewer reviews others' duties, never its own.
  if (rule.reviewerScoped && role === 'unit_officer') {
    const reviewer = facts.reviewerUnitId;
    if (!reviewer || !actor.unitSubtree.includes(reviewer)) {
      return { allowed: false, rule: 'reviewer', reason: `${type} may only be sent by an inspector or an officer of the unit named to review it` };
    }
    if (facts.unitId !== null && actor.unitSubtree.includes(facts.unitId)) {
      return { allowed: false, rule: 'reviewer', reason: `${type} may not be sent by an officer of the unit whose duty it is` };
    }
  }
  if (rule.fourEyes && facts.context.lastVerifiedBy === actor.id) {
    return {
      allowed: false,
      rule: 'four-eyes',
      reason: `${type} must be approved by someone other than the person who verified the case (four-eyes rule)`,
    };
  }
  return { allowed: true, role };
}
