import type { AuditEvent, CaseDetail } from '../api/types';
import { formatDateTime } from '../format/time';
import { useUnits } from '../hooks/units-context';

/** Back before dispatch after the unit sent it back (退回): the case waits for 重新交办 / 重新派单. */
export function isReturned(item: Pick<CaseDetail, 'state' | 'returnCount'>): boolean {
  return item.state === 'opened' && item.returnCount > 0;
}

/**
 * 被退回, at the top of the case page: who sent it back, when, and why — what the dispatcher
 * needs before dispatching again, without scrolling to the end of the trail.
 */
export function ReturnedNotice({ item, timeline }: { item: CaseDetail; timeline: AuditEvent[] }) {
  const { nameOf } = useUnits();
  if (!isReturned(item)) return null;
  const last = [...timeline].reverse().find((e) => e.type === 'RETURN');
  const reason = typeof last?.payload.reason === 'string' ? last.payload.reason : null;
  const again = item.kind === 'hotline' ? '重新派单' : '重新交办';
  return (
    <div className="alert alert-warning returned-notice" role="note" data-testid="returned-notice">
      <p>
        <strong className="returned-label">被退回</strong>
        {item.returnCount > 1 ? `（已第 ${item.returnCount} 次退回）` : ''}
        {last ? `：${last.actorUnitId ? nameOf(last.actorUnitId) : ''}${last.actorName ? ` ${last.actorName}` : ''}于 ${formatDateTime(last.at)} 退回` : ''}，待{again}。
      </p>
      {reason ? (
        <p className="returned-reason">
          退回理由：<span className="prewrap">{reason}</span>
        </p>
      ) : (
        <p className="muted">{last ? '退回时未填写理由。' : '正在加载退回理由…'}</p>
      )}
    </div>
  );
}
