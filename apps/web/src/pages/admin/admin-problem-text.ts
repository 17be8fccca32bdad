import { ApiError } from '../../api/http-client';
import type { FieldError } from '../../api/types';
import { explainProblem, fieldText, type Explained } from '../../i18n/problem-text';

/** What an admin screen acts on, for the words of a 404. */
export type AdminSubject = '单位' | '用户' | '计时器' | '工作日历';

const counted = (n: number, what: string) => (n > 0 ? [`${n} ${what}`] : []);

/**
 * A unit the server will not deactivate or delete names what it still holds, in English:
 * "unit zjj still has 0 active sub-unit(s), 1 active user(s) and 2 open case(s)". The numbers
 * are what a person needs; the words are ours.
 */
function unitDependents(message: string): string | null {
  const m = message.match(/has (\d+) (active )?sub-unit\(s\), (\d+) (active )?user\(s\) and (\d+) (open )?case\(s\)/i);
  if (!m) return null;
  const active = Boolean(m[2]);
  const parts = [
    ...counted(Number(m[1]), active ? '个启用中的下级单位' : '个下级单位'),
    ...counted(Number(m[3]), active ? '个启用中的用户' : '个用户'),
    ...counted(Number(m[5]), active ? '件未办结的案件' : '件案件（含已办结）'),
  ];
  return parts.length ? parts.join('、') : null;
}

/** One refused field in Chinese, in the words of the admin screens. */
export function adminFieldText(error: Pick<FieldError, 'field' | 'code' | 'message'>): string {
  const { field, code, message } = error;
  const held = unitDependents(message);
  if (field === 'active' && held) return `该单位还有 ${held}，不能停用。请先把用户调到其他单位或停用、把下级单位移走或停用、把案件办结后再停用。`;
  if (field === 'active' && /parent unit is deactivated/i.test(message)) return '上级单位已停用：请先启用上级单位，或把本单位移到其他单位下再启用。';
  if (field === 'id' && held) return `该单位还有 ${held}，不能删除。机构撤并时请改用“停用”，历史案件和审计记录会保留。`;
  if (field === 'parentId' && code === 'conflict') return '不能把单位移到它自己或它的下级单位之下。';
  if (field === 'parentId' && code === 'not_found') return '所选上级单位不存在（可能刚被删除），请刷新后重选。';
  if (field === 'unitId' && code === 'conflict') return '所选单位已停用，不能把用户放到停用的单位。';
  if (field === 'unitId' && code === 'not_found') return '所选单位不存在（可能刚被删除），请刷新后重选。';
  if (field === 'code' && code === 'taken') return '单位代码已被其他单位使用，请换一个。';
  if (field === 'code' && code === 'invalid_format') return '单位代码须为 1–40 位小写字母、数字或短横线，以字母或数字开头，例如 zjj-cj。';
  if (field === 'username' && code === 'taken') return '该账号已存在，请换一个。';
  if (field === 'username' && code === 'invalid_format') return '账号须为 2–64 位字母、数字、点、短横线或下划线，以字母或数字开头。';
  if (field === 'password' && (code === 'too_short' || code === 'too_long' || code === 'invalid_format')) {
    const range = message.match(/(\d+)\D+(\d+) characters/);
    return range ? `密码须为 ${range[1]}–${range[2]} 个字符。` : '密码长度不符合要求。';
  }
  if (field === 'roles') return '请从列出的角色中选择。';
  if (field === 'body' && code === 'required') return '没有需要保存的修改。';
  return fieldText(error);
}

export interface AdminExplained extends Explained {
  /** Each refused field's messages, by the field's first segment (code, parentId, holidays…). */
  fieldErrors: Record<string, string[]>;
}

/**
 * A refusal on an admin screen: the console's general wording, with field errors in the admin
 * screens' words (whether the server answers 400 or 409 for a conflict, it names the field).
 */
export function explainAdminProblem(error: unknown, subject: AdminSubject): AdminExplained {
  const explained = explainProblem(error);
  if (!(error instanceof ApiError)) return explained;
  const { problem } = error;
  if (problem.code === 'NOT_FOUND') return { ...explained, message: `该${subject}不存在或已被删除，请刷新后重试。` };
  if (problem.code === 'FORBIDDEN') return { ...explained, message: '此操作仅限系统管理员。' };
  const errors = problem.errors ?? [];
  if (!errors.length) {
    // A conflict without field errors: the unit's counts if it names them, else its own words.
    const held = unitDependents(problem.detail ?? '');
    if (problem.status === 409 && held) return { ...explained, message: `该单位还有 ${held}，不能停用或删除。` };
    if (problem.status === 409) return { ...explained, message: `操作被拒绝：${problem.detail ?? problem.title ?? '与当前数据冲突'}` };
    return explained;
  }
  const fieldErrors: Record<string, string[]> = {};
  for (const e of errors) {
    const key = e.field.split(/[.[]/)[0];
    fieldErrors[key] = [...new Set([...(fieldErrors[key] ?? []), adminFieldText(e)])];
  }
  const only = Object.values(fieldErrors).flat();
  return {
    ...explained,
    fieldErrors,
    message: only.length === 1 ? only[0] : '填写的内容有误，请按提示修改后再提交。',
  };
}
