import { z } from 'zod';
import { type Duration, isDurationString, parseDuration } from '@app/calendar';
import { CASE_KINDS, type CaseKind, type StateInfo } from '@app/workflow';

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

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const UNIT_MS = { h: HOUR_MS, m: 60_000, s: 1_000 } as const;

/** Wall-clock length; a working-day duration has no fixed one. */
const wallMs = (d: Duration): number | null => (d.unit === 'wd' ? null : d.amount * UNIT_MS[d.unit]);

/**
 * Whether `a` is surely shorter than `b` on every calendar: n working days are at least n whole
 * days (each is a different date) and may be many more (a holiday week), so a wall-clock time is
 * surely shorter than n working days only when under n × 24 h, and never surely longer.
 */
export function surelyShorter(a: Duration, b: Duration): boolean {
  if (a.unit === 'wd' && b.unit === 'wd') return a.amount < b.amount;
  if (a.unit === 'wd') return false;
  const ms = wallMs(a)!;
  return b.unit === 'wd' ? ms < b.amount * DAY_MS : ms < wallMs(b)!;
}

type Ctx = z.RefinementCtx;
const issue = (ctx: Ctx, path: (string | number)[], message: string, code = 'conflict') => ctx.addIssue({ code: 'custom', path, message, params: { code } });

function checkDurations(r: { deadline: string; warnBefore?: string; escalation: { after: string }[] }, ctx: Ctx): void {
  const durations = [r.warnBefore, ...r.escalation.map((e) => e.after), r.deadline === CASE_DUE_AT ? undefined : r.deadline];
  if (durations.some((d) => d !== undefined && !isDurationString(d))) return; // already reported by field
  const deadline = r.deadline === CASE_DUE_AT ? null : parseDuration(r.deadline);
  if (deadline && deadline.amount === 0) issue(ctx, ['deadline'], 'a deadline must be longer than zero', 'too_small');
  if (r.warnBefore) {
    const warn = parseDuration(r.warnBefore);
    if (warn.amount === 0) issue(ctx, ['warnBefore'], 'a warning must come some time before the deadline; leave warnBefore out for none', 'too_small');
    else if (deadline && deadline.amount > 0 && !surelyShorter(warn, deadline)) {
      issue(ctx, ['warnBefore'], `warnBefore ${r.warnBefore} is not surely shorter than the deadline ${r.deadline}: the warning would come before the case entered the state`);
    }
  }
  r.escalation.forEach((step, i) => {
    if (i === 0) return;
    const previous = parseDuration(r.escalation[i - 1].after);
    if (!surelyShorter(previous, parseDuration(step.after))) {
      const why =
        previous.unit === 'wd' && step.after.endsWith('wd') === false
          ? 'a step in hours, minutes or seconds cannot follow one in working days (a holiday could put it first)'
          : `it must come after level ${i} (${r.escalation[i - 1].after})`;
      issue(ctx, ['escalation', i, 'after'], `level ${i + 1} at ${step.after}: ${why}`);
    }
  });
}

/**
 * Validates a rule set against the machines: `statesOf` describes each kind's states. A rule
 * names a state a case can sit in and leave (not a final one, not a parent that only groups
 * others); its warning comes before its deadline; its ladder goes up in time.
 */
export function slaRulesSchema(statesOf: (kind: CaseKind) => readonly StateInfo[]) {
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
      const states = statesOf(r.kind);
      const state = states.find((s) => s.path === r.state);
      const settled = states.filter((s) => !s.final && !s.children.length).map((s) => s.path);
      if (!state) {
        issue(ctx, ['state'], `${r.kind} has no state ${r.state}; states with deadlines: ${settled.join(', ')}`, 'not_in_list');
      } else if (state.final) {
        issue(ctx, ['state'], `${r.state} is final: a case there is finished and can never be late`, 'not_in_list');
      } else if (state.children.length) {
        issue(ctx, ['state'], `${r.state} only groups ${state.children.join(', ')}: give each of those its own rule`, 'not_in_list');
      }
      const levels = r.escalation.map((e) => e.level);
      if (levels.some((l, i) => l !== i + 1)) {
        ctx.addIssue({ code: 'custom', path: ['escalation'], message: 'levels must be 1, 2, 3 in order, without gaps' });
        return;
      }
      checkDurations(r, ctx);
      r.escalation.forEach((step, i) => {
        const action = escalationAction(step);
        if (action === 'open-accountability' && r.kind === 'accountability') {
          issue(ctx, ['escalation', i, 'action'], 'an accountability case does not open another one; use notify');
        } else if (action === 'open-rectification' && r.kind !== 'obligation') {
          issue(ctx, ['escalation', i, 'action'], 'open-rectification turns a missed duty of the responsibility list into a rectification item: obligation rules only');
        }
      });
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

/** One difference between the current rules and proposed ones, with what it reaches today. */
export interface RuleChange {
  change: 'added' | 'removed' | 'changed';
  kind: string;
  priority: string;
  state: string;
  before: SlaRule | null;
  after: SlaRule | null;
  /** Timers pending now under the rule this change replaces (they keep their due time) … */
  pendingTimers: number;
  /** … and the cases they belong to: cases that enter the state from now on get the new rule. */
  cases: number;
}

/** Pending timers of cases of one kind and priority in one state. */
export interface PendingGroup {
  kind: string;
  priority: string;
  state: string;
  timers: number;
  cases: number;
}

const keyOf = (r: { kind: string; priority: string; state: string }) => `${r.kind}/${r.priority}/${r.state}`;
const sameRule = (a: SlaRule, b: SlaRule) =>
  a.deadline === b.deadline &&
  (a.warnBefore ?? null) === (b.warnBefore ?? null) &&
  a.escalation.length === b.escalation.length &&
  a.escalation.every((s, i) => s.after === b.escalation[i].after && escalationAction(s) === escalationAction(b.escalation[i]));

/** What publishing `after` over `before` changes, rule by rule, and whose timers each change reaches. */
export function diffRules(before: readonly SlaRule[], after: readonly SlaRule[], pending: readonly PendingGroup[]): RuleChange[] {
  const old = new Map(before.map((r) => [keyOf(r), r]));
  const next = new Map(after.map((r) => [keyOf(r), r]));
  const changes = new Map<string, RuleChange>();
  const add = (change: RuleChange['change'], r: SlaRule, b: SlaRule | null, a: SlaRule | null) =>
    changes.set(keyOf(r), { change, kind: r.kind, priority: r.priority, state: r.state, before: b, after: a, pendingTimers: 0, cases: 0 });
  for (const [key, r] of old) {
    const n = next.get(key);
    if (!n) add('removed', r, r, null);
    else if (!sameRule(r, n)) add('changed', r, r, n);
  }
  for (const [key, r] of next) if (!old.has(key)) add('added', r, null, r);
  for (const g of pending) {
    const was = findRule(before, g.kind, g.priority, g.state);
    const will = findRule(after, g.kind, g.priority, g.state);
    if (was && will && keyOf(was) === keyOf(will) && sameRule(was, will)) continue;
    const change = (will && changes.get(keyOf(will))) ?? (was && changes.get(keyOf(was)));
    if (!change) continue;
    change.pendingTimers += g.timers;
    change.cases += g.cases;
  }
  return [...changes.values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}
