import { useState } from 'react';
import type { Unit } from '../../../api/types';
import { PageHeading } from '../../../components/page-heading';
import { ProblemAlert } from '../../../components/problem-alert';
import { useAnnounce } from '../../../hooks/announcer';
import { useUnits } from '../../../hooks/units-context';
import { explainAdminProblem } from '../admin-problem-text';
import { AdminNotice, type Notice } from '../admin-notice';
import { useUnitTree, type UnitRow } from '../unit-tree';
import { CreateUnitForm } from './create-unit-form';
import { UnitEditor } from './unit-editor';

function TreeLevel({ nodes, byId, selected, onSelect }: { nodes: Unit[]; byId: Map<string, UnitRow>; selected: string | null; onSelect(id: string): void }) {
  return (
    <ul className="unit-tree">
      {nodes.map((node) => {
        const unit = byId.get(node.id);
        if (!unit) return null;
        return (
          <li key={unit.id} data-unit-code={unit.code} className={unit.active ? undefined : 'unit-inactive'}>
            <button type="button" className="unit-pick" aria-pressed={selected === unit.id} onClick={() => onSelect(unit.id)}>
              <span className="unit-name">{unit.name}</span> <span className="unit-code">{unit.code}</span>
              {!unit.active && <span className="badge badge-inactive">已停用</span>}
            </button>
            {node.children?.length > 0 && <TreeLevel nodes={node.children} byId={byId} selected={selected} onSelect={onSelect} />}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * 单位管理: the unit tree; an admin creates a unit, renames or moves it, deactivates it when an
 * office is merged away (its cases and trail stay) and deletes one created by mistake.
 */
export function UnitsPage() {
  const announce = useAnnounce();
  const units = useUnitTree();
  const shared = useUnits();
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const unit = selected ? units.byId.get(selected) : undefined;
  const inactive = units.rows.filter((u) => !u.active).length;

  async function changed(text: string, select?: string | null) {
    await units.reload();
    shared.reload();
    if (select !== undefined) setSelected(select);
    setNotice({ text, tone: 'success', audited: true });
    announce(text);
  }

  return (
    <section className="admin-page" aria-labelledby="units-title">
      <PageHeading id="units-title">单位管理</PageHeading>
      <p className="muted">
        县、部门和股室的层级决定案件交办到谁、联络员能看到哪些案件、统计如何汇总。机构撤并时请“停用”单位：其历史案件和审计记录保留，停用后不能再向它交办案件或新增用户；“删除”只用于误建的、没有下级单位、用户和案件的单位。
      </p>
      <AdminNotice notice={notice} testId="units-notice" />
      {units.error ? <ProblemAlert explained={explainAdminProblem(units.error, '单位')} /> : null}
      <div className="admin-grid">
        <section className="panel" aria-labelledby="unit-tree-title">
          <h2 id="unit-tree-title">单位树</h2>
          {!units.loaded ? (
            <p className="muted">正在加载单位…</p>
          ) : (
            <>
              <p className="muted" data-testid="unit-count">
                共 {units.rows.length} 个单位{inactive ? `，其中 ${inactive} 个已停用` : ''}。选择一个单位以修改。
              </p>
              <TreeLevel nodes={units.tree} byId={units.byId} selected={selected} onSelect={(id) => setSelected(id === selected ? null : id)} />
            </>
          )}
        </section>
        <div className="admin-side">
          {unit ? (
            <UnitEditor key={unit.id} unit={unit} rows={units.rows} nameOf={units.nameOf} onChanged={changed} />
          ) : (
            <section className="panel" aria-label="单位详情">
              <p className="muted">在单位树中选择一个单位，即可更名、调整上级单位、停用或删除。</p>
            </section>
          )}
          <CreateUnitForm rows={units.rows} defaultParent={unit?.id ?? null} onCreated={(created, text) => changed(text, created.id)} />
        </div>
      </div>
    </section>
  );
}
