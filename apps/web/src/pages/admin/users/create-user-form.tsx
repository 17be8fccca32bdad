import { useState, type FormEvent } from 'react';
import { createUser } from '../../../api/rectify-api';
import type { Role, UserAccount } from '../../../api/types';
import { FormField, fieldAria } from '../../../components/form-field';
import { ProblemAlert } from '../../../components/problem-alert';
import { explainAdminProblem, type AdminExplained } from '../admin-problem-text';
import type { UnitRow } from '../unit-tree';
import { RolePicker } from './role-picker';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, rolesText } from './roles';
import { UserUnitSelect } from './user-unit-select';

interface Props {
  rows: UnitRow[];
  nameOf(id: string): string;
  onCreated(user: UserAccount, text: string): Promise<void>;
  onCancel(): void;
}

export function CreateUserForm({ rows, nameOf, onCreated, onCancel }: Props) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [unitId, setUnitId] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<AdminExplained | null>(null);
  const errors = (field: string) => local[field] ?? problem?.fieldErrors[field];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string[]> = {};
    if (!username.trim()) found.username = ['此项为必填项'];
    if (!displayName.trim()) found.displayName = ['此项为必填项'];
    if (!unitId) found.unitId = ['请选择单位'];
    if (!roles.length) found.roles = ['至少选择一个角色'];
    const weak = passwordProblem(password);
    if (weak) found.password = [weak];
    setLocal(found);
    setProblem(null);
    if (Object.keys(found).length) {
      document.getElementById(`user-new-${Object.keys(found)[0] === 'roles' ? 'roles-inspector' : Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const user = await createUser({ username: username.trim(), displayName: displayName.trim(), unitId, roles, password });
      await onCreated(user, `已新建用户 ${user.username}（${user.displayName}），${nameOf(user.unitId)}，角色：${rolesText(user.roles)}。请把初始密码当面或通过可靠渠道告知本人。`);
    } catch (error) {
      setProblem(explainAdminProblem(error, '用户'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="user-create-title" data-testid="user-create">
      <h2 id="user-create-title">新建用户</h2>
      <form onSubmit={submit} noValidate>
        <FormField id="user-new-username" label="账号" required hint="登录名：字母、数字、点、短横线或下划线，例如 officer.zjj" errors={errors('username')}>
          <input
            {...fieldAria('user-new-username', errors('username'), 'hint')}
            value={username}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setUsername(e.target.value)}
            aria-required
          />
        </FormField>
        <FormField id="user-new-displayName" label="姓名" required errors={errors('displayName')}>
          <input {...fieldAria('user-new-displayName', errors('displayName'))} value={displayName} maxLength={100} onChange={(e) => setDisplayName(e.target.value)} aria-required />
        </FormField>
        <FormField id="user-new-unitId" label="所在单位" required errors={errors('unitId')}>
          <UserUnitSelect {...fieldAria('user-new-unitId', errors('unitId'))} rows={rows} value={unitId} onChange={setUnitId} aria-required />
        </FormField>
        <RolePicker id="user-new-roles" value={roles} onChange={setRoles} errors={errors('roles')} />
        <FormField id="user-new-password" label="初始密码" required hint={`${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} 个字符`} errors={errors('password')}>
          <input
            {...fieldAria('user-new-password', errors('password'), 'hint')}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-required
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? '正在保存…' : '新建用户'}
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            取消
          </button>
        </div>
        <ProblemAlert explained={problem} />
      </form>
    </section>
  );
}
