import { useEffect, useState, type FormEvent } from 'react';
import { createUnit } from '../../../api/rectify-api';
import type { Unit } from '../../../api/types';
import { FormField, fieldAria } from '../../../components/form-field';
import { ProblemAlert } from '../../../components/problem-alert';
import { explainAdminProblem, type AdminExplained } from '../admin-problem-text';
import { unitOptionLabel, type UnitRow } from '../unit-tree';

interface Props {
  rows: UnitRow[];
  /** The unit selected in the tree: a new unit usually goes under it. */
  defaultParent: string | null;
  onCreated(unit: Unit, text: string): Promise<void>;
}

export function CreateUnitForm({ rows, defaultParent, onCreated }: Props) {
  const [parentId, setParentId] = useState('');
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<AdminExplained | null>(null);
  const [missing, setMissing] = useState<Record<string, string[]>>({});

  const usable = defaultParent && rows.find((u) => u.id === defaultParent)?.active ? defaultParent : '';
  useEffect(() => setParentId(usable), [usable]);

  const errors = (field: string) => missing[field] ?? problem?.fieldErrors[field];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const empty = Object.fromEntries(
      [
        ['name', name.trim()],
        ['code', code.trim()],
      ]
        .filter(([, v]) => !v)
        .map(([k]) => [k, ['此项为必填项']]),
    );
    setMissing(empty);
    if (Object.keys(empty).length) return;
    setBusy(true);
    setProblem(null);
    try {
      const created = await createUnit({ code: code.trim(), name: name.trim(), parentId: parentId || null });
      setName('');
      setCode('');
      const parent = rows.find((u) => u.id === created.parentId);
      await onCreated(created, `已新建单位“${created.name}”（${created.code}）${parent ? `，上级单位：${parent.name}` : '，为顶级单位'}。`);
    } catch (error) {
      setProblem(explainAdminProblem(error, '单位'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="unit-create-title">
      <h2 id="unit-create-title">新建单位</h2>
      <form onSubmit={submit} noValidate>
        <FormField id="unit-new-parent" label="上级单位" errors={errors('parentId')}>
          <select {...fieldAria('unit-new-parent', errors('parentId'))} value={parentId} onChange={(e) => setParentId(e.target.value)}>
            <option value="">（无，作为顶级单位）</option>
            {/* A new unit under a deactivated one would be an active unit nobody can reach. */}
            {rows.map((u) => (
              <option key={u.id} value={u.id} disabled={!u.active}>
                {unitOptionLabel(u)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="unit-new-name" label="单位名称" required errors={errors('name')}>
          <input {...fieldAria('unit-new-name', errors('name'))} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} aria-required />
        </FormField>
        <FormField id="unit-new-code" label="单位代码" required hint="小写字母、数字或短横线，例如 zjj-cj；台账导入按代码或名称匹配责任单位" errors={errors('code')}>
          <input
            {...fieldAria('unit-new-code', errors('code'), 'hint')}
            value={code}
            maxLength={40}
            autoCapitalize="off"
            spellCheck={false}
            onChange={(e) => setCode(e.target.value)}
            aria-required
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? '正在保存…' : '新建单位'}
          </button>
        </div>
        <ProblemAlert explained={problem} />
      </form>
    </section>
  );
}
