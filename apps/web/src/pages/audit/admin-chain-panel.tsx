import { useEffect, useState } from 'react';
import { searchAdminChain } from '../../api/rectify-api';
import type { AdminEvent } from '../../api/types';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../format/time';
import { useUnits } from '../../hooks/units-context';
import { roleLabel } from '../../i18n/labels';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { ADMIN_EVENT_LABELS, describeAdminChange, subjectLabel } from './admin-chain-text';

/** The admin chain for auditors: who changed users, roles, units and settings, before and after. */
export function AdminChainPanel() {
  const { nameOf } = useUnits();
  const [type, setType] = useState('');
  const [rows, setRows] = useState<AdminEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<Explained | null>(null);

  async function load(after: string | null) {
    setLoading(true);
    setProblem(null);
    try {
      const page = await searchAdminChain(type ? { type } : {}, after);
      setRows((old) => (after ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (error) {
      setProblem(explainProblem(error));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load(null);
    // A new filter reloads from the newest; paging appends through load().
  }, [type]);

  return (
    <>
      <div className="panel filters">
        <label htmlFor="admin-type">操作类型</label>{' '}
        <select id="admin-type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">全部操作</option>
          {Object.entries(ADMIN_EVENT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <ProblemAlert explained={problem} />
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table admin-chain-table">
            <caption className="visually-hidden">管理操作记录，按时间倒序</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">序号</th>
                <th scope="col">操作</th>
                <th scope="col">对象</th>
                <th scope="col">操作人</th>
                <th scope="col">变更内容</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} data-admin-type={e.type}>
                  <td data-label="时间">{formatDateTime(e.at)}</td>
                  <td data-label="序号">{e.seq}</td>
                  <td data-label="操作">{ADMIN_EVENT_LABELS[e.type]}</td>
                  <td data-label="对象">{subjectLabel(e)}</td>
                  <td data-label="操作人">
                    {e.actorName}
                    <span className="muted"> · {e.actorId === 'system' ? '系统初始化' : roleLabel(e.actorRole)}</span>
                  </td>
                  <td data-label="变更内容">{describeAdminChange(e, nameOf)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!loading && !problem && rows.length === 0 && <p className="empty">没有符合条件的管理操作记录。</p>}
      <div className="list-foot">
        {loading && <span className="muted">正在加载…</span>}
        {!loading && cursor && (
          <button type="button" className="button" onClick={() => void load(cursor)}>
            加载更多
          </button>
        )}
      </div>
    </>
  );
}
