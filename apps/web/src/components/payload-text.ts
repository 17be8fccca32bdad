import { formatDeadline } from '../format/time';
import { ESCALATION_LABELS, eventFieldLabel, valueLabel } from '../i18n/labels';

const NOT_SHOWN = new Set(['timerId', 'kind']);
/** Deadlines in a payload: an approved extension records the old one and the one asked for. */
const DEADLINE_KEYS = new Set(['dueAt', 'previousDueAt', 'requestedDueAt']);
/** OPENED carries the whole form; the case page shows it already. */
const OPENED_SHOWN = new Set(['title', 'unitId', 'dueAt', 'priority', 'ledgerImport']);

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

/** An audit payload as label/text pairs a reader understands. */
export function describePayload(
  type: string,
  payload: Record<string, unknown>,
  nameOf: (unitId: string) => string,
): [string, string][] {
  const rows: [string, string][] = [];
  for (const [key, value] of Object.entries(payload ?? {})) {
    if (NOT_SHOWN.has(key) || value === null || value === undefined || value === '') continue;
    if (type === 'OPENED' && (!OPENED_SHOWN.has(key) || (key === 'priority' && value === 'normal'))) continue;
    let text: string;
    if (key === 'unitId' || key === 'targetUnitId') text = nameOf(String(value));
    else if (DEADLINE_KEYS.has(key)) text = formatDeadline(String(value));
    else if (key === 'level' && typeof value === 'number') text = ESCALATION_LABELS[value] ?? String(value);
    else if (key === 'attachments' && Array.isArray(value)) text = value.map(attachmentText).join('；');
    else if (key === 'ledgerImport') text = importText(value);
    else if (key === 'importId') text = '导入时已过整改时限';
    else if (Array.isArray(value)) text = value.map(String).join('；');
    else if (typeof value === 'object') text = JSON.stringify(value);
    else text = valueLabel(key, String(value));
    rows.push([eventFieldLabel(type, key), text]);
  }
  return rows;
}
