import type { CaseKind, Role } from '../../api/types';
import {
  CHANNEL_LABELS,
  HOTLINE_REQUEST_TYPES,
  PRIORITY_LABELS,
  RECTIFICATION_CATEGORIES,
  RECTIFICATION_SOURCES,
} from '../../i18n/labels';

export interface FieldSpec {
  name: string;
  label: string;
  control: 'text' | 'textarea' | 'select' | 'unit' | 'date' | 'tel' | 'case-ref';
  required?: boolean;
  options?: { value: string; label: string }[];
  maxLength?: number;
  hint?: string;
  initial?: string;
}

export interface CaseForm {
  kind: CaseKind;
  title: string;
  /** 提交登记 for ledger items and 12345 orders; 提交立案 only for a 问责 case. */
  submitLabel: string;
  /** Who may open this kind (the API's workflow openRoles win once loaded). */
  openRoles: Role[];
  fields: FieldSpec[];
}

const same = (values: string[]) => values.map((value) => ({ value, label: value }));
const labelled = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

const TITLE: FieldSpec = { name: 'title', label: '标题', control: 'text', required: true, maxLength: 200 };

/** Kinds opened by hand; 履责事项 come from publishing the responsibility list. */
export type OpenableKind = Exclude<CaseKind, 'obligation'>;

export const CASE_FORMS: Record<OpenableKind, CaseForm> = {
  rectification: {
    kind: 'rectification',
    title: '登记整改事项',
    submitLabel: '提交登记',
    openRoles: ['inspector', 'supervisor'],
    fields: [
      TITLE,
      { name: 'source', label: '问题来源', control: 'select', required: true, options: same(RECTIFICATION_SOURCES) },
      { name: 'category', label: '整改类别', control: 'select', options: same(RECTIFICATION_CATEGORIES) },
      { name: 'description', label: '问题描述', control: 'textarea', required: true, maxLength: 10000 },
      { name: 'measures', label: '整改措施', control: 'textarea', maxLength: 10000 },
      { name: 'responsiblePerson', label: '责任人', control: 'text', maxLength: 100 },
      { name: 'unitId', label: '责任单位', control: 'unit', hint: '可在交办时再指定' },
      { name: 'dueAt', label: '整改期限', control: 'date', hint: '截至所选日期 24:00（北京时间）' },
    ],
  },
  hotline: {
    kind: 'hotline',
    title: '登记热线工单',
    submitLabel: '提交登记',
    openRoles: ['hotline_agent', 'inspector'],
    fields: [
      TITLE,
      { name: 'requestType', label: '诉求类型', control: 'select', required: true, options: same(HOTLINE_REQUEST_TYPES) },
      { name: 'priority', label: '紧急程度', control: 'select', required: true, options: labelled(PRIORITY_LABELS), initial: 'normal' },
      { name: 'channel', label: '受理渠道', control: 'select', required: true, options: labelled(CHANNEL_LABELS), initial: 'phone' },
      { name: 'callerName', label: '来电人', control: 'text', required: true, maxLength: 100 },
      { name: 'callerPhone', label: '联系电话', control: 'tel', required: true, maxLength: 30, hint: '列表、导出和办理记录中隐去中间四位；承办单位联络员查看完整号码时，每次查看都会被记录' },
      { name: 'content', label: '诉求内容', control: 'textarea', required: true, maxLength: 10000 },
    ],
  },
  accountability: {
    kind: 'accountability',
    title: '新建问责案件',
    submitLabel: '提交立案',
    openRoles: ['inspector', 'supervisor'],
    fields: [
      TITLE,
      { name: 'description', label: '问题描述', control: 'textarea', required: true, maxLength: 10000 },
      { name: 'targetUnitId', label: '问责单位', control: 'unit' },
      { name: 'targetPerson', label: '问责对象（个人）', control: 'text', maxLength: 100 },
      { name: 'parentCaseId', label: '关联原案件编号', control: 'case-ref', hint: '如 ZG-2026-000001，可不填' },
    ],
  },
};

export const isCaseKind = (kind: string): kind is OpenableKind => kind in CASE_FORMS;
