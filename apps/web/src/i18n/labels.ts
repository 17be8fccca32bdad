import type { CaseKind, TrafficLight } from '../api/types';
import { ESCALATION_LABELS, EVENT_LABELS, eventLabelOf, KIND_LABELS as KINDS, ROLE_LABELS, stateLabel } from '../../../../libs/workflow/src/vocabulary.constant';
import {
  CHANNEL_LABELS,
  eventFieldLabel,
  fieldLabel,
  FIELD_LABELS,
  PRIORITY_LABELS,
  SATISFACTION_LABELS,
  TARGET_TYPE_LABELS,
  valueLabel,
} from '../../../../libs/workflow/src/payload-labels.constant';

// The vocabulary lives beside the machines; the API's labels win where a response carries them.
export { ESCALATION_LABELS, EVENT_LABELS, ROLE_LABELS };

export const KIND_LABELS = KINDS as Record<CaseKind, string>;

export const roleLabel = (role: string): string => ROLE_LABELS[role] ?? role;

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? type;

/**
 * Ledger items and 12345 orders are registered (登记), not filed (立案: 问责 only); the ledger
 * 交办 its items, the hotline 派单 its orders. Used where the published vocabulary still gives the
 * one word for every kind.
 */
const KIND_EVENT_WORDS: Record<string, Record<string, string>> = {
  rectification: { OPENED: '登记', ASSIGN: '交办' },
  hotline: { OPENED: '登记', ASSIGN: '派单' },
  accountability: { ASSIGN: '交办' },
};

/** An event as this kind of case calls it; a label the API already gives per kind (not the generic one) wins. */
export function kindEventLabel(kind: string | undefined, type: string, published?: string): string {
  if (published && published !== EVENT_LABELS[type]) return published;
  return (kind ? KIND_EVENT_WORDS[kind]?.[type] : undefined) ?? published ?? eventLabelOf(kind ?? '', type);
}

/** A state's name without the workflow definition at hand (same fallbacks as the API's stateLabel). */
export function genericStateLabel(path: string | null, kind?: string): string {
  return path ? stateLabel(kind ?? '', path) : '—';
}

export const LIGHT_LABELS: Record<TrafficLight, string> = { green: '绿灯', yellow: '黄灯 预警', red: '红灯 超期' };

// Values in words are part of the same list as the field names.
export { CHANNEL_LABELS, PRIORITY_LABELS, SATISFACTION_LABELS, TARGET_TYPE_LABELS, valueLabel };

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

