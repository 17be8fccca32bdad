/**
 * The words users see (zh-CN), for events, states, kinds and roles — shared by the API and the
 * web console (which imports this file), so the two never call a thing by different names.
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
  LINKED_ESCALATION: '关联案件再次升级',
  DEADLINE_REPLANNED: '期限重算',
  REVISE: '清单修订',
  WITHDRAW: '撤销',
};

/** Where a kind calls an event differently: for an obligation the unit reports 履责材料 and the reviewer 审核. */
const KIND_EVENT_LABELS: Record<string, Record<string, string>> = {
  obligation: { ASSIGN: '下达', SUBMIT_REPORT: '报送履责材料', VERIFY_PASS: '审核通过', VERIFY_FAIL: '退回补充', REOPEN: '重新打开' },
  // 立案 is a disciplinary filing: ledger items and work orders are registered (登记), and given out as 交办 or 派单.
  rectification: { OPENED: '登记', ASSIGN: '交办' },
  hotline: { OPENED: '登记', ASSIGN: '派单' },
  accountability: { ASSIGN: '交办' },
};

export function eventLabelOf(kind: string, type: string): string {
  return KIND_EVENT_LABELS[kind]?.[type] ?? EVENT_LABELS[type] ?? type;
}

export const ESCALATION_LABELS: Record<number, string> = { 0: '正常', 1: '催办', 2: '督办', 3: '问责' };

export const STATE_LABELS: Record<string, string> = {
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
  obligation: {
    assigned: '待报送',
    rectifying: '履责中',
    'rectifying.inProgress': '待补报',
    'rectifying.awaitingVerification': '待审核',
    closed: '已完成',
    'closed.done': '已完成',
    'closed.withdrawn': '已撤销',
  },
  accountability: { assigned: '调查中', rectifying: '审议中', 'rectifying.deciding': '待决定', verified: '已决定', closed: '已执行' },
};

/** The state as users of this kind of case call it. */
export function stateLabel(kind: string, stateDetail: string): string {
  const top = stateDetail.split('.')[0];
  return KIND_STATE_LABELS[kind]?.[stateDetail] ?? STATE_LABELS[stateDetail] ?? KIND_STATE_LABELS[kind]?.[top] ?? STATE_LABELS[top] ?? stateDetail;
}

export const KIND_LABELS: Record<string, string> = {
  rectification: '整改台账',
  hotline: '12345热线工单',
  accountability: '问责',
  obligation: '履责事项',
};

export const ROLE_LABELS: Record<string, string> = {
  inspector: '纪检监察干部',
  supervisor: '分管领导',
  unit_officer: '责任单位联络员',
  hotline_agent: '12345坐席',
  auditor: '审计巡察人员',
  admin: '管理员',
  system: '系统',
};
