import type { Case } from '../api/types';
import { deadlineStatus, formatDateTime, formatDeadline } from '../format/time';
import { ESCALATION_LABELS } from '../i18n/labels';
import { TrafficLightBadge } from './case-badges';

export function DeadlineBlock({ item }: { item: Case }) {
  const status = deadlineStatus(item);
  const closed = item.state === 'closed';
  return (
    <section className="panel deadline" aria-labelledby="deadline-title">
      <h2 id="deadline-title">期限与督办</h2>
      <dl className="facts">
        {!closed && (
          <div>
            <dt>信号灯</dt>
            <dd>
              <TrafficLightBadge light={item.light} suspended={item.suspended} />
            </dd>
          </div>
        )}
        <div>
          <dt>{closed ? '最后期限' : '当前期限'}</dt>
          <dd>{item.dueAt ? formatDeadline(item.dueAt) : '未设期限'}</dd>
        </div>
        {(item.dueAt || item.suspended || closed) && (
          <div>
            <dt>{status.label}</dt>
            <dd className={status.overdue ? 'overdue-text' : undefined} data-testid="deadline-status">
              {status.text}
            </dd>
          </div>
        )}
        {item.warnAt && !closed && (
          <div>
            <dt>预警时间</dt>
            <dd>{formatDateTime(item.warnAt)}</dd>
          </div>
        )}
        <div>
          <dt>督办级别</dt>
          <dd className={item.escalationLevel > 0 ? `escalation-${item.escalationLevel}` : undefined}>
            {ESCALATION_LABELS[item.escalationLevel] ?? item.escalationLevel}
          </dd>
        </div>
      </dl>
      {!item.calendarComplete && (
        <p className="alert alert-warning" role="note">
          该期限所在年度的法定节假日安排尚未载入，期限暂按周一至周五计算，可能与实际工作日不符。
        </p>
      )}
      {item.suspension && (
        <div className="alert alert-info" role="note">
          <strong>已挂起</strong>（{formatDateTime(item.suspension.since)} 起）：{item.suspension.reason}
        </div>
      )}
      {item.extension && (
        <div className="alert alert-info" role="note">
          <strong>延期申请待审批</strong>：申请延期至 {formatDeadline(item.extension.dueAt)}，理由：{item.extension.reason}
          <span className="muted">（{formatDateTime(item.extension.requestedAt)} 提出）</span>
        </div>
      )}
    </section>
  );
}
