import { ApiError } from '../api/http-client';
import type { BlockingRule, FieldError, Problem } from '../api/types';
import { eventLabel as fallbackEventLabel, roleLabel } from './labels';

export interface Explained {
  message: string;
  code: string;
  /** The case changed under the user: offer to reload it. */
  offerReload: boolean;
  fieldErrors: Record<string, string[]>;
}

const FOUR_EYES_CLOSURE = '四眼原则：验收通过该案件的人员不能批准销号，请由另一位领导审批。';
const UNIT_SCOPE = '只能由责任单位（及其下属单位）的联络员办理';

/** Why a rule other than the role withholds an event (the API's blockedEvents, or a refusal). */
export function blockingRuleText(rule: BlockingRule, eventType: string, label: string): string {
  switch (rule) {
    case 'four-eyes':
      return eventType === 'APPROVE_CLOSURE'
        ? FOUR_EYES_CLOSURE
        : `四眼原则：验收通过该案件的人员不能执行“${label}”，请由另一位人员办理。`;
    case 'unit-scope':
      return `${UNIT_SCOPE}。`;
    case 'reviewer':
      return `“${label}”由纪检监察干部或清单指定的审核单位办理，本单位的履责事项不能自行审核。`;
    default:
      // A rule newer than this console.
      return `“${label}”当前不能由您办理。`;
  }
}

/** 分管领导, or 纪检监察干部或分管领导, or 甲、乙或丙. */
export function rolesInWords(roles: string[]): string {
  const names = [...new Set(roles.map(roleLabel))];
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join('、')}或${names[names.length - 1]}`;
}

/**
 * A field error in Chinese, chosen by its stable code; the English message only supplies the
 * numbers and lists it names (at most 100 characters, one of: …).
 */
export function fieldText({ code, message }: Pick<FieldError, 'code' | 'message'>): string {
  // Some refusals are already worded in Chinese by the API (a duty the calendar cannot place): shown as they are.
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  const limit = message.match(/at most (\d+)|shorter than or equal to (\d+)/i);
  const choices = message.match(/must be one of:?\s*(.+)$/i);
  switch (code) {
    case 'required':
      return '此项为必填项';
    case 'too_long':
      return limit ? `不能超过 ${limit[1] ?? limit[2]} 个字` : '内容过长';
    case 'too_short':
      return '内容过短';
    case 'too_large':
      return '数值过大';
    case 'too_small':
      return '数值过小';
    case 'not_in_list':
      return choices ? `请从以下选项中选择：${choices[1]}` : '请从列表中选择';
    case 'invalid_date': {
      if (/is not a real date/i.test(message)) return '该日期不存在';
      const years = message.match(/between the years (\d+) and (\d+)/i);
      return years ? `年份须在 ${years[1]}–${years[2]} 之间` : '请填写有效日期（年-月-日）';
    }
    case 'not_in_future':
      return '日期须晚于当前期限或今天';
    case 'unknown_field':
      return '不允许填写此项';
    case 'not_found':
      return '所选对象不存在或已停用';
    case 'taken':
      return '已被占用，请换一个';
    case 'invalid_type':
      return /must be a string/i.test(message) ? '请填写文字' : '填写的内容类型不对';
    case 'invalid_format':
      if (/UUID/i.test(message)) return '请选择有效的选项';
      if (/phone/i.test(message)) return '请填写有效的电话号码';
      if (/username/i.test(message)) return '请填写账号（字母、数字、点、横线），或 system';
      return '格式不正确';
    case 'conflict':
      return '与其他填写内容或案件当前情况不一致';
    default:
      // A code newer than this console.
      return message;
  }
}

export function groupFieldErrors(errors: FieldError[] = []): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const error of errors) {
    const key = error.field.split(/[.[]/)[0];
    grouped[key] = [...new Set([...(grouped[key] ?? []), fieldText(error)])];
  }
  return grouped;
}

export interface ExplainContext {
  /** The action the user tried, e.g. 批准销号. */
  action?: string;
  actionType?: string;
  eventLabel?: (type: string) => string;
}

function forbiddenText(problem: Problem, context: ExplainContext): string {
  const action = context.action ? `“${context.action}”` : '此操作';
  switch (problem.rule) {
    case 'four-eyes':
      return blockingRuleText('four-eyes', context.actionType ?? '', context.action ?? '此操作');
    case 'unit-scope':
      return `该案件不属于您所在单位或下级单位：${action}${UNIT_SCOPE}。`;
    case 'system-only':
      return `${action}只能由系统按期限自动触发，不能手工发送。`;
    case 'reviewer':
      return `${action}由纪检监察干部或清单指定的审核单位办理，本单位的履责事项不能自行审核。`;
    case 'role': {
      // Older APIs named the roles only in the English detail.
      const roles = problem.requiredRoles ?? problem.detail?.match(/roles?:\s*(.+)$/)?.[1]?.split(/,\s*/) ?? [];
      const needed = roles.length ? `，此操作需由${rolesInWords(roles)}办理` : '';
      return `您的角色无权执行${action}${needed}。`;
    }
    default:
      return `您无权执行${action}。`;
  }
}

export function explainProblem(error: unknown, context: ExplainContext = {}): Explained {
  if (!(error instanceof ApiError)) {
    return { message: `页面出错：${String(error)}`, code: 'CLIENT', offerReload: true, fieldErrors: {} };
  }
  const problem = error.problem;
  const label = context.eventLabel ?? fallbackEventLabel;
  const base = { code: problem.code, offerReload: false, fieldErrors: {} as Record<string, string[]> };
  switch (problem.code) {
    case 'VALIDATION_FAILED':
      return { ...base, message: '填写的内容有误，请按提示修改后再提交。', fieldErrors: groupFieldErrors(problem.errors) };
    case 'UNAUTHENTICATED':
      return { ...base, message: '登录已过期或已失效，请重新登录。' };
    case 'FORBIDDEN':
      return { ...base, message: forbiddenText(problem, context) };
    case 'NOT_FOUND':
      return { ...base, message: '未找到该案件，或它不在您的查看范围内。' };
    case 'INVALID_TRANSITION': {
      const allowed = (problem.allowedEvents ?? []).map(label);
      const action = context.action ? `“${context.action}”` : '此操作';
      const tail = allowed.length ? `当前状态下可以执行：${allowed.join('、')}。` : '当前状态下没有可执行的操作。';
      return { ...base, offerReload: true, message: `案件当前所处的环节不能执行${action}。${tail}请重新加载查看最新状态。` };
    }
    case 'VERSION_CONFLICT':
      return {
        ...base,
        offerReload: true,
        message: `该案件刚刚已被其他人修改${problem.currentVersion ? `（当前为第 ${problem.currentVersion} 版）` : ''}，您看到的内容已过时。请重新加载后再操作。`,
      };
    case 'IDEMPOTENCY_MISMATCH':
      return { ...base, offerReload: true, message: '重复提交的内容与上一次不一致，系统未予处理。请重新加载后再操作。' };
    case 'RATE_LIMITED':
      return { ...base, message: `操作过于频繁，请${error.retryAfterSeconds ? ` ${error.retryAfterSeconds} 秒` : '稍'}后再试。` };
    case 'UNAVAILABLE':
      return { ...base, message: '服务暂时不可用（可能是数据库连接中断），请稍后重试。您的操作未被处理。' };
    case 'INTERNAL':
      return { ...base, message: `系统内部错误，操作未完成。请将错误编号 ${problem.errorId ?? '（无）'} 告知管理员。` };
    case 'NETWORK':
      return { ...base, message: '无法连接到服务器，请检查网络后重试。' };
    default:
      return { ...base, message: `请求未成功（${problem.status}）：${problem.detail ?? problem.title ?? problem.code}` };
  }
}
