import { useState, type FormEvent } from 'react';
import type { CaseKind, SlaPriority, Workflow } from '../../api/types';
import { KIND_LABELS } from '../../i18n/labels';
import { SLA_PRIORITIES, slaPriorityLabel } from '../../i18n/sla-text';
import { ruleKey, RULE_KINDS, type DraftRule } from './rule-draft';

interface Props {
  workflows: Partial<Record<CaseKind, Workflow>>;
  rules: DraftRule[];
  onAdd(kind: CaseKind, priority: SlaPriority, state: string): void;
}

interface StateOption {
  path: string;
  label: string;
  why: string | null;
}

/** The machine's states, each named under its parent; those that cannot take a deadline say why. */
function stateOptions(workflow: Workflow | undefined, taken: Set<string>, kind: CaseKind, priority: SlaPriority): StateOption[] {
  if (!workflow) return [];
  const labelOf = (path: string) => workflow.states.find((s) => s.path === path)?.label ?? path;
  return workflow.states.map((s) => ({
    path: s.path,
    label: s.parent ? `${labelOf(s.parent)} · ${s.label}` : s.label,
    why: s.final ? '已办结，不设时限' : s.compound ? '仅为分组，请选其下环节' : taken.has(ruleKey({ kind, priority, state: s.path })) ? '已有规则' : null,
  }));
}

/** 新增规则: kind, priority and one of the machine's states; the values are then set in the table. */
export function AddRuleForm({ workflows, rules, onAdd }: Props) {
  const [kind, setKind] = useState<CaseKind>('rectification');
  const [priority, setPriority] = useState<SlaPriority>('any');
  const [state, setState] = useState('');
  const taken = new Set(rules.map(ruleKey));
  const options = stateOptions(workflows[kind], taken, kind, priority);
  const chosen = options.find((o) => o.path === state && !o.why) ?? options.find((o) => !o.why);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (chosen) onAdd(kind, priority, chosen.path);
  }

  return (
    <section className="panel" aria-labelledby="sla-add-title">
      <h2 id="sla-add-title">新增规则</h2>
      <form className="filters sla-add" onSubmit={submit}>
        <div className="field field-inline">
          <label htmlFor="sla-add-kind">类别</label>
          <select id="sla-add-kind" value={kind} onChange={(e) => setKind(e.target.value as CaseKind)}>
            {RULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="sla-add-priority">优先级</label>
          <select id="sla-add-priority" value={priority} onChange={(e) => setPriority(e.target.value as SlaPriority)}>
            {SLA_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {slaPriorityLabel(p)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor="sla-add-state">环节</label>
          <select id="sla-add-state" value={chosen?.path ?? ''} onChange={(e) => setState(e.target.value)} disabled={!chosen}>
            {!chosen && <option value="">{workflows[kind] ? '该类别的各环节都已有规则' : '正在加载流程…'}</option>}
            {options.map((o) => (
              <option key={o.path} value={o.path} disabled={o.why !== null}>
                {o.label}
                {o.why ? `（${o.why}）` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={!chosen}>
            添加规则
          </button>
        </div>
      </form>
      <p className="muted">“不限”适用于未单独设置一般、紧急规则的案件；同一环节同时有“不限”和“紧急”规则时，紧急案件按“紧急”规则计时。</p>
    </section>
  );
}
