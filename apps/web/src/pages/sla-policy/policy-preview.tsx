import type { CaseKind, SlaPolicyPreview, SlaRule, SlaRuleChange, Workflow } from '../../api/types';
import { durationText, levelLabel, stepText, warnText } from '../../i18n/sla-text';
import { ruleKey } from './rule-draft';
import { ruleName } from './rule-table';

const CHANGE_LABELS: Record<SlaRuleChange['change'], string> = { added: '新增', removed: '删除', changed: '修改' };

type Workflows = Partial<Record<CaseKind, Workflow>>;

/** A rule's values in words, property by property, in the table's order. */
export function ruleValues(rule: SlaRule | null): [string, string][] {
  if (!rule) return [];
  return [
    ['期限', durationText(rule.deadline)],
    ['提前预警', warnText(rule.warnBefore)],
    ...([1, 2, 3] as const).map((level): [string, string] => [levelLabel(level), stepText(rule.escalation.find((s) => s.level === level))]),
  ];
}

export const changeName = (change: Pick<SlaRuleChange, 'kind' | 'state' | 'priority'>, workflows: Workflows) =>
  ruleName(change, workflows[change.kind]);

function reach(change: SlaRuleChange): string {
  const after = change.change === 'removed' ? '此后进入该环节的案件不再计时。' : '此后进入该环节的案件按新规则。';
  return change.pendingTimers > 0
    ? `${change.pendingTimers} 个待触发计时器（${change.cases} 件案件）保持原期限，${after}`
    : `目前没有受影响的待触发计时器；${after}`;
}

function ChangeItem({ change, workflows }: { change: SlaRuleChange; workflows: Workflows }) {
  const before = ruleValues(change.before);
  const after = ruleValues(change.after);
  const rows: [string, string][] =
    change.change === 'changed'
      ? after.filter(([, text], i) => text !== before[i][1]).map(([label, text]) => [label, `${before.find(([l]) => l === label)?.[1] ?? '—'} → ${text}`])
      : change.change === 'added'
        ? after
        : before;
  return (
    <li className={`sla-change sla-change-${change.change}`} data-change={change.change} data-rule={ruleKey(change)}>
      <p className="sla-change-head">
        <span className={`badge change-badge change-${change.change}`}>{CHANGE_LABELS[change.change]}</span>
        <strong>{changeName(change, workflows)}</strong>
        {change.change === 'removed' && <span className="muted">（原规则如下，发布后不再生效）</span>}
      </p>
      <dl className="sla-change-values">
        {rows.map(([label, text]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
      <p className="sla-change-reach" data-testid="change-reach">
        {reach(change)}
      </p>
    </li>
  );
}

/** What publishing would change against the version in force, and whose running clocks each change reaches. */
export function PolicyPreview({ preview, workflows, stale }: { preview: SlaPolicyPreview; workflows: Workflows; stale: boolean }) {
  const count = (c: SlaRuleChange['change']) => preview.changes.filter((x) => x.change === c).length;
  return (
    <section className="panel sla-preview" aria-labelledby="sla-preview-title" data-testid="sla-preview">
      <h2 id="sla-preview-title">变更预览</h2>
      {stale && <p className="alert alert-warning">预览之后又有修改，以下内容可能已不准确，请重新预览。</p>}
      {preview.changes.length === 0 ? (
        <p>与当前第 {preview.currentVersion} 版相同，没有变更。</p>
      ) : (
        <>
          <p data-testid="sla-preview-summary">
            相对当前第 {preview.currentVersion} 版：新增 {count('added')} 条，修改 {count('changed')} 条，删除 {count('removed')} 条。已在计时的案件保持原期限。
          </p>
          <ul className="sla-changes">
            {preview.changes.map((change) => (
              <ChangeItem key={ruleKey(change)} change={change} workflows={workflows} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
