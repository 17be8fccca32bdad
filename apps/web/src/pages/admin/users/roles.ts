import type { Role } from '../../../api/types';
import { roleLabel } from '../../../i18n/labels';

/** The roles in the order people think of them, with what each may do in a few words. */
export const ROLE_CHOICES: { role: Role; does: string }[] = [
  { role: 'inspector', does: '交办、验收整改事项，立案问责' },
  { role: 'supervisor', does: '审批销号、延期申请和问责决定' },
  { role: 'unit_officer', does: '签收、办理、上报本单位及下级单位的案件' },
  { role: 'hotline_agent', does: '受理、派发、回访12345热线工单' },
  { role: 'auditor', does: '查阅审计轨迹、管理操作，提取证据包' },
  { role: 'admin', does: '维护单位、用户、时限规则、节假日和计时器' },
];

export const rolesText = (roles: readonly string[]) => (roles.length ? ROLE_CHOICES.filter((c) => roles.includes(c.role)).map((c) => roleLabel(c.role)).join('、') : '无');

/**
 * CreateUserRequest.password.minLength in the API's contract (openapi.json); the browser tests
 * check that the two agree, so the hint never promises less than the API will take.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`;
  if (password.length > PASSWORD_MAX_LENGTH) return `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`;
  return null;
}

/** Said before and after each change that ends the user's sessions (README: HTTP conventions, tokens). */
export const SESSIONS_END = '该用户在所有设备上的现有登录会立即失效，需要重新登录。';
export const SESSIONS_ENDED = '该用户在所有设备上的现有登录已全部失效，需要重新登录。';
