import { Fragment, type ReactNode } from 'react';
import type { CaseKind, EscalationAction, EscalationStep, Workflow } from '../../api/types';
import { workflowStateLabel } from '../../hooks/use-workflow';
import { KIND_LABELS } from '../../i18n/labels';
import {
  ACTION_LABELS,
  actionOf,
  CASE_DUE_AT,
  COLUMN_LABELS,
  defaultAction,
  actionsFor,
  levelLabel,
  slaPriorityLabel,
  type RuleColumn,
} from '../../i18n/sla-text';
import { DurationInput } from './duration-input';
import { nextStep, ruleKey, type CellError, type DraftRule } from './rule-draft';

interface Props {
  kind: CaseKind;
  workflow: Workflow | undefined;
  rules: DraftRule[];
  errors: CellError[];
  onChange(id: string, patch: Partial<DraftRule>, column: RuleColumn): void;
  onRemove(rule: DraftRule): void;
}

const LEVELS = [1, 2, 3] as const;

/** 办理中（不限）: how a row is named to screen readers and in the preview. */
export function ruleName(rule: { kind: string; state: string; priority: string }, workflow: Workflow | undefined): string {
  return `${KIND_LABELS[rule.kind as CaseKind] ?? rule.kind} ${workflowStateLabel(workflow ?? null, rule.state)}（${slaPriorityLabel(rule.priority)}）`;
}

/** One kind's rules: a row per state and priority, every value editable in place, the API's refusals on their cell. */
export function RuleTable({ kind, workflow, rules, errors, onChange, onRemove }: Props) {
  const titleId = `sla-${kind}-title`;
  if (rules.length === 0) return <p className="muted">暂无时限规则：{KIND_LABELS[kind]}的各环节不计时。</p>;

  return (
    <div className="table-scroll">
      <table className="table sla-table" aria-labelledby={titleId} data-kind={kind}>
        <thead>
          <tr>
            <th scope="col">{COLUMN_LABELS.state}</th>
            <th scope="col">优先级</th>
            <th scope="col">{COLUMN_LABELS.deadline}</th>
            <th scope="col">{COLUMN_LABELS.warnBefore}</th>
            {LEVELS.map((level) => (
              <th key={level} scope="col">
                {COLUMN_LABELS[`escalation-${level}`]}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">操作</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <RuleRow key={rule.id} rule={rule} workflow={workflow} errors={errors.filter((e) => e.ruleId === rule.id)} onChange={onChange} onRemove={onRemove} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  rule: DraftRule;
  workflow: Workflow | undefined;
  errors: CellError[];
  onChange: Props['onChange'];
  onRemove: Props['onRemove'];
}

function RuleRow({ rule, workflow, errors, onChange, onRemove }: RowProps) {
  const name = ruleName(rule, workflow);
  const base = `sla-${rule.id}`;
  const errorsOf = (column: RuleColumn) => errors.filter((e) => e.column === column).map((e) => e.text);
  const errorId = (column: RuleColumn) => `${base}-${column}-error`;
  const invalid = (column: RuleColumn) => errorsOf(column).length > 0;
  const described = (column: RuleColumn) => (invalid(column) ? errorId(column) : undefined);

  /** A cell with its refusal underneath, marked red. */
  const cell = (column: RuleColumn, children: ReactNode) => (
    <td data-column={column} className={invalid(column) ? 'cell-error' : undefined}>
      {children}
      <CellErrors id={errorId(column)} texts={errorsOf(column)} />
    </td>
  );

  const setStep = (index: number, patch: Partial<EscalationStep>) =>
    onChange(rule.id, { escalation: rule.escalation.map((s, i) => (i === index ? { ...s, ...patch } : s)) }, `escalation-${index + 1}` as RuleColumn);

  function stepCell(level: 1 | 2 | 3) {
    const column = `escalation-${level}` as RuleColumn;
    const step = rule.escalation[level - 1];
    if (!step) {
      if (rule.escalation.length !== level - 1) return cell(column, <span className="muted">—</span>);
      return cell(
        column,
        <button
          type="button"
          className="button button-small"
          aria-label={`设置${levelLabel(level)}：${name}`}
          onClick={() => onChange(rule.id, { escalation: [...rule.escalation, nextStep(rule.escalation)] }, column)}
        >
          设置{levelLabel(level)}
        </button>,
      );
    }
    const label = `${name} ${levelLabel(level)}`;
    return cell(
      column,
      <div className="step-cell">
        <span className="step-after">
          <span className="step-prefix">超期后</span>
          <DurationInput
            id={`${base}-${column}`}
            label={`${label} 超期后`}
            value={step.after}
            onChange={(after) => setStep(level - 1, { after: after ?? '' })}
            invalid={invalid(column)}
            describedBy={described(column)}
          />
        </span>
        <select
          aria-label={`${label} 处理方式`}
          value={actionOf(step)}
          onChange={(e) => {
            const action = e.target.value as EscalationAction;
            // Left unsaid where the level's default is meant, as the policy was written.
            setStep(level - 1, { action: action === defaultAction(level) && step.action !== action ? undefined : action });
          }}
        >
          {[...new Set([...actionsFor(rule.kind), actionOf(step)])].map((a) => (
            <option key={a} value={a}>
              {ACTION_LABELS[a]}
            </option>
          ))}
        </select>
        {level === rule.escalation.length && (
          <button
            type="button"
            className="link-button"
            aria-label={`取消${levelLabel(level)}：${name}`}
            onClick={() => onChange(rule.id, { escalation: rule.escalation.slice(0, -1) }, column)}
          >
            取消
          </button>
        )}
      </div>,
    );
  }

  return (
    <tr data-rule={ruleKey(rule)} data-rule-id={rule.id}>
      <th scope="row" data-column="state" className={invalid('state') ? 'cell-error' : undefined} tabIndex={invalid('state') ? -1 : undefined}>
        {workflowStateLabel(workflow ?? null, rule.state)}
        <CellErrors id={errorId('state')} texts={errorsOf('state')} />
      </th>
      <td data-column="priority">{slaPriorityLabel(rule.priority)}</td>
      {cell(
        'deadline',
        <DurationInput
          id={`${base}-deadline`}
          label={`${name} 期限`}
          value={rule.deadline}
          onChange={(deadline) => onChange(rule.id, { deadline: deadline ?? CASE_DUE_AT }, 'deadline')}
          special={{ value: CASE_DUE_AT, label: '案件自身期限' }}
          invalid={invalid('deadline')}
          describedBy={described('deadline')}
        />,
      )}
      {cell(
        'warnBefore',
        <DurationInput
          id={`${base}-warn`}
          label={`${name} 提前预警`}
          value={rule.warnBefore}
          onChange={(warnBefore) => onChange(rule.id, { warnBefore }, 'warnBefore')}
          special={{ value: undefined, label: '不预警' }}
          invalid={invalid('warnBefore')}
          describedBy={described('warnBefore')}
        />,
      )}
      {LEVELS.map((level) => (
        <Fragment key={level}>{stepCell(level)}</Fragment>
      ))}
      <td>
        <button type="button" className="button button-small" aria-label={`删除：${name}`} onClick={() => onRemove(rule)}>
          删除
        </button>
      </td>
    </tr>
  );
}

function CellErrors({ id, texts }: { id: string; texts: string[] }) {
  if (!texts.length) return null;
  return (
    <span className="cell-error-text" id={id}>
      {texts.join('；')}
    </span>
  );
}
