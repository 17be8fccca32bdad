import { z } from 'zod';
import { isDurationString } from '@app/calendar';
import { CASE_KINDS, type CaseKind } from '@app/workflow';

export const CASE_DUE_AT = 'caseDueAt';

/**
 * What a step does besides raising the level: level 3 opens the accountability case (问责) unless
 * told otherwise; a missed duty of the responsibility list opens a rectification item (整改台账).
 */
export const ESCALATION_ACTIONS = ['notify', 'open-rectification', 'open-accountability'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

export interface EscalationStep {
  level: 1 | 2 | 3;
  /** Time after the breach: 0s (at the breach), 3wd, … */
  after: string;
  action?: EscalationAction;
}

/** What a level does when its step does not say. */
export const defaultEscalationAction = (level: number): EscalationAction => (level === 3 ? 'open-accountability' : 'notify');

export function escalationAction(step: EscalationStep): EscalationAction {
  return step.action ?? defaultEscalationAction(step.level);
}

/** The deadline of one state of one kind (and priority), its warning and its escalation ladder. */
export interface SlaRule {
  kind: CaseKind;
  priority: 'normal' | 'urgent' | 'any';
  state: string;
  /** A duration from entering the state ('1wd', '2h', '30m', '10s'), or 'caseDueAt' (the case's own deadline). */
  deadline: string;
  warnBefore?: string;
  escalation: EscalationStep[];
}

export interface SlaPolicy {
  version: number;
  rules: SlaRule[];
  createdAt: string;
  createdBy: string;
}

const duration = (what: string) =>
  z.string({ error: `${what} must be a duration such as 5wd, 24h, 30m or 10s` }).refine(isDurationString, {
    error: `${what} must be a duration such as 5wd, 24h, 30m or 10s`,
    params: { code: 'invalid_format' },
  });

/** Validates a rule set; `statesOf` names the states each kind's machine has. */
export function slaRulesSchema(statesOf: (kind: CaseKind) => readonly string[]) {
  const rule = z
    .strictObject({
      kind: z.enum(CASE_KINDS, { error: `kind must be one of: ${CASE_KINDS.join(', ')}` }),
      priority: z.enum(['normal', 'urgent', 'any'], { error: 'priority must be normal, urgent or any' }),
      state: z.string({ error: 'state must be a state path such as rectifying.inProgress' }),
      deadline: z.union([z.literal(CASE_DUE_AT), duration('deadline')], {
        error: `deadline must be a duration such as 5wd, 24h, 30m or 10s, or ${CASE_DUE_AT}`,
      }),
      warnBefore: duration('warnBefore').optional(),
      escalation: z
        .array(
          z.strictObject({
            level: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'level must be 1, 2 or 3' }),
            after: duration('after'),
            action: z.enum(ESCALATION_ACTIONS, { error: `action must be one of: ${ESCALATION_ACTIONS.join(', ')}` }).optional(),
          }),
        )
        .max(3),
    })
    .superRefine((r, ctx) => {
      if (!statesOf(r.kind).includes(r.state)) {
        ctx.addIssue({ code: 'custom', path: ['state'], message: `${r.kind} has no state ${r.state}; states: ${statesOf(r.kind).join(', ')}`, params: { code: 'not_in_list' } });
      }
      const levels = r.escalation.map((e) => e.level);
      if (levels.some((l, i) => l !== i + 1)) {
        ctx.addIssue({ code: 'custom', path: ['escalation'], message: 'levels must be 1, 2, 3 in order, without gaps' });
      }
    });
  return z.array(rule).max(300).superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      const key = `${r.kind}/${r.priority}/${r.state}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `a second rule for ${key}` });
      seen.add(key);
    });
  });
}

/** The rule for a case in a state: one for its exact priority wins over one for `any`. */
export function findRule(rules: readonly SlaRule[], kind: string, priority: string, state: string): SlaRule | undefined {
  return (
    rules.find((r) => r.kind === kind && r.state === state && r.priority === priority) ??
    rules.find((r) => r.kind === kind && r.state === state && r.priority === 'any')
  );
}
