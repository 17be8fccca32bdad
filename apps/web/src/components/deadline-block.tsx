import type { Case } from '../api/types';
import { formatDateTime, formatDeadline, timeLeft, workdaysLeftText } from '../format/time';
import { ESCALATION_LABELS } from '../i18n/labels';
import { TrafficLightBadge } from './case-badges';

export function DeadlineBlock({ item }: { item: Case }) {
  const left =
    typeof item.workdaysLeft === 'number' ? workdaysLeftText(item.workdaysLeft) : item.dueAt ? timeLeft(item.dueAt) : '—';
  return (
    <section className="panel deadline" aria-labelledby="deadline-title">
      <h2 id="deadline-title">期限与督办</h2>
      <dl className="facts">
        <div>
          <dt>信号灯</dt>
          <dd>
            <TrafficLightBadge light={item.light} />
          </dd>
        </div>
        <div>
          <dt>当前期限</dt>
          <dd>{item.dueAt ? formatDeadline(item.dueAt) : '未设期限'}</dd>
        </div>
        <div>
          <dt>剩余时间</dt>
          <dd>{item.suspended ? '已挂起，计时暂停' : left}</dd>
        </div>
        {item.warnAt && (
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
