import type { AdminEvent } from '../../api/types';
import { roleLabel } from '../../i18n/labels';

export const ADMIN_EVENT_LABELS: Record<AdminEvent['type'], string> = {
  USER_CREATED: '新建用户',
  USER_UPDATED: '修改用户信息',
  ROLES_CHANGED: '变更角色',
  USER_DEACTIVATED: '停用用户',
  USER_REACTIVATED: '启用用户',
  PASSWORD_RESET: '重置密码',
  UNIT_CREATED: '新建单位',
  UNIT_RENAMED: '单位更名',
  UNIT_MOVED: '调整上级单位',
  UNIT_DELETED: '删除单位',
  UNIT_DEACTIVATED: '停用单位',
  UNIT_REACTIVATED: '启用单位',
  SLA_POLICY_PUBLISHED: '发布时限规则',
  CALENDAR_YEAR_LOADED: '载入工作日历',
  RESPONSIBILITY_LIST_SAVED: '保存责任清单草稿',
  RESPONSIBILITY_LIST_PUBLISHED: '发布责任清单',
  TIMER_RETRIED: '重试定时任务',
  RANKING_WEIGHTS_PUBLISHED: '调整排名权重',
  EVIDENCE_BUNDLE_EXPORTED: '提取证据包',
  PERSONAL_DATA_ERASED: '删除来电人个人信息',
  PERSONAL_DATA_VIEWED: '查看来电人完整信息',
};

const SUBJECT_LABELS: Record<AdminEvent['subjectType'], string> = {
  user: '用户',
  unit: '单位',
  'sla-policy': '时限规则',
  'calendar-year': '工作日历',
  'responsibility-list': '责任清单',
  timer: '定时任务',
  'ranking-weights': '排名权重',
  'evidence-bundle': '证据包',
  case: '案件',
};

const roles = (value: unknown) => (Array.isArray(value) && value.length ? value.map((r) => roleLabel(String(r))).join('、') : '无');

/** The change in words an auditor reads: before → after, the parts that matter for each kind. */
export function describeAdminChange(e: AdminEvent, nameOf: (unitId: string) => string): string {
  const b = e.before ?? {};
  const a = e.after ?? {};
  switch (e.type) {
    case 'USER_CREATED':
      return `账号 ${a.username}（${a.displayName}），${nameOf(String(a.unitId))}，角色：${roles(a.roles)}`;
    case 'USER_UPDATED':
      return `姓名 ${b.displayName} → ${a.displayName}；单位 ${nameOf(String(b.unitId))} → ${nameOf(String(a.unitId))}`;
    case 'ROLES_CHANGED':
      return `角色 ${roles(b.roles)} → ${roles(a.roles)}${(a.granted as unknown[])?.length ? `；授予 ${roles(a.granted)}` : ''}${(a.removed as unknown[])?.length ? `；撤销 ${roles(a.removed)}` : ''}`;
    case 'USER_DEACTIVATED':
    case 'USER_REACTIVATED':
    case 'PASSWORD_RESET':
      return '';
    case 'UNIT_CREATED':
      return `${a.name}（${a.code}）${a.parentId ? `，上级：${nameOf(String(a.parentId))}` : ''}`;
    case 'UNIT_RENAMED':
      return `${b.name}（${b.code}） → ${a.name}（${a.code}）`;
    case 'UNIT_MOVED':
      return `上级 ${b.parentId ? nameOf(String(b.parentId)) : '无'} → ${a.parentId ? nameOf(String(a.parentId)) : '无'}`;
    case 'UNIT_DELETED':
      return `${b.name}（${b.code}）`;
    case 'UNIT_DEACTIVATED':
    case 'UNIT_REACTIVATED':
      return '';
    case 'SLA_POLICY_PUBLISHED':
      return `第 ${b.version} 版 → 第 ${a.version} 版（${(a.rules as unknown[])?.length ?? 0} 条规则）`;
    case 'CALENDAR_YEAR_LOADED':
      return `${e.subjectId} 年：放假 ${(a.holidays as unknown[])?.length ?? 0} 天、调休上班 ${(a.workdays as unknown[])?.length ?? 0} 天${e.before ? '（覆盖原数据）' : ''}`;
    case 'RESPONSIBILITY_LIST_SAVED':
    case 'RESPONSIBILITY_LIST_PUBLISHED':
      return `${e.subjectId} 年第 ${a.version} 版，${(a.items as unknown[])?.length ?? 0} 项`;
    case 'TIMER_RETRIED':
      return `已失败 ${b.attempts} 次（${b.lastError ?? '无错误信息'}），重新排队`;
    case 'RANKING_WEIGHTS_PUBLISHED':
      return `第 ${b.version} 版 → 第 ${a.version} 版`;
    case 'EVIDENCE_BUNDLE_EXPORTED':
      return `${a.cases} 件案件、${a.events} 条事件${(a.query as { files?: boolean } | undefined)?.files ? '（含附件文件）' : ''}；清单 SHA-256：${a.manifestSha256}`;
    case 'PERSONAL_DATA_VIEWED':
      return `案件 ${a.caseCode}：查看${(a.fields as unknown[])?.map((f) => (f === 'callerName' ? '来电人姓名' : f === 'callerPhone' ? '联系电话' : String(f))).join('、') ?? ''}`;
    case 'PERSONAL_DATA_ERASED':
      return `案件 ${a.caseCode}：删除${(a.fields as unknown[])?.map((f) => (f === 'callerName' ? '来电人姓名' : f === 'callerPhone' ? '联系电话' : String(f))).join('、') ?? ''}；理由：${a.reason}`;
  }
}

export const subjectLabel = (e: AdminEvent) => `${SUBJECT_LABELS[e.subjectType]}${e.subjectType === 'calendar-year' || e.subjectType === 'responsibility-list' ? ` ${e.subjectId}` : ''}`;
