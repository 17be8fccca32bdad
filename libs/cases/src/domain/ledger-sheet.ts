import { ESCALATION_LABELS } from '@app/workflow';
import type { CaseView } from '../application/case-view';
import { RECTIFICATION_CATEGORIES, RECTIFICATION_SOURCES } from './open-case.command';

/** A cell as the workbook writes it: text, a number, or an instant shown as an Asia/Shanghai date. */
export type LedgerCell = string | number | { instant: string; withTime: boolean } | null;

export interface LedgerColumn<Row> {
  header: string;
  width: number;
  /** What the template's second sheet says about the column. */
  explain?: string;
  value(row: Row): LedgerCell;
}

/** The customary 整改台账 columns (DESIGN §9), in their usual order; header names are exact. */
export const LEDGER_HEADERS = ['序号', '问题来源', '问题类别', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '整改进展', '销号情况'] as const;

export const LEDGER_EXPLANATIONS: Record<(typeof LEDGER_HEADERS)[number], string> = {
  序号: '行号，导入时忽略',
  问题来源: `必填，可选：${RECTIFICATION_SOURCES.join('、')}`,
  问题类别: `可选：${RECTIFICATION_CATEGORIES.join('、')}`,
  问题描述: '必填；前 60 个字作为标题',
  整改措施: '可空',
  责任单位: '单位名称或代码（见“单位”列表）；空则只立案、不交办',
  责任人: '可空',
  整改时限: '填写责任单位时必填；2027-03-31、2027/3/31、2027年3月31日 或 Excel 日期',
  整改进展: '可空，作为整改进展备注',
  销号情况: '仅导出时填写，导入时忽略',
};

export const LIGHT_WORDS: Record<string, string> = { green: '绿灯', yellow: '黄灯（预警）', red: '红灯（超期）' };

export interface LedgerRow {
  view: CaseView;
  index: number;
  unitName: string;
  latest: { label: string; at: string } | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const day = (iso: string | null | undefined) => (iso ? { instant: iso, withTime: false } : null);
const moment = (iso: string | null | undefined) => (iso ? { instant: iso, withTime: true } : null);

/** Where a case stands today, the same in both exports. */
function standing<Row extends { view: CaseView }>(): LedgerColumn<Row>[] {
  return [
    { header: '当前状态', width: 12, value: (r) => r.view.stateLabel },
    { header: '当前期限', width: 17, value: (r) => moment(r.view.dueAt) },
    { header: '信号灯', width: 12, value: (r) => (r.view.light ? LIGHT_WORDS[r.view.light] : null) },
    { header: '督办级别', width: 10, value: (r) => ESCALATION_LABELS[r.view.escalationLevel] ?? String(r.view.escalationLevel) },
  ];
}

/** The export: the template's columns, then where each item stands today. */
export const LEDGER_EXPORT_COLUMNS: LedgerColumn<LedgerRow>[] = [
  { header: '编号', width: 18, value: (r) => r.view.code },
  { header: '序号', width: 6, value: (r) => r.index },
  { header: '问题来源', width: 12, value: (r) => text(r.view.fields.source) },
  { header: '问题类别', width: 12, value: (r) => text(r.view.fields.category) },
  { header: '问题描述', width: 48, value: (r) => text(r.view.fields.description) ?? r.view.title },
  { header: '整改措施', width: 36, value: (r) => text(r.view.fields.measures) },
  { header: '责任单位', width: 18, value: (r) => r.unitName || null },
  { header: '责任人', width: 10, value: (r) => text(r.view.fields.responsiblePerson) },
  { header: '整改时限', width: 12, value: (r) => day(text(r.view.fields.dueAt)) },
  { header: '整改进展', width: 36, value: (r) => text(r.view.fields.progress) },
  { header: '销号情况', width: 10, value: (r) => (r.view.state === 'closed' ? '已销号' : '未销号') },
  ...standing<LedgerRow>(),
  { header: '最近进展', width: 28, value: (r) => (r.latest ? r.latest.label : null) },
  { header: '销号时间', width: 17, value: (r) => moment(r.view.closedAt) },
];

export interface HotlineRow {
  view: CaseView;
  unitName: string;
}

/** 12345 work orders, callers masked as in lists. */
export const HOTLINE_EXPORT_COLUMNS: LedgerColumn<HotlineRow>[] = [
  { header: '工单编号', width: 18, value: (r) => r.view.code },
  { header: '标题', width: 30, value: (r) => r.view.title },
  { header: '诉求类型', width: 10, value: (r) => text(r.view.fields.requestType) },
  { header: '诉求内容', width: 48, value: (r) => text(r.view.fields.content) },
  { header: '来电人', width: 10, value: (r) => text(r.view.fields.callerName) },
  { header: '联系电话', width: 14, value: (r) => text(r.view.fields.callerPhone) },
  { header: '紧急程度', width: 10, value: (r) => (r.view.priority === 'urgent' ? '紧急' : '一般') },
  { header: '承办单位', width: 18, value: (r) => r.unitName || null },
  ...standing<HotlineRow>(),
  { header: '受理时间', width: 17, value: (r) => moment(r.view.openedAt) },
  { header: '办结时间', width: 17, value: (r) => moment(r.view.closedAt) },
];
