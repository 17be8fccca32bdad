import { useCallback, useEffect, useState } from 'react';
import { listUsers } from '../../../api/rectify-api';
import type { Role, UserAccount } from '../../../api/types';
import { useCurrentUser } from '../../../auth/session-context';
import { PageHeading } from '../../../components/page-heading';
import { ProblemAlert } from '../../../components/problem-alert';
import { useAnnounce } from '../../../hooks/announcer';
import { roleLabel } from '../../../i18n/labels';
import { explainAdminProblem, type AdminExplained } from '../admin-problem-text';
import { AdminNotice, type Notice } from '../admin-notice';
import { unitOptionLabel, useUnitTree, type UnitRow } from '../unit-tree';
import { CreateUserForm } from './create-user-form';
import { ROLE_CHOICES, rolesText } from './roles';
import { UserEditor } from './user-editor';

interface Filters {
  unitId: string;
  withSubUnits: boolean;
  role: Role | '';
  status: 'all' | 'active' | 'inactive';
  text: string;
}

const NO_FILTERS: Filters = { unitId: '', withSubUnits: true, role: '', status: 'all', text: '' };

function matches(user: UserAccount, f: Filters, byId: Map<string, UnitRow>): boolean {
  if (f.unitId) {
    const unit = byId.get(f.unitId);
    const inUnit = user.unitId === f.unitId || (f.withSubUnits && unit?.descendants.has(user.unitId));
    if (!inUnit) return false;
  }
  if (f.role && !user.roles.includes(f.role)) return false;
  if (f.status === 'active' && !user.active) return false;
  if (f.status === 'inactive' && user.active) return false;
  const text = f.text.trim().toLowerCase();
  return !text || user.username.toLowerCase().includes(text) || user.displayName.toLowerCase().includes(text);
}

/**
 * 用户管理: every account with its unit and roles, filtered on the spot; an admin creates one,
 * changes a name, unit or roles, resets a password or deactivates an account.
 */
export function UsersPage() {
  const announce = useAnnounce();
  const me = useCurrentUser();
  const units = useUnitTree();
  const [users, setUsers] = useState<UserAccount[] | null>(null);
  const [problem, setProblem] = useState<AdminExplained | null>(null);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const load = useCallback(async () => {
    try {
      setUsers(await listUsers());
      setProblem(null);
    } catch (error) {
      setProblem(explainAdminProblem(error, '用户'));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));
  const shown = (users ?? []).filter((u) => matches(u, filters, units.byId)).sort((a, b) => a.username.localeCompare(b.username));
  const user = users?.find((u) => u.id === selected);

  async function saved(account: UserAccount, text: string) {
    await load();
    setSelected(account.id);
    setCreating(false);
    setNotice({ text, tone: 'success', audited: true });
    announce(text);
  }

  return (
    <section className="admin-page" aria-labelledby="users-title">
      <PageHeading id="users-title">用户管理</PageHeading>
      <p className="muted">
        账号、所在单位和角色决定每个人能看到和办理哪些案件。重置密码、停用账号或变更角色后，该用户在所有设备上的现有登录会立即失效，需要重新登录。
      </p>
      <AdminNotice notice={notice} testId="users-notice" />
      <ProblemAlert explained={problem} />
      <form className="filters" role="search" aria-label="筛选用户" onSubmit={(e) => e.preventDefault()}>
        <div className="field field-inline">
          <label htmlFor="users-filter-unit">单位</label>
          <select id="users-filter-unit" value={filters.unitId} onChange={(e) => set('unitId', e.target.value)}>
            <option value="">全部单位</option>
            {units.rows.map((u) => (
              <option key={u.id} value={u.id}>
                {unitOptionLabel(u)}
              </option>
            ))}
          </select>
        </div>
        <div className="field-checkbox">
          <input id="users-filter-sub" type="checkbox" checked={filters.withSubUnits} onChange={(e) => set('withSubUnits', e.target.checked)} />
          <label htmlFor="users-filter-sub">含下级单位</label>
        </div>
        <div className="field field-inline">
          <label htmlFor="users-filter-role">角色</label>
          <select id="users-filter-role" value={filters.role} onChange={(e) => set('role', e.target.value as Role | '')}>
            <option value="">全部角色</option>
            {ROLE_CHOICES.map(({ role }) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="users-filter-status">状态</label>
          <select id="users-filter-status" value={filters.status} onChange={(e) => set('status', e.target.value as Filters['status'])}>
            <option value="all">全部</option>
            <option value="active">启用</option>
            <option value="inactive">已停用</option>
          </select>
        </div>
        <div className="field field-grow">
          <label htmlFor="users-filter-text">账号或姓名</label>
          <input id="users-filter-text" type="search" value={filters.text} onChange={(e) => set('text', e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setFilters(NO_FILTERS)}>
            清除筛选
          </button>
          <button
            type="button"
            className="button button-primary"
            aria-expanded={creating}
            aria-controls={creating ? 'user-create' : undefined}
            onClick={() => {
              setCreating(!creating);
              if (!creating) setSelected(null);
            }}
          >
            新建用户
          </button>
        </div>
      </form>
      <div className="admin-grid admin-grid-wide">
        <section className="panel" aria-labelledby="users-list-title">
          <h2 id="users-list-title">用户列表</h2>
          {!users ? (
            <p className="muted">正在加载用户…</p>
          ) : (
            <>
              <p className="muted" data-testid="users-count" aria-live="polite">
                显示 {shown.length} 个，共 {users.length} 个用户。
              </p>
              {shown.length === 0 ? (
                <p className="empty">没有符合筛选条件的用户。</p>
              ) : (
                <div className="table-scroll">
                  <table className="table users-table">
                    <thead>
                      <tr>
                        <th scope="col">账号</th>
                        <th scope="col">姓名</th>
                        <th scope="col">单位</th>
                        <th scope="col">角色</th>
                        <th scope="col">状态</th>
                        <th scope="col">
                          <span className="visually-hidden">操作</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((u) => (
                        <tr key={u.id} data-username={u.username} className={[u.active ? '' : 'user-inactive', u.id === selected ? 'row-selected' : ''].join(' ').trim() || undefined}>
                          <td>{u.username}</td>
                          <td>{u.displayName}</td>
                          <td>{units.nameOf(u.unitId)}</td>
                          <td data-column="roles">{rolesText(u.roles)}</td>
                          <td>{u.active ? '启用' : <span className="badge badge-inactive">已停用</span>}</td>
                          <td>
                            <button
                              type="button"
                              className="button button-small"
                              aria-pressed={u.id === selected}
                              aria-label={`编辑 ${u.displayName}（${u.username}）`}
                              onClick={() => {
                                setSelected(u.id === selected ? null : u.id);
                                setCreating(false);
                              }}
                            >
                              编辑
                            </button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </section>
        <div className="admin-side" id="user-create">
          {creating && <CreateUserForm rows={units.rows} nameOf={units.nameOf} onCreated={saved} onCancel={() => setCreating(false)} />}
          {!creating && user && <UserEditor key={`${user.id}|${user.updatedAt}`} user={user} rows={units.rows} nameOf={units.nameOf} self={user.id === me.id} onSaved={saved} />}
          {!creating && !user && (
            <section className="panel" aria-label="用户详情">
              <p className="muted">在列表中点“编辑”修改一个用户，或点“新建用户”。</p>
            </section>
          )}
        </div>
      </div>
    </section>
  );
}
