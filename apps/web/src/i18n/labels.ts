import type { CaseKind, Role, TrafficLight } from '../api/types';

export const ROLE_LABELS: Record<Role, string> = {
  inspector: '纪检监察干部',
  supervisor: '分管领导',
  unit_officer: '责任单位联络员',
  hotline_agent: '12345坐席',
  auditor: '审计巡察人员',
  admin: '管理员',
};

export const roleLabel = (role: string): string =>
  role === 'system' ? '系统' : (ROLE_LABELS[role as Role] ?? role);

export const KIND_LABELS: Record<CaseKind, string> = {
  rectification: '整改台账',
  hotline: '12345热线工单',
  accountability: '问责',
};

/**
 * Fallback when the workflow definition has not loaded; the API's labels win when present. The
 * same words as the API's vocabulary (OPENED is 立案 there too, in case views and workflows).
 */
export const EVENT_LABELS: Record<string, string> = {
  OPENED: '立案',
  ASSIGN: '交办/派单',
  ACCEPT: '签收',
  RETURN: '退回',
  SUBMIT_REPORT: '报送整改情况',
  VERIFY_PASS: '验收通过',
  VERIFY_FAIL: '验收不通过',
  REQUEST_EXTENSION: '申请延期',
  APPROVE_EXTENSION: '批准延期',
  REJECT_EXTENSION: '驳回延期',
  APPROVE_CLOSURE: '批准销号',
  REJECT_CLOSURE: '驳回销号',
  REOPEN: '重新打开（回头看）',
  SUSPEND: '挂起',
  RESUME: '恢复',
  REPLY: '答复',
  CALLBACK: '回访',
  SUBMIT_FINDINGS: '提交调查结论',
  DECIDE: '作出问责决定',
  DISMISS: '不予问责',
  RECORD_EXECUTION: '记录执行情况',
  SLA_WARNING: '预警',
  SLA_BREACHED: '超期',
  ESCALATE: '升级',
};

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? type;

const STATE_LABELS: Record<string, string> = {
  opened: '待交办',
  assigned: '待签收',
  rectifying: '整改中',
  'rectifying.inProgress': '办理中',
  'rectifying.awaitingVerification': '待验收',
  'rectifying.deciding': '待决定',
  verified: '待销号',
  closed: '已销号',
};

const KIND_STATE_LABELS: Record<string, Record<string, string>> = {
  hotline: { opened: '待派单', 'rectifying.awaitingVerification': '待回访', verified: '待办结', closed: '已办结' },
  accountability: { assigned: '调查中', rectifying: '审议中', 'rectifying.deciding': '待决定', verified: '已决定', closed: '已执行' },
};

/**
 * State names without the workflow definition at hand (the API's stateLabel, same order of
 * fallbacks: the kind's own word, the common word, then those of the parent state); prefer the
 * workflow's labels.
 */
export function genericStateLabel(path: string | null, kind?: string): string {
  if (!path) return '—';
  const top = path.split('.')[0];
  const own = kind ? KIND_STATE_LABELS[kind] : undefined;
  return own?.[path] ?? STATE_LABELS[path] ?? own?.[top] ?? STATE_LABELS[top] ?? path;
}

export const ESCALATION_LABELS: Record<number, string> = { 0: '正常', 1: '催办', 2: '督办', 3: '问责' };

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
  title: '标题',
  description: '问题描述',
  source: '问题来源',
  category: '整改类别',
  measures: '整改措施',
  responsiblePerson: '责任人',
  content: '诉求内容',
  callerName: '来电人',
  callerPhone: '联系电话',
  requestType: '诉求类型',
  channel: '受理渠道',
  priority: '紧急程度',
  targetUnitId: '问责单位',
  targetPerson: '问责对象（个人）',
  parentCaseId: '关联原案件',
  unitId: '责任单位',
  assigneeId: '承办人',
  dueAt: '期限',
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

export const eventFieldLabel = (eventType: string, field: string): string =>
  EVENT_FIELD_LABELS[eventType]?.[field] ?? fieldLabel(field);

/** Enumerated values shown in words. */
export function valueLabel(field: string, value: string): string {
  if (field === 'satisfaction') return SATISFACTION_LABELS[value] ?? value;
  if (field === 'targetType') return TARGET_TYPE_LABELS[value] ?? value;
  if (field === 'channel') return CHANNEL_LABELS[value] ?? value;
  if (field === 'priority') return PRIORITY_LABELS[value] ?? value;
  if (field === 'kind') return KIND_LABELS[value as CaseKind] ?? value;
  return value;
}
