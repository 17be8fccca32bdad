import type { CaseKind, TrafficLight } from '../api/types';
import { ESCALATION_LABELS, EVENT_LABELS, KIND_LABELS as KINDS, ROLE_LABELS, stateLabel } from '../../../../libs/workflow/src/vocabulary.constant';

// The vocabulary lives beside the machines; the API's labels win where a response carries them.
export { ESCALATION_LABELS, EVENT_LABELS, ROLE_LABELS };

export const KIND_LABELS = KINDS as Record<CaseKind, string>;

export const roleLabel = (role: string): string => ROLE_LABELS[role] ?? role;

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? type;

/** A state's name without the workflow definition at hand (same fallbacks as the API's stateLabel). */
export function genericStateLabel(path: string | null, kind?: string): string {
  return path ? stateLabel(kind ?? '', path) : '—';
}

export const LIGHT_LABELS: Record<TrafficLight, string> = { green: '绿灯', yellow: '黄灯 预警', red: '红灯 超期' };

export const PRIORITY_LABELS: Record<string, string> = { normal: '一般', urgent: '紧急' };

export const CHANNEL_LABELS: Record<string, string> = { phone: '电话', web: '网站', app: '移动客户端', letter: '来信' };

export const SATISFACTION_LABELS: Record<string, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

export const TARGET_TYPE_LABELS: Record<string, string> = { unit: '单位', person: '个人' };

/** 中国共产党问责条例: forms for organisations and for persons. */
export const ACCOUNTABILITY_FORMS: Record<string, string[]> = {
  unit: ['检查', '通报', '改组'],
  person: ['通报', '诫勉', '组织调整或者组织处理', '纪律处分'],
};

export const RECTIFICATION_SOURCES = ['巡察反馈', '巡视反馈', '自查', '考核反馈', '上级交办', '审计', '其他'];
export const RECTIFICATION_CATEGORIES = ['立行立改', '限期整改', '长期坚持'];
export const HOTLINE_REQUEST_TYPES = ['咨询', '求助', '投诉', '举报', '建议'];

/** Chinese names of payload and case fields, as users of the ledger know them. */
export const FIELD_LABELS: Record<string, string> = {
  attachments: '佐证材料',
  listYear: '清单年度',
  listVersion: '清单版本',
  itemNo: '清单条目',
  itemText: '条目原文',
  obligationKey: '事项代码',
  obligationTitle: '履责事项',
  period: '期间代码',
  periodLabel: '期次',
  requiredCount: '需认可次数',
  reviewerUnitId: '审核单位',
  responsibilityList: '责任清单',
  changes: '修订内容',
  title: '标题',
  description: '问题描述',
  source: '问题来源',
  category: '整改类别',
  measures: '整改措施',
  responsiblePerson: '责任人',
  progress: '整改进展（台账导入时）',
  ladderFrom: '督办起算时间',
  ledgerImport: '台账导入',
  importId: '台账导入',
  content: '诉求内容',
  callerName: '来电人',
  callerPhone: '联系电话',
  callerErasedAt: '来电人信息',
  requestType: '诉求类型',
  channel: '受理渠道',
  priority: '紧急程度',
  targetUnitId: '问责单位',
  targetPerson: '问责对象（个人）',
  parentCaseId: '关联原案件',
  unitId: '责任单位',
  assigneeId: '承办人',
  dueAt: '期限',
  previousDueAt: '原期限',
  requestedDueAt: '延期至',
  reason: '理由',
  comment: '意见',
  summary: '整改情况',
  evidence: '佐证材料',
  answer: '答复内容',
  satisfaction: '满意度',
  targetType: '问责对象类型',
  form: '问责方式',
  proposal: '处理建议',
  level: '升级级别',
  kind: '类别',
};

export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? field;

/** Per event, a field may mean something more specific than its generic name. */
const EVENT_FIELD_LABELS: Record<string, Record<string, string>> = {
  ASSIGN: { dueAt: '办理期限', comment: '交办意见' },
  REQUEST_EXTENSION: { dueAt: '申请延期至' },
  SUBMIT_FINDINGS: { summary: '调查结论' },
  DECIDE: { targetUnitId: '问责单位', targetPerson: '问责对象（个人）', reason: '决定理由' },
  RECORD_EXECUTION: { comment: '执行情况' },
};

/** An obligation's unit reports what it did (履责情况), not a rectification. */
const KIND_EVENT_FIELD_LABELS: Record<string, Record<string, Record<string, string>>> = {
  obligation: { SUBMIT_REPORT: { summary: '履责情况' }, VERIFY_FAIL: { reason: '退回理由' }, VERIFY_PASS: { comment: '审核意见' } },
};

export const eventFieldLabel = (eventType: string, field: string, kind?: string): string =>
  (kind ? KIND_EVENT_FIELD_LABELS[kind]?.[eventType]?.[field] : undefined) ?? EVENT_FIELD_LABELS[eventType]?.[field] ?? fieldLabel(field);

/** Enumerated values shown in words. */
export function valueLabel(field: string, value: string): string {
  if (field === 'satisfaction') return SATISFACTION_LABELS[value] ?? value;
  if (field === 'targetType') return TARGET_TYPE_LABELS[value] ?? value;
  if (field === 'channel') return CHANNEL_LABELS[value] ?? value;
  if (field === 'priority') return PRIORITY_LABELS[value] ?? value;
  if (field === 'kind') return KIND_LABELS[value as CaseKind] ?? value;
  return value;
}
