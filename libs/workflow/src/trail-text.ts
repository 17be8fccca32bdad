import { eventFieldLabel, valueLabel } from './payload-labels.constant';
import { ESCALATION_LABELS, eventLabelOf, ROLE_LABELS, stateLabel } from './vocabulary.constant';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function shanghai(instant: Date): Record<string, string> {
  return Object.fromEntries(parts.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** YYYY-MM-DD HH:mm, Beijing time. */
export function beijingTime(iso: string | Date): string {
  const p = shanghai(new Date(iso));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A deadline at midnight is the end of the day before: 2027-01-31 24:00. */
export function beijingDeadline(iso: string | Date): string {
  const at = new Date(iso);
  const p = shanghai(at);
  if (p.hour !== '00' || p.minute !== '00') return beijingTime(at);
  const d = shanghai(new Date(at.getTime() - 60_000));
  return `${d.year}-${d.month}-${d.day} 24:00`;
}

/** Payload fields that are deadlines (24:00 at day's end) and times. */
const DEADLINE_FIELDS = new Set(['dueAt', 'previousDueAt', 'requestedDueAt', 'deadline']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const HIDDEN = new Set(['callerCommitments']);

function valueText(type: string, field: string, value: unknown, nameOf: (unitId: string) => string): string {
  if (field === 'unitId' || field === 'targetUnitId' || field === 'reviewerUnitId') return nameOf(String(value));
  if (field === 'level' && typeof value === 'number') return ESCALATION_LABELS[value] ?? String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return DEADLINE_FIELDS.has(field) ? beijingDeadline(value) : beijingTime(value);
  if (field === 'attachments' && Array.isArray(value)) return value.map((a) => (a as { name?: string }).name ?? String(a)).join('、');
  if (field === 'state' && typeof value === 'string') return stateLabel('', value);
  if (Array.isArray(value)) return value.map(String).join('；');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return valueLabel(field, String(value));
}

/** An audit payload in words: 期限：2027-01-31 24:00；理由：…, every field by its published name. */
export function payloadText(kind: string, type: string, payload: Record<string, unknown>, nameOf: (unitId: string) => string): string {
  return Object.entries(payload ?? {})
    .filter(([field, value]) => !HIDDEN.has(field) && value !== null && value !== undefined && value !== '')
    .map(([field, value]) => `${eventFieldLabel(type, field, kind)}：${valueText(type, field, value, nameOf)}`)
    .join('；');
}

export interface TrailRow {
  caseId: string;
  caseCode: string;
  caseKind: string;
  seq: number;
  at: string;
  type: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorName: string;
  actorRole: string;
  actorUnitId: string | null;
  payload: Record<string, unknown>;
  hash: string;
}

export const TRAIL_CSV_HEADER = ['案件编号', '案件ID', '序号', '时间（北京时间）', '事件', '事件代码', '原状态', '新状态', '操作人', '操作人ID', '角色', '操作人单位', '内容', '哈希'];

/** One audit event as the cells of the CSV auditors open in Excel, with the raw codes and hash kept for cross-checking. */
export function trailCsvCells(r: TrailRow, nameOf: (unitId: string) => string): string[] {
  return [
    r.caseCode,
    r.caseId,
    String(r.seq),
    beijingTime(r.at),
    eventLabelOf(r.caseKind, r.type),
    r.type,
    r.fromState ? stateLabel(r.caseKind, r.fromState) : '',
    stateLabel(r.caseKind, r.toState),
    r.actorId === 'system' ? '系统' : r.actorName,
    r.actorId,
    ROLE_LABELS[r.actorRole] ?? r.actorRole,
    r.actorUnitId ? nameOf(r.actorUnitId) : '',
    payloadText(r.caseKind, r.type, r.payload, nameOf),
    r.hash,
  ];
}

/** A cell a spreadsheet would run as a formula gets an apostrophe; quotes where needed. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: readonly string[]): string => cells.map(csvCell).join(',') + '\r\n';
