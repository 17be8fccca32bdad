import type { CaseKind, EscalationStep, FieldError, SlaPriority, SlaRule, Workflow } from '../../api/types';
import { locateRuleError, ruleErrorText, splitDuration, type RuleColumn } from '../../i18n/sla-text';

/** A rule being edited, with an id of its own: the API names rules by their place in the list sent. */
export interface DraftRule extends SlaRule {
  id: string;
}

export interface CellError {
  ruleId: string;
  column: RuleColumn;
  text: string;
}

export const RULE_KINDS: CaseKind[] = ['rectification', 'hotline', 'accountability', 'obligation'];

let lastId = 0;

export function draftOf(rule: SlaRule): DraftRule {
  return { ...rule, escalation: rule.escalation.map((s) => ({ ...s })), id: `rule-${++lastId}` };
}

/** The rule as the API takes it (no id, no empty warning). */
export function ruleOf({ id: _id, warnBefore, ...rule }: DraftRule): SlaRule {
  return warnBefore === undefined ? rule : { ...rule, warnBefore };
}

export const ruleKey = (r: { kind: string; priority: string; state: string }) => `${r.kind}/${r.priority}/${r.state}`;

/** A new rule's starting values: a week of working days, a day's warning, 催办 at the breach. */
export function newRule(kind: CaseKind, priority: SlaPriority, state: string): DraftRule {
  return draftOf({ kind, priority, state, deadline: '5wd', warnBefore: '1wd', escalation: [{ level: 1, after: '0s' }] });
}

/** The next rung of a ladder: two more of the last one's unit, or three working days after a breach-time first step. */
export function nextStep(ladder: EscalationStep[]): EscalationStep {
  const level = (ladder.length + 1) as EscalationStep['level'];
  const last = splitDuration(ladder[ladder.length - 1]?.after);
  if (!last) return { level, after: '0s' };
  const amount = Number(last.amount || 0);
  return { level, after: amount === 0 ? '3wd' : `${amount + 2}${last.unit}` };
}

/** Rules in the order the machine lists its states, then 不限, 一般, 紧急. */
export function sortRules(rules: DraftRule[], workflow: Workflow | undefined): DraftRule[] {
  const order = (state: string) => {
    const at = workflow?.states.findIndex((s) => s.path === state) ?? -1;
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  const rank = { any: 0, normal: 1, urgent: 2 } as const;
  return [...rules].sort((a, b) => order(a.state) - order(b.state) || rank[a.priority] - rank[b.priority]);
}

/** The API's field errors placed on the table: `sent` are the ids of the rules in the order they were sent. */
export function placeErrors(errors: FieldError[], sent: DraftRule[]): { cells: CellError[]; general: string[] } {
  const cells: CellError[] = [];
  const general: string[] = [];
  for (const error of errors) {
    const place = locateRuleError(error.field);
    const rule = place ? sent[place.index] : undefined;
    const text = ruleErrorText(error, rule);
    if (place && rule) {
      if (!cells.some((c) => c.ruleId === rule.id && c.column === place.column && c.text === text)) cells.push({ ruleId: rule.id, column: place.column, text });
    } else if (!general.includes(text)) {
      general.push(text);
    }
  }
  return { cells, general };
}
