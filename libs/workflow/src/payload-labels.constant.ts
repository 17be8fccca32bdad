import { KIND_LABELS } from './vocabulary.constant';

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
  // Written by the system with deadline events.
  timerId: '计时器',
  caseId: '关联案件',
  code: '案件编号',
  state: '所处环节',
  calendarYear: '日历年度',
  warnAt: '预警时间',
  previousWarnAt: '原预警时间',
  calendarComplete: '节假日数据完整',
  timers: '重算的计时器',
  callerCommitments: '来电人信息承诺值',
};

export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? field;

/** Per event, a field may mean something more specific than its generic name. */
export const EVENT_FIELD_LABELS: Record<string, Record<string, string>> = {
  ASSIGN: { dueAt: '办理期限', comment: '交办意见' },
  // A warning's timer is due at the warning; the deadline it warns of is beside it.
  SLA_WARNING: { dueAt: '预警时间', deadline: '期限' },
  SLA_BREACHED: { dueAt: '期限' },
  DEADLINE_REPLANNED: { dueAt: '新期限', warnAt: '新预警时间' },
  REQUEST_EXTENSION: { dueAt: '申请延期至' },
  SUBMIT_FINDINGS: { summary: '调查结论' },
  DECIDE: { targetUnitId: '问责单位', targetPerson: '问责对象（个人）', reason: '决定理由' },
  RECORD_EXECUTION: { comment: '执行情况' },
};

/** An obligation's unit reports what it did (履责情况), not a rectification. */
export const KIND_EVENT_FIELD_LABELS: Record<string, Record<string, Record<string, string>>> = {
  obligation: { SUBMIT_REPORT: { summary: '履责情况' }, VERIFY_FAIL: { reason: '退回理由' }, VERIFY_PASS: { comment: '审核意见' } },
  hotline: { ASSIGN: { comment: '派单意见' } },
};

export const eventFieldLabel = (eventType: string, field: string, kind?: string): string =>
  (kind ? KIND_EVENT_FIELD_LABELS[kind]?.[eventType]?.[field] : undefined) ?? EVENT_FIELD_LABELS[eventType]?.[field] ?? fieldLabel(field);

export const PRIORITY_LABELS: Record<string, string> = { normal: '一般', urgent: '紧急' };

export const CHANNEL_LABELS: Record<string, string> = { phone: '电话', web: '网站', app: '移动客户端', letter: '来信' };

export const SATISFACTION_LABELS: Record<string, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

export const TARGET_TYPE_LABELS: Record<string, string> = { unit: '单位', person: '个人' };

/** Enumerated values shown in words. */
export function valueLabel(field: string, value: string): string {
  if (field === 'satisfaction') return SATISFACTION_LABELS[value] ?? value;
  if (field === 'targetType') return TARGET_TYPE_LABELS[value] ?? value;
  if (field === 'channel') return CHANNEL_LABELS[value] ?? value;
  if (field === 'priority') return PRIORITY_LABELS[value] ?? value;
  if (field === 'kind') return KIND_LABELS[value] ?? value;
  return value;
}
