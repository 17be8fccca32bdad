import { useState, type FormEvent } from 'react';
import { updateUser } from '../../../api/rectify-api';
import type { Role, UpdateUserBody, UserAccount } from '../../../api/types';
import { FormField, fieldAria } from '../../../components/form-field';
import { ProblemAlert } from '../../../components/problem-alert';
import { formatDateTime } from '../../../format/time';
import { explainAdminProblem, type AdminExplained } from '../admin-problem-text';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import type { UnitRow } from '../unit-tree';
import { RolePicker } from './role-picker';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, rolesText, SESSIONS_END, SESSIONS_ENDED } from './roles';
import { UserUnitSelect } from './user-unit-select';

type Section = 'profile' | 'password' | 'status';

interface Props {
  user: UserAccount;
  rows: UnitRow[];
  nameOf(id: string): string;
  /** The signed-in admin edits their own account. */
  self: boolean;
  onSaved(user: UserAccount, text: string): Promise<void>;
}

const sameRoles = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/** One account: name, unit and roles; a new password; deactivation. Each that ends sessions says so first. */
export function UserEditor({ user, rows, nameOf, self, onSaved }: Props) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [unitId, setUnitId] = useState(user.unitId);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Section | null>(null);
  const [problem, setProblem] = useState<{ section: Section; explained: AdminExplained } | null>(null);
  const [confirmDeactivate, setConfirmDeactivate] = useState(false);

  const problemIn = (section: Section) => (problem?.section === section ? problem.explained : null);
  const fieldErrors = (section: Section, field: string) => problemIn(section)?.fieldErrors[field];
  const rolesChanged = !sameRoles(roles, user.roles);
  const profileBody: UpdateUserBody = {
    ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
    ...(unitId !== user.unitId ? { unitId } : {}),
    ...(rolesChanged ? { roles } : {}),
  };
  const who = `${user.displayName}（${user.username}）`;

  async function run(section: Section, body: UpdateUserBody, text: (saved: UserAccount) => string) {
    setBusy(section);
    setProblem(null);
    try {
      const saved = await updateUser(user.id, body);
      setConfirmDeactivate(false);
      await onSaved(saved, text(saved));
    } catch (error) {
      setConfirmDeactivate(false);
      setProblem({ section, explained: explainAdminProblem(error, '用户') });
    } finally {
      setBusy(null);
    }
  }

  function saveProfile(e: FormEvent) {
    e.preventDefault();
    if (!Object.keys(profileBody).length || !displayName.trim() || !roles.length) return;
    const before = user;
    void run('profile', profileBody, (saved) => {
      const parts = [
        ...(saved.displayName !== before.displayName ? [`姓名改为“${saved.displayName}”`] : []),
        ...(saved.unitId !== before.unitId ? [`单位由“${nameOf(before.unitId)}”调到“${nameOf(saved.unitId)}”`] : []),
        ...(!sameRoles(saved.roles, before.roles) ? [`角色由 ${rolesText(before.roles)} 改为 ${rolesText(saved.roles)}`] : []),
      ];
      const ended = !sameRoles(saved.roles, before.roles) ? `角色已变更，${SESSIONS_ENDED}` : '';
      return `已保存 ${who}：${parts.join('；')}。${ended}`;
    });
  }

  function resetPassword(e: FormEvent) {
    e.preventDefault();
    const weak = passwordProblem(password);
    setPasswordError(weak);
    if (weak) return;
    void run('password', { password }, () => {
      setPassword('');
      return `已重置 ${who} 的密码，${SESSIONS_ENDED}请把新密码当面或通过可靠渠道告知本人。`;
    });
  }

  const setActive = (active: boolean) =>
    run('status', { active }, () =>
      active ? `已重新启用 ${who}，可以用原密码登录。` : `已停用 ${who}：不能再登录，现有登录已在所有设备上失效；其经办记录保留。`,
    );

  const passwordErrors = passwordError ? [passwordError] : fieldErrors('password', 'password');
  return (
    <section className={`panel user-editor${user.active ? '' : ' user-inactive'}`} aria-labelledby="user-editor-title" data-testid="user-editor">
      <h2 id="user-editor-title">
        {user.displayName} <span className="unit-code">{user.username}</span>
        {!user.active && <span className="badge badge-inactive">已停用</span>}
      </h2>
      <p className="muted">
        创建于 {formatDateTime(user.createdAt)}，最近修改 {formatDateTime(user.updatedAt)}。
      </p>
      {self && (
        <p className="alert alert-warning" role="note">
          这是您本人的账号：重置密码、停用或变更自己的角色后，您在所有设备上的登录（包括当前这个）都会失效，需要重新登录。
        </p>
      )}

      <form onSubmit={saveProfile} noValidate aria-labelledby="user-profile-title" className="admin-subform">
        <h3 id="user-profile-title">姓名、单位和角色</h3>
        <FormField id="user-displayName" label="姓名" required errors={fieldErrors('profile', 'displayName')}>
          <input {...fieldAria('user-displayName', fieldErrors('profile', 'displayName'))} value={displayName} maxLength={100} onChange={(e) => setDisplayName(e.target.value)} aria-required />
        </FormField>
        <FormField id="user-unitId" label="所在单位" required errors={fieldErrors('profile', 'unitId')}>
          <UserUnitSelect {...fieldAria('user-unitId', fieldErrors('profile', 'unitId'))} rows={rows} value={unitId} keep={user.unitId} onChange={setUnitId} aria-required />
        </FormField>
        <RolePicker
          id="user-roles"
          value={roles}
          onChange={setRoles}
          errors={roles.length ? fieldErrors('profile', 'roles') : ['至少选择一个角色']}
          note={rolesChanged ? `保存后角色变更立即生效，${SESSIONS_END}` : `变更角色后，${SESSIONS_END}`}
          noteTone={rolesChanged ? 'warning' : 'muted'}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy !== null || !Object.keys(profileBody).length || !displayName.trim() || !roles.length}>
            {busy === 'profile' ? '正在保存…' : '保存修改'}
          </button>
        </div>
        <ProblemAlert explained={problemIn('profile')} />
      </form>

      <form onSubmit={resetPassword} noValidate aria-labelledby="user-password-title" className="admin-subform">
        <h3 id="user-password-title">重置密码</h3>
        <FormField
          id="user-password"
          label="新密码"
          required
          hint={`${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} 个字符。重置后，${SESSIONS_END}`}
          errors={passwordErrors}
        >
          <input
            {...fieldAria('user-password', passwordErrors, 'hint')}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setPasswordError(null);
            }}
            aria-required
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy !== null || !password}>
            {busy === 'password' ? '正在重置…' : '重置密码'}
          </button>
        </div>
        <ProblemAlert explained={problemIn('password')} />
      </form>

      <div className="admin-subform" role="group" aria-labelledby="user-status-title">
        <h3 id="user-status-title">账号状态</h3>
        {user.active ? (
          <>
            <p className="muted">停用后该用户不能登录，在所有设备上的现有登录立即失效；经办记录和审计轨迹保留。</p>
            <button type="button" className="button" onClick={() => setConfirmDeactivate(true)} disabled={busy !== null}>
              停用账号
            </button>
          </>
        ) : (
          <>
            <p className="muted">该账号已停用，不能登录。</p>
            <button type="button" className="button" onClick={() => void setActive(true)} disabled={busy !== null}>
              {busy === 'status' ? '正在启用…' : '重新启用'}
            </button>
          </>
        )}
        <ProblemAlert explained={problemIn('status')} />
      </div>

      {confirmDeactivate && (
        <ConfirmDialog title={`停用 ${who}？`} confirmLabel="确认停用" danger busy={busy === 'status'} onConfirm={() => void setActive(false)} onCancel={() => setConfirmDeactivate(false)}>
          <p>停用后该用户不能再登录，在所有设备上的现有登录立即失效；其经办记录和审计轨迹保留，可随时重新启用。</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
