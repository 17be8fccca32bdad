import type { AuditEvent } from '../../api/types';
import { describePayload } from '../../components/payload-text';
import { toCsv } from '../../format/csv';
import { formatDateTime } from '../../format/time';
import { eventLabel, genericStateLabel, roleLabel } from '../../i18n/labels';

const HEADER = ['案件编号', '案件ID', '序号', '时间', '事件', '事件代码', '原状态', '新状态', '操作人', '操作人ID', '角色', '操作人单位', '内容', '哈希'];

/** The loaded audit rows as CSV in words, with the raw codes and hashes kept for cross-checking. */
export function auditCsv(rows: AuditEvent[], nameOf: (unitId: string) => string): string {
  const lines = rows.map((r) => {
    const details = describePayload(r.type, r.payload, nameOf)
      .map(([label, text]) => `${label}：${text}`)
      .join('；');
    return [
      r.caseCode ?? '',
      r.caseId,
      String(r.seq),
      formatDateTime(r.at),
      eventLabel(r.type),
      r.type,
      genericStateLabel(r.fromState, r.caseKind),
      genericStateLabel(r.toState, r.caseKind),
      r.actorId === 'system' ? '系统' : (r.actorName ?? ''),
      r.actorId,
      roleLabel(r.actorRole),
      r.actorUnitId ? nameOf(r.actorUnitId) : '',
      details,
      r.hash,
    ];
  });
  return toCsv(HEADER, lines);
}
