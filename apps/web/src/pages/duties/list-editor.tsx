import { useEffect, useState } from 'react';
import { saveResponsibilityList } from '../../api/rectify-api';
import type { ResponsibilityList } from '../../api/types';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../format/time';
import { useAnnounce } from '../../hooks/announcer';
import { ApiError } from '../../api/http-client';
import { explainProblem, fieldText, type Explained } from '../../i18n/problem-text';

const EXAMPLE = [
  {
    no: 9,
    text: '落实意识形态工作责任制，年内至少两次专题研究意识形态工作，每半年向县直机关工委专题汇报（书面）一次意识形态工作。',
    obligations: [
      { key: 'ideology-study', title: '专题研究意识形态工作', schedule: { type: 'count', min: 2, by: '12-31' }, appliesTo: 'departments' },
      { key: 'ideology-report', title: '书面汇报意识形态工作', schedule: { type: 'periodic', every: 'half-year', dueAfterPeriod: '15d' }, appliesTo: 'departments' },
    ],
  },
];

interface Props {
  year: number;
  list: ResponsibilityList | null;
  onSaved(list: ResponsibilityList): void;
}

/**
 * The list as data (items, their duties and schedules): saved as a draft, or published — which
 * generates every department's duty cases for the year, or revises the open ones.
 */
export function ListEditor({ year, list, onSaved }: Props) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<Explained | null>(null);
  // Each refusal with its whole path (items[2].obligations[0].schedule.due): the list is one big field.
  const [fieldErrors, setFieldErrors] = useState<{ field: string; text: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const announce = useAnnounce();

  useEffect(() => setText(JSON.stringify(list?.items ?? EXAMPLE, null, 2)), [list]);

  async function save(status: 'draft' | 'published') {
    setProblem(null);
    setFieldErrors([]);
    setResult(null);
    let items: unknown;
    try {
      items = JSON.parse(text);
    } catch (error) {
      setProblem({ message: `清单内容不是有效的 JSON：${(error as Error).message}`, code: 'VALIDATION_FAILED', offerReload: false, fieldErrors: {} });
      return;
    }
    if (status === 'published' && !window.confirm(`发布 ${year} 年度清单后，将为各单位生成（或修订）履责事项。确定发布？`)) return;
    setBusy(true);
    try {
      const saved = await saveResponsibilityList(year, { status, items });
      const g = saved.generation;
      const message = g
        ? `已发布第 ${saved.version} 版：应有 ${g.planned} 项，新生成 ${g.created} 项，修订 ${g.revised} 项${g.withdrawn ? `，撤销 ${g.withdrawn} 项（已不在清单中）` : ''}。`
        : `已保存为第 ${saved.version} 版草稿（尚未发布，不生成履责事项）。`;
      setResult(message);
      announce(message);
      onSaved(saved);
    } catch (error) {
      setProblem(explainProblem(error));
      setFieldErrors(error instanceof ApiError ? (error.problem.errors ?? []).map((e) => ({ field: e.field, text: fieldText(e) })) : []);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="editor-title">
      <h2 id="editor-title">编辑 {year} 年度清单</h2>
      {list && (
        <p className="muted">
          当前第 {list.version} 版（{list.status === 'published' ? '已发布' : '草稿'}，{formatDateTime(list.createdAt)}）
          {list.publishedVersion ? `；生效版本：第 ${list.publishedVersion} 版` : '；尚未发布'}
        </p>
      )}
      <p className="muted">
        每个条目含编号 no、原文 text 和履责事项 obligations；事项的 schedule 可为 once（due: MM-DD 或 20wd-after-start）、periodic（every: half-year / quarter / month，dueAfterPeriod: 15d 或 10wd）、count（min、by）、before-holidays（holidays: 元旦、春节、劳动节、端午…，lead: 3wd）、continuous（measure: rectification / hotline）；appliesTo 为 departments（县直部门单位）或单位 ID 列表。
      </p>
      <label htmlFor="list-json" className="form-label">
        清单内容（JSON）
      </label>
      <textarea id="list-json" className="code-editor" rows={18} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      {problem && <ProblemAlert explained={problem} />}
      {fieldErrors.length > 0 && (
        <ul className="field-errors" aria-label="需要改正的地方">
          {fieldErrors.map(({ field, text }) => (
            <li key={`${field}|${text}`}>
              <code>{field}</code>：{text}
            </li>
          ))}
        </ul>
      )}
      {result && (
        <p role="status" className="notice">
          {result}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void save('draft')}>
          保存草稿
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void save('published')}>
          发布
        </button>
      </div>
    </section>
  );
}
