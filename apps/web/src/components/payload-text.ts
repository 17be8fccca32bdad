import { formatDeadline } from '../format/time';
import { ESCALATION_LABELS, eventFieldLabel, valueLabel } from '../i18n/labels';

const NOT_SHOWN = new Set(['timerId', 'kind']);
/** OPENED carries the whole form; the case page shows it already. */
const OPENED_SHOWN = new Set(['title', 'unitId', 'dueAt', 'priority']);

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
    else if (key === 'dueAt') text = formatDeadline(String(value));
    else if (key === 'level' && typeof value === 'number') text = ESCALATION_LABELS[value] ?? String(value);
    else if (Array.isArray(value)) text = value.map(String).join('；');
    else if (typeof value === 'object') text = JSON.stringify(value);
    else text = valueLabel(key, String(value));
    rows.push([eventFieldLabel(type, key), text]);
  }
  return rows;
}
