import type { CaseKind, TrafficLight } from '../api/types';
import { ESCALATION_LABELS, EVENT_LABELS, KIND_LABELS as KINDS, ROLE_LABELS, stateLabel } from '../../../../libs/workflow/src/vocabulary.constant';
import { eventFieldLabel, fieldLabel, FIELD_LABELS } from '../../../../libs/workflow/src/payload-labels.constant';

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

// Field names are part of the published workflow data (GET /api/workflows: payloadLabels), from one list.
export { eventFieldLabel, fieldLabel, FIELD_LABELS };

/** Enumerated values shown in words. */
export function valueLabel(field: string, value: string): string {
  if (field === 'satisfaction') return SATISFACTION_LABELS[value] ?? value;
  if (field === 'targetType') return TARGET_TYPE_LABELS[value] ?? value;
  if (field === 'channel') return CHANNEL_LABELS[value] ?? value;
  if (field === 'priority') return PRIORITY_LABELS[value] ?? value;
  if (field === 'kind') return KIND_LABELS[value as CaseKind] ?? value;
  return value;
}
