import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/http-client';
import { fetchSlaPolicy, fetchWorkflow, previewSlaPolicy, publishSlaPolicy } from '../../api/rectify-api';
import type { CaseKind, SlaPolicy, SlaPolicyPreview, SlaPriority, SlaRule, SlaRuleChange, Workflow } from '../../api/types';
import { PageHeading } from '../../components/page-heading';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../format/time';
import { useAnnounce } from '../../hooks/announcer';
import { KIND_LABELS } from '../../i18n/labels';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import type { RuleColumn } from '../../i18n/sla-text';
import { AddRuleForm } from './add-rule-form';
import { changeName, PolicyPreview } from './policy-preview';
import { RemovalDialog } from './removal-dialog';
import { draftOf, newRule, placeErrors, RULE_KINDS, ruleOf, sortRules, type CellError, type DraftRule } from './rule-draft';
import { RuleTable } from './rule-table';

type Workflows = Partial<Record<CaseKind, Workflow>>;

interface Previewed {
  preview: SlaPolicyPreview;
  /** The rules it was computed for, as sent. */
  sent: string;
}

const serialize = (rules: SlaRule[]) => JSON.stringify(rules);

/**
 * 时限规则: the admin edits the SLA policy (deadline, warning and escalation ladder per kind,
 * priority and state), previews what publishing changes and publishes it as the next version.
 */
export function SlaPolicyPage() {
  const announce = useAnnounce();
  const [policy, setPolicy] = useState<SlaPolicy | null>(null);
  const [workflows, setWorkflows] = useState<Workflows>({});
  const [draft, setDraft] = useState<DraftRule[]>([]);
  const [cellErrors, setCellErrors] = useState<CellError[]>([]);
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  const [problem, setProblem] = useState<Explained | null>(null);
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [confirming, setConfirming] = useState<{ removed: SlaRuleChange[]; rules: DraftRule[] } | null>(null);
  const [notice, setNotice] = useState<{ text: string; tone: 'success' | 'info' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusTarget, setFocusTarget] = useState<{ errors: number } | { rule: string } | null>(null);
  const tables = useRef<HTMLDivElement>(null);
  const publishButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchSlaPolicy(controller.signal).then(
      (p) => {
        setPolicy(p);
        setDraft(p.rules.map(draftOf));
      },
      (error: unknown) => !controller.signal.aborted && setProblem(explainProblem(error)),
    );
    for (const kind of RULE_KINDS) {
      fetchWorkflow(kind).then(
        (w) => !controller.signal.aborted && setWorkflows((all) => ({ ...all, [kind]: w })),
        () => undefined,
      );
    }
    return () => controller.abort();
  }, []);

  // The first refused cell (or a new row) takes the focus once it is on screen.
  useEffect(() => {
    if (!focusTarget || !tables.current) return;
    const target =
      'rule' in focusTarget
        ? tables.current.querySelector<HTMLElement>(`tr[data-rule-id="${focusTarget.rule}"] input, tr[data-rule-id="${focusTarget.rule}"] select`)
        : tables.current.querySelector<HTMLElement>('.cell-error [aria-invalid="true"], th.cell-error');
    target?.focus();
    target?.scrollIntoView({ block: 'center' });
  }, [focusTarget]);

  const rules = draft.map(ruleOf);
  const dirty = policy !== null && serialize(rules) !== serialize(policy.rules);

  function change(id: string, patch: Partial<DraftRule>, column: RuleColumn) {
    setDraft((all) => all.map((r) => (r.id === id ? { ...r, ...patch } : r)));
    setCellErrors((all) => all.filter((e) => !(e.ruleId === id && e.column === column)));
    setNotice(null);
  }

  function remove(rule: DraftRule) {
    setDraft((all) => all.filter((r) => r.id !== rule.id));
    setCellErrors((all) => all.filter((e) => e.ruleId !== rule.id));
    setNotice(null);
  }

  function add(kind: CaseKind, priority: SlaPriority, state: string) {
    const rule = newRule(kind, priority, state);
    setDraft((all) => [...all, rule]);
    setNotice(null);
    setFocusTarget({ rule: rule.id });
  }

  function discard() {
    if (!policy) return;
    setDraft(policy.rules.map(draftOf));
    setCellErrors([]);
    setGeneralErrors([]);
    setProblem(null);
    setPreviewed(null);
    setNotice(null);
  }

  function refused(error: unknown, sent: DraftRule[]) {
    const explained = explainProblem(error);
    const errors = error instanceof ApiError && error.problem.code === 'VALIDATION_FAILED' ? (error.problem.errors ?? []) : [];
    const placed = placeErrors(errors, sent);
    setCellErrors(placed.cells);
    setGeneralErrors(placed.general);
    setProblem(
      placed.cells.length
        ? { ...explained, message: `有 ${placed.cells.length} 处填写不符合要求（已在表中标红），请修改后再预览或发布。` }
        : explained,
    );
    if (placed.cells.length) setFocusTarget((f) => ({ errors: (f && 'errors' in f ? f.errors : 0) + 1 }));
  }

  /** The dry run of the draft as it is now; null when refused (the refusals are then on the table). */
  async function runPreview(): Promise<{ preview: SlaPolicyPreview; sent: DraftRule[] } | null> {
    const sent = draft;
    setProblem(null);
    setGeneralErrors([]);
    setNotice(null);
    try {
      const preview = await previewSlaPolicy(sent.map(ruleOf));
      setCellErrors([]);
      setPreviewed({ preview, sent: serialize(sent.map(ruleOf)) });
      return { preview, sent };
    } catch (error) {
      refused(error, sent);
      return null;
    }
  }

  async function preview() {
    setBusy(true);
    const result = await runPreview();
    setBusy(false);
    if (result) announce(`预览完成：${result.preview.changes.length} 处变更。`);
  }

  async function publish(sent: DraftRule[]) {
    setBusy(true);
    try {
      const saved = await publishSlaPolicy(sent.map(ruleOf), policy?.version);
      setPolicy(saved);
      setDraft(saved.rules.map(draftOf));
      setPreviewed(null);
      setConfirming(null);
      setCellErrors([]);
      const text = `已发布第 ${saved.version} 版时限规则（共 ${saved.rules.length} 条）。已在计时的案件保持原期限，此后进入各环节的案件按新规则计时。`;
      setNotice({ text, tone: 'success' });
      announce(text);
    } catch (error) {
      setConfirming(null);
      refused(error, sent);
    } finally {
      setBusy(false);
    }
  }

  /** 发布 previews first: nothing to publish is said so, and removals are confirmed by name. */
  async function startPublish() {
    setBusy(true);
    const result = await runPreview();
    setBusy(false);
    if (!result) return;
    const { preview, sent } = result;
    if (preview.changes.length === 0) {
      setNotice({ text: `与当前第 ${preview.currentVersion} 版相比没有变更，无需发布。`, tone: 'info' });
      return;
    }
    const removed = preview.changes.filter((c) => c.change === 'removed');
    if (removed.length) setConfirming({ removed, rules: sent });
    else await publish(sent);
  }

  if (!policy) {
    return (
      <section>
        <PageHeading>时限规则</PageHeading>
        {problem ? <ProblemAlert explained={problem} /> : <p className="muted">正在加载时限规则…</p>}
      </section>
    );
  }

  return (
    <section className="sla-page" aria-labelledby="sla-title">
      <PageHeading id="sla-title">时限规则</PageHeading>
      <p className="muted">
        各类案件在各环节的办理期限、到期前的预警和超期后的逐级升级（催办 → 督办 → 问责）。期限按工作日（节假日、调休已计入）或小时、分钟计；发布后形成新版本，已在计时的案件保持原期限，此后进入该环节的案件按新规则计时。
      </p>
      <p data-testid="sla-current">
        当前生效：第 {policy.version} 版（{formatDateTime(policy.createdAt)}
        {policy.createdBy === 'system' ? '，系统初始规则' : ' 发布'}）。
        {dirty && <strong className="sla-dirty"> 有尚未发布的修改。</strong>}
      </p>
      {notice && (
        <div className={`alert alert-${notice.tone}`} role="status" data-testid="sla-notice">
          {notice.text}
        </div>
      )}
      <ProblemAlert explained={problem} />
      {generalErrors.length > 0 && (
        <ul className="field-errors" aria-label="需要改正的地方">
          {generalErrors.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
      <div ref={tables}>
        {RULE_KINDS.map((kind) => (
          <section key={kind} className="panel sla-kind" aria-labelledby={`sla-${kind}-title`} data-kind={kind}>
            <h2 id={`sla-${kind}-title`}>{KIND_LABELS[kind]}</h2>
            <RuleTable
              kind={kind}
              workflow={workflows[kind]}
              rules={sortRules(
                draft.filter((r) => r.kind === kind),
                workflows[kind],
              )}
              errors={cellErrors}
              onChange={change}
              onRemove={remove}
            />
          </section>
        ))}
      </div>
      <AddRuleForm workflows={workflows} rules={draft} onAdd={add} />
      <div className="form-actions sla-actions">
        <button type="button" className="button" onClick={() => void preview()} disabled={busy}>
          预览变更
        </button>
        <button type="button" className="button button-primary" ref={publishButton} onClick={() => void startPublish()} disabled={busy}>
          {busy && !confirming ? '正在处理…' : '发布'}
        </button>
        <button type="button" className="button" onClick={discard} disabled={busy || !dirty}>
          放弃修改
        </button>
      </div>
      {previewed && <PolicyPreview preview={previewed.preview} workflows={workflows} stale={previewed.sent !== serialize(rules)} />}
      {confirming && (
        <RemovalDialog
          removed={confirming.removed}
          nameOf={(c) => changeName(c, workflows)}
          busy={busy}
          onConfirm={() => void publish(confirming.rules)}
          onCancel={() => {
            setConfirming(null);
            publishButton.current?.focus();
          }}
        />
      )}
    </section>
  );
}
