import { useState, type FormEvent } from 'react';
import { deleteUnit, updateUnit } from '../../../api/rectify-api';
import { FormField, fieldAria } from '../../../components/form-field';
import { ProblemAlert } from '../../../components/problem-alert';
import { explainAdminProblem, type AdminExplained } from '../admin-problem-text';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { unitOptionLabel, type UnitRow } from '../unit-tree';

type Section = 'rename' | 'move' | 'status' | 'delete';

interface Props {
  unit: UnitRow;
  rows: UnitRow[];
  nameOf(id: string | null): string;
  /** After a change: the notice to show, and which unit to select afterwards (null: none). */
  onChanged(text: string, select?: string | null): Promise<void>;
}

/** One unit's name and code, its place in the tree, whether it is in use, and its deletion. */
export function UnitEditor({ unit, rows, nameOf, onChanged }: Props) {
  const [name, setName] = useState(unit.name);
  const [code, setCode] = useState(unit.code);
  const [parentId, setParentId] = useState(unit.parentId ?? '');
  const [busy, setBusy] = useState<Section | null>(null);
  const [problem, setProblem] = useState<{ section: Section; explained: AdminExplained } | null>(null);
  const [confirming, setConfirming] = useState<'deactivate' | 'delete' | null>(null);

  const problemIn = (section: Section) => (problem?.section === section ? problem.explained : null);
  const fieldErrors = (section: Section, field: string) => problemIn(section)?.fieldErrors[field];
  const parentName = (id: string | null) => (id ? nameOf(id) : '（无，顶级单位）');

  async function run(section: Section, action: () => Promise<{ text: string; select?: string | null }>) {
    setBusy(section);
    setProblem(null);
    try {
      const { text, select } = await action();
      setConfirming(null);
      await onChanged(text, select);
    } catch (error) {
      setConfirming(null);
      setProblem({ section, explained: explainAdminProblem(error, '单位') });
    } finally {
      setBusy(null);
    }
  }

  function rename(e: FormEvent) {
    e.preventDefault();
    const body = { ...(name.trim() !== unit.name ? { name: name.trim() } : {}), ...(code.trim() !== unit.code ? { code: code.trim() } : {}) };
    if (!Object.keys(body).length) return;
    void run('rename', async () => {
      const saved = await updateUnit(unit.id, body);
      const parts = [
        ...(body.name ? [`名称“${unit.name}”→“${saved.name}”`] : []),
        ...(body.code ? [`代码 ${unit.code} → ${saved.code}`] : []),
      ];
      return { text: `已修改单位：${parts.join('；')}。` };
    });
  }

  function move(e: FormEvent) {
    e.preventDefault();
    const target = parentId || null;
    if (target === unit.parentId) return;
    void run('move', async () => {
      await updateUnit(unit.id, { parentId: target });
      return { text: `已将“${unit.name}”从“${parentName(unit.parentId)}”移到“${parentName(target)}”${target ? '之下' : ''}。` };
    });
  }

  const setActive = (active: boolean) =>
    run('status', async () => {
      await updateUnit(unit.id, { active });
      return { text: active ? `已重新启用单位“${unit.name}”。` : `已停用单位“${unit.name}”：不能再向它交办案件或新增用户，历史案件和审计记录保留。` };
    });

  const remove = () =>
    run('delete', async () => {
      await deleteUnit(unit.id);
      return { text: `已删除单位“${unit.name}”（${unit.code}）。`, select: null };
    });

  const renameDirty = name.trim() !== unit.name || code.trim() !== unit.code;
  return (
    <section className={`panel unit-editor${unit.active ? '' : ' unit-inactive'}`} aria-labelledby="unit-editor-title" data-testid="unit-editor">
      <h2 id="unit-editor-title">
        {unit.name} <span className="unit-code">{unit.code}</span>
        {!unit.active && <span className="badge badge-inactive">已停用</span>}
      </h2>
      <p className="muted">
        上级单位：{parentName(unit.parentId)}；下级单位 {unit.childCount} 个。
      </p>

      <form onSubmit={rename} noValidate aria-labelledby="unit-rename-title" className="admin-subform">
        <h3 id="unit-rename-title">名称和代码</h3>
        <FormField id="unit-name" label="单位名称" required errors={fieldErrors('rename', 'name')}>
          <input {...fieldAria('unit-name', fieldErrors('rename', 'name'))} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} aria-required />
        </FormField>
        <FormField id="unit-code" label="单位代码" required hint="改代码后，台账导入须使用新代码" errors={fieldErrors('rename', 'code')}>
          <input
            {...fieldAria('unit-code', fieldErrors('rename', 'code'), 'hint')}
            value={code}
            maxLength={40}
            spellCheck={false}
            onChange={(e) => setCode(e.target.value)}
            aria-required
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy !== null || !renameDirty || !name.trim() || !code.trim()}>
            {busy === 'rename' ? '正在保存…' : '保存名称和代码'}
          </button>
        </div>
        <ProblemAlert explained={problemIn('rename')} />
      </form>

      <form onSubmit={move} noValidate aria-labelledby="unit-move-title" className="admin-subform">
        <h3 id="unit-move-title">调整上级单位</h3>
        <FormField id="unit-parent" label="移到" hint="不能移到本单位、它的下级单位或已停用的单位之下" errors={fieldErrors('move', 'parentId')}>
          <select {...fieldAria('unit-parent', fieldErrors('move', 'parentId'), 'hint')} value={parentId} onChange={(e) => setParentId(e.target.value)}>
            <option value="">（无，作为顶级单位）</option>
            {rows.map((u) => (
              <option key={u.id} value={u.id} disabled={u.id === unit.id || unit.descendants.has(u.id) || (!u.active && unit.active && u.id !== unit.parentId)}>
                {unitOptionLabel(u)}
              </option>
            ))}
          </select>
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy !== null || (parentId || null) === unit.parentId}>
            {busy === 'move' ? '正在移动…' : '移动'}
          </button>
        </div>
        <ProblemAlert explained={problemIn('move')} />
      </form>

      <div className="admin-subform" role="group" aria-labelledby="unit-status-title">
        <h3 id="unit-status-title">启用状态</h3>
        {unit.active ? (
          <>
            <p className="muted">机构撤并后停用：还有启用中的用户、下级单位或未办结的案件时不能停用。</p>
            <button type="button" className="button" onClick={() => setConfirming('deactivate')} disabled={busy !== null}>
              停用单位
            </button>
          </>
        ) : (
          <>
            <p className="muted">该单位已停用：不能向它交办案件或新增用户。</p>
            <button type="button" className="button" onClick={() => void setActive(true)} disabled={busy !== null}>
              {busy === 'status' ? '正在启用…' : '重新启用'}
            </button>
          </>
        )}
        <ProblemAlert explained={problemIn('status')} />
      </div>

      <div className="admin-subform" role="group" aria-labelledby="unit-delete-title">
        <h3 id="unit-delete-title">删除</h3>
        <p className="muted">只能删除没有下级单位、用户和案件的单位（例如误建的单位）。</p>
        <button type="button" className="button button-danger-outline" onClick={() => setConfirming('delete')} disabled={busy !== null}>
          删除单位
        </button>
        <ProblemAlert explained={problemIn('delete')} />
      </div>

      {confirming === 'deactivate' && (
        <ConfirmDialog title={`停用单位“${unit.name}”？`} confirmLabel="确认停用" busy={busy === 'status'} onConfirm={() => void setActive(false)} onCancel={() => setConfirming(null)}>
          <p>停用后不能再向该单位交办案件或新增用户；它的历史案件和审计记录保留，可随时重新启用。</p>
        </ConfirmDialog>
      )}
      {confirming === 'delete' && (
        <ConfirmDialog title={`删除单位“${unit.name}”？`} confirmLabel="确认删除" danger busy={busy === 'delete'} onConfirm={() => void remove()} onCancel={() => setConfirming(null)}>
          <p>删除不可恢复（删除记录保留在管理操作审计链中）。有下级单位、用户或案件的单位不能删除，请改用停用。</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
