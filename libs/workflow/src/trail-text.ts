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

const instantOf = (iso: string | Date | null | undefined): Date | null => {
  if (!iso) return null;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
};

/** YYYY-MM-DD HH:mm, Beijing time, whatever the reader's zone; — for none. */
export function beijingTime(iso: string | Date | null | undefined): string {
  const at = instantOf(iso);
  if (!at) return '—';
  const p = shanghai(at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A deadline at midnight is the end of the day before: 2027-01-31 24:00. */
export function beijingDeadline(iso: string | Date | null | undefined): string {
  const at = instantOf(iso);
  if (!at) return '—';
  const p = shanghai(at);
  if (p.hour !== '00' || p.minute !== '00') return beijingTime(at);
  const d = shanghai(new Date(at.getTime() - 60_000));
  return `${d.year}-${d.month}-${d.day} 24:00`;
}

/** Audit payloads in words, for the console's trail and the server's CSV alike. */
export interface PayloadContext {
  nameOf(unitId: string): string;
  /** The event's field names as the workflow data publishes them (GET /api/workflows: payloadLabels). */
  labels?: Record<string, string>;
  /** The case's kind, for the few fields a kind names differently. */
  kind?: string;
  /** A person's name by user id, where the page knows it. */
  personName?(userId: string): string | undefined;
}

const NOT_SHOWN = new Set(['timerId', 'kind', 'callerCommitments']);
/** Deadlines in a payload (a date's deadline is its 24:00): the case's, the old one, the one asked for, the one warned of. */
const DEADLINE_KEYS = new Set(['dueAt', 'previousDueAt', 'requestedDueAt', 'deadline']);
/** Moments that are not deadlines. */
const MOMENT_KEYS = new Set(['warnAt', 'previousWarnAt', 'ladderFrom', 'viewedAt', 'at', 'since', 'requestedAt', 'callerErasedAt']);
/** OPENED carries the whole form; the case page shows it already. */
const OPENED_SHOWN = new Set(['title', 'unitId', 'dueAt', 'priority', 'ledgerImport']);
const UNIT_KEYS = new Set(['unitId', 'targetUnitId', 'reviewerUnitId']);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** A re-planned deadline may have had none before, or have none now. */
const NULL_MEANS_NONE: Record<string, string> = { previousDueAt: '未设期限', dueAt: '未设期限', previousWarnAt: '无预警', warnAt: '无预警' };

/** A cited evidence file as the trail records it: its name, size and the start of its SHA-256. */
function attachmentText(value: unknown): string {
  const a = value as { name?: string; size?: number; sha256?: string };
  return a?.name ? `${a.name}（${formatSize(a.size ?? 0)}，SHA-256 ${String(a.sha256).slice(0, 12)}…）` : String(value);
}

/** The ledger row a case came from: the file, its row, and the start of the file's SHA-256. */
function importText(value: unknown): string {
  const i = value as { fileName?: string; row?: number; sha256?: string };
  return `“${i.fileName ?? ''}”第 ${i.row ?? '?'} 行（文件 SHA-256 ${String(i.sha256 ?? '').slice(0, 12)}…）`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One value in words: names for ids, Beijing time for instants, words for codes. */
function valueText(key: string, value: unknown, context: PayloadContext): string {
  if (UNIT_KEYS.has(key)) return context.nameOf(String(value));
  if (key === 'assigneeId') return context.personName?.(String(value)) ?? '已指定承办人';
  if (DEADLINE_KEYS.has(key)) return beijingDeadline(String(value));
  if (MOMENT_KEYS.has(key)) return beijingTime(String(value));
  if (key === 'level' && typeof value === 'number') return ESCALATION_LABELS[value] ?? `第 ${value} 级`;
  if (key === 'state' || key === 'fromState' || key === 'toState') return stateLabel(context.kind ?? '', String(value));
  if (key === 'attachments' && Array.isArray(value)) return value.map(attachmentText).join('；');
  if (key === 'ledgerImport') return importText(value);
  if (key === 'importId') return '导入时已过整改时限';
  if (key === 'calendarYear' || key === 'listYear') return `${String(value)} 年`;
  if (key === 'listVersion') return `第 ${String(value)} 版`;
  if (key === 'itemNo') return `第 ${String(value)} 项`;
  if (key === 'timers' && typeof value === 'number') return `${value} 个`;
  if (key === 'requiredCount' && typeof value === 'number') return `${value} 次`;
  if (key === 'calendarComplete') return value ? '是' : '否（按周一至周五计算）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return beijingTime(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? objectText(v as Record<string, unknown>, context) : valueText(key, v, context))).join('；');
  if (typeof value === 'object' && value !== null) return objectText(value as Record<string, unknown>, context);
  return valueLabel(key, String(value));
}

/** A nested object as “名称：值，名称：值”, never as JSON. */
function objectText(value: Record<string, unknown>, context: PayloadContext): string {
  return Object.entries(value)
    .filter(([k, v]) => !NOT_SHOWN.has(k) && v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${labelOf('', k, context)}：${valueText(k, v, context)}`)
    .join('，');
}

function labelOf(type: string, key: string, context: PayloadContext): string {
  const label = context.labels?.[key] ?? eventFieldLabel(type, key, context.kind);
  // A field newer than both the published list and this console: never show the code itself.
  return label === key ? '附加信息' : label;
}

/** An audit payload as label/text pairs a reader understands. */
export function describePayload(type: string, payload: Record<string, unknown>, context: PayloadContext | ((unitId: string) => string)): [string, string][] {
  const ctx: PayloadContext = typeof context === 'function' ? { nameOf: context } : context;
  const rows: [string, string][] = [];
  const entries = Object.entries(payload ?? {});
  const hasCode = entries.some(([k]) => k === 'code');
  for (const [key, value] of entries) {
    if (NOT_SHOWN.has(key) || value === undefined || value === '') continue;
    // 关联案件再次升级 names the late case by its number; the id adds nothing for a reader.
    if (key === 'caseId' && hasCode) continue;
    if (value === null) {
      if (type === 'DEADLINE_REPLANNED' && key in NULL_MEANS_NONE) rows.push([labelOf(type, key, ctx), NULL_MEANS_NONE[key]]);
      continue;
    }
    if (type === 'OPENED' && (!OPENED_SHOWN.has(key) || (key === 'priority' && value === 'normal'))) continue;
    // A warning's own due time is a moment, not a deadline; a revision lists the fields it changed by name.
    const text =
      type === 'SLA_WARNING' && key === 'dueAt'
        ? beijingTime(String(value))
        : key === 'changes' && Array.isArray(value)
          ? value.map((field) => labelOf(type, String(field), ctx)).join('、')
          : valueText(key, value, ctx);
    rows.push([labelOf(type, key, ctx), text]);
  }
  return rows;
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
    describePayload(r.type, r.payload, { nameOf, kind: r.caseKind })
      .map(([label, text]) => `${label}：${text}`)
      .join('；'),
    r.hash,
  ];
}

/** A cell a spreadsheet would run as a formula gets an apostrophe; quotes where needed. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: readonly string[]): string => cells.map(csvCell).join(',') + '\r\n';
