import type { EscalationAction, EscalationStep, FieldError, SlaPriority, SlaRule } from '../api/types';
import { ESCALATION_LABELS, PRIORITY_LABELS } from './labels';
import { fieldText } from './problem-text';

/** The deadline a rule may take instead of a duration: the case's own (整改时限, 期限 of the list). */
export const CASE_DUE_AT = 'caseDueAt';

export const DURATION_UNITS = ['wd', 'h', 'm', 's'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** As a unit picker names them. */
export const UNIT_OPTION_LABELS: Record<DurationUnit, string> = { wd: '工作日', h: '小时', m: '分钟', s: '秒' };
/** After an amount: 5 个工作日, 24 小时. */
const UNIT_TEXT: Record<DurationUnit, string> = { wd: '个工作日', h: '小时', m: '分钟', s: '秒' };

export const SLA_PRIORITIES: SlaPriority[] = ['any', 'normal', 'urgent'];
export const slaPriorityLabel = (priority: string): string => (priority === 'any' ? '不限' : (PRIORITY_LABELS[priority] ?? priority));

export const ESCALATION_ACTIONS: EscalationAction[] = ['notify', 'open-rectification', 'open-accountability'];

/** What a step may do for a kind (the server refuses the rest): a 问责 opens no other 问责; only a missed duty becomes a rectification item. */
export function actionsFor(kind: string): EscalationAction[] {
  return ESCALATION_ACTIONS.filter((a) => !(a === 'open-accountability' && kind === 'accountability') && !(a === 'open-rectification' && kind !== 'obligation'));
}
export const ACTION_LABELS: Record<EscalationAction, string> = {
  notify: '发送通知',
  'open-rectification': '立整改事项',
  'open-accountability': '立问责案件',
};

/** What a level does when its step does not say (as the server decides it). */
export const defaultAction = (level: number): EscalationAction => (level === 3 ? 'open-accountability' : 'notify');
export const actionOf = (step: EscalationStep): EscalationAction => step.action ?? defaultAction(step.level);

export const levelLabel = (level: number): string => ESCALATION_LABELS[level] ?? `第 ${level} 级`;

const DURATION = /^(\d*)(wd|h|m|s)$/;

/** A duration as the editor holds it: the amount may still be empty while the user types. */
export function splitDuration(value: string | undefined): { amount: string; unit: DurationUnit } | null {
  const match = value === undefined ? null : DURATION.exec(value);
  return match ? { amount: match[1], unit: match[2] as DurationUnit } : null;
}

/** 5wd → 5 个工作日; caseDueAt → 案件自身期限. */
export function durationText(value: string): string {
  if (value === CASE_DUE_AT) return '案件自身期限';
  const parts = splitDuration(value);
  return parts && parts.amount ? `${parts.amount} ${UNIT_TEXT[parts.unit]}` : value;
}

export const warnText = (warnBefore: string | undefined): string => (warnBefore ? `提前 ${durationText(warnBefore)}` : '不预警');

export function stepText(step: EscalationStep | undefined): string {
  if (!step) return '未设置';
  const at = splitDuration(step.after)?.amount === '0' ? '超期时' : `超期后 ${durationText(step.after)}`;
  return `${at}，${ACTION_LABELS[actionOf(step)]}`;
}

/** The cells of the rule table, which a field error of the API is mapped to. */
export type RuleColumn = 'state' | 'deadline' | 'warnBefore' | 'escalation-1' | 'escalation-2' | 'escalation-3';

export const COLUMN_LABELS: Record<RuleColumn, string> = {
  state: '环节',
  deadline: '期限',
  warnBefore: '提前预警',
  'escalation-1': `${levelLabel(1)}（一级）`,
  'escalation-2': `${levelLabel(2)}（二级）`,
  'escalation-3': `${levelLabel(3)}（三级）`,
};

/** `rules.3.escalation.1.after` → the rule at index 3, the 督办 column; null for an error of the whole list. */
export function locateRuleError(field: string): { index: number; column: RuleColumn } | null {
  const match = /^rules\.(\d+)(?:\.(.+))?$/.exec(field);
  if (!match) return null;
  const index = Number(match[1]);
  const rest = match[2] ?? '';
  if (rest === 'deadline' || rest === 'warnBefore') return { index, column: rest };
  const step = /^escalation(?:\.(\d+))?/.exec(rest);
  if (step) return { index, column: `escalation-${Math.min(Number(step[1] ?? 0), 2) + 1}` as RuleColumn };
  return { index, column: 'state' };
}

const ANY_DURATION = '请填写整数时长（如 5 个工作日、24 小时）';

/**
 * A refusal of one rule in Chinese, chosen by field and code; the English message only tells
 * which of the server's reasons applies (a final state or a grouping one, working days first).
 */
export function ruleErrorText(error: Pick<FieldError, 'field' | 'code' | 'message'>, rule?: SlaRule): string {
  const { field, code, message } = error;
  const leaf = field.split('.').pop() ?? '';
  if (/^rules\.\d+$/.test(field)) return '同一类别、优先级和环节已有一条规则，请删除其中一条';
  if (leaf === 'state') {
    if (/is final|only groups/.test(message)) return '该环节不能设置时限（已办结或仅为分组）';
    if (code === 'not_in_list') return '流程中没有这个环节，请重新选择';
  }
  if (leaf === 'deadline') {
    if (code === 'too_small') return '期限须大于 0';
    if (code === 'required') return '请填写期限';
    return `${ANY_DURATION}，或选择“案件自身期限”`;
  }
  if (leaf === 'warnBefore') {
    if (code === 'conflict') return '预警提前量须短于期限';
    if (code === 'too_small') return '预警提前量须大于 0；不需要预警请选择“不预警”';
    return ANY_DURATION;
  }
  if (leaf === 'after') {
    if (code !== 'conflict') return ANY_DURATION;
    if (/cannot follow one in working days/.test(message)) return '升级时间须逐级递增：上一级按工作日计，这一级也须按工作日计（节假日可能使小时数排到前面）';
    const index = Number(field.split('.').slice(-2, -1)[0]);
    const previous = rule?.escalation[index - 1];
    return previous ? `升级时间须逐级递增：须晚于${levelLabel(previous.level)}（${stepText(previous).split('，')[0]}）` : '升级时间须逐级递增';
  }
  if (leaf === 'escalation') return '催办、督办、问责须依次设置，不能跳级';
  if (leaf === 'action') return '请选择升级后的处理方式';
  if (leaf === 'level') return '升级级别只能是催办、督办、问责';
  return fieldText(error);
}
