import { fetchAttachment } from '../../api/rectify-api';
import { saveFile } from '../../api/save-file';
import type { ChecklistCase, ChecklistObligation, Role, UnitChecklist } from '../../api/types';
import { formatDateTime, formatDeadline } from '../../format/time';
import { href, paths } from '../../router/hash-router';
import { StatusBadge } from './cell-status';

const MEASURE_LABELS = { rectification: '本单位整改台账', hotline: '本单位12345工单' } as const;

interface Props {
  checklist: UnitChecklist;
  roles: readonly Role[];
  /** Show only this item (a matrix cell was chosen). */
  itemNo?: number;
}

/** What a unit must do this year, item by item: each duty's periods, the evidence sent and what the reviewer said. */
export function UnitChecklistView({ checklist, roles, itemNo }: Props) {
  const items = checklist.items.filter((i) => itemNo === undefined || i.no === itemNo);
  const due = checklist.items.flatMap((i) => i.obligations.flatMap((o) => o.cases)).filter((c) => c.state !== 'closed');
  return (
    <div className="duty-checklist">
      <p className="muted">
        {checklist.unit.name} · {checklist.year} 年度清单第 {checklist.version} 版 · 待完成 {due.length} 项，其中已超期 {due.filter((c) => c.overdue).length} 项
      </p>
      {itemNo !== undefined && (
        <p>
          <a href={href(paths.duties({ year: checklist.year, unit: checklist.unit.id }))}>查看本单位全部条目</a>
        </p>
      )}
      {items.map((item) => (
        <section key={item.no} className="panel duty-item" aria-labelledby={`item-${item.no}`}>
          <h2 id={`item-${item.no}`}>
            第 {item.no} 项 <StatusBadge status={item.status} />
          </h2>
          <details>
            <summary>清单原文</summary>
            <p className="prewrap">{item.text}</p>
          </details>
          {item.obligations.length === 0 && <p className="muted">本条没有需要按期报送的事项。</p>}
          {item.obligations.map((o) => (
            <Obligation key={o.key} obligation={o} roles={roles} />
          ))}
        </section>
      ))}
    </div>
  );
}

function Obligation({ obligation: o, roles }: { obligation: ChecklistObligation; roles: readonly Role[] }) {
  return (
    <div className="duty-obligation">
      <h3>
        {o.title} <StatusBadge status={o.status} />
      </h3>
      <p className="muted">
        {o.scheduleText}
        {o.reviewerUnitName ? ` · 审核：${o.reviewerUnitName}` : ''}
      </p>
      {o.figures && (
        <p>
          以{MEASURE_LABELS[o.figures.measure]}衡量：共 {o.figures.total} 件，已办结 {o.figures.closed} 件，未办结 {o.figures.open} 件
          {o.figures.overdue ? <strong className="text-danger">，其中超期 {o.figures.overdue} 件</strong> : ''}
        </p>
      )}
      {o.cases.length > 0 && (
        <ul className="duty-cases">
          {o.cases.map((c) => (
            <DutyCase key={c.caseId} item={c} roles={roles} />
          ))}
        </ul>
      )}
    </div>
  );
}

function DutyCase({ item: c, roles }: { item: ChecklistCase; roles: readonly Role[] }) {
  const canSubmit = roles.includes('unit_officer') && (c.stateDetail === 'assigned' || c.stateDetail === 'rectifying.inProgress');
  const canReview = roles.includes('inspector') && c.stateDetail === 'rectifying.awaitingVerification';
  const lastReview = c.reviews[c.reviews.length - 1];
  return (
    <li className={`duty-case${c.overdue ? ' duty-case-overdue' : ''}`}>
      <div className="duty-case-head">
        <strong>{c.periodLabel}</strong>
        <span>期限 {formatDeadline(c.ownDueAt).replace(' 24:00', '')}</span>
        <span>{c.stateLabel}</span>
        {c.requiredCount > 1 && (
          <span>
            已认可 {c.acceptedCount}/{c.requiredCount} 次
          </span>
        )}
        {c.overdue && <span className="badge badge-escalation-3">已超期</span>}
        <a href={href(paths.case(c.caseId))}>{c.code}</a>
        {canSubmit && (
          <a className="button button-small button-primary" href={href(paths.case(c.caseId))}>
            报送履责材料
          </a>
        )}
        {canReview && (
          <a className="button button-small button-primary" href={href(paths.case(c.caseId))}>
            审核
          </a>
        )}
      </div>
      {lastReview?.type === 'VERIFY_FAIL' && c.state !== 'closed' && (
        <p className="duty-sent-back" role="note">
          退回补充（{formatDateTime(lastReview.at)}）：{lastReview.text}
        </p>
      )}
      {c.submissions.length > 0 && (
        <ol className="duty-submissions">
          {c.submissions.map((s) => (
            <li key={s.seq}>
              <span className="muted">{formatDateTime(s.at)} 报送：</span>
              {s.summary}
              {s.attachments.map((a) => (
                <button key={a.id} type="button" className="link-button" onClick={() => void fetchAttachment(a.id).then((blob) => saveFile(blob, a.name))}>
                  {a.name}
                </button>
              ))}
              {c.reviews
                .filter((r) => r.seq > s.seq)
                .slice(0, 1)
                .map((r) => (
                  <span key={r.seq} className={r.type === 'VERIFY_PASS' ? 'duty-review-pass' : 'duty-review-fail'}>
                    {r.type === 'VERIFY_PASS' ? ' ✓ 审核通过' : ' ✗ 退回补充'}
                    {r.text ? `：${r.text}` : ''}
                  </span>
                ))}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}
