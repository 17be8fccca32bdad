import type { Case } from '../api/types';
import { useUnits } from '../hooks/units-context';
import { KIND_LABELS } from '../i18n/labels';
import { deadlineStatus, formatDeadline } from '../format/time';
import { href, paths } from '../router/hash-router';
import { CaseFlags, TrafficLightBadge } from './case-badges';

interface Props {
  caption: string;
  items: Case[];
}

export function CaseTable({ caption, items }: Props) {
  const { nameOf } = useUnits();
  return (
    <table className="table case-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">编号</th>
          <th scope="col">标题</th>
          <th scope="col">类别</th>
          <th scope="col">状态</th>
          <th scope="col">责任单位</th>
          <th scope="col">期限</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const status = deadlineStatus(item);
          return (
          <tr key={item.id} data-case-code={item.code}>
            <td data-label="编号">
              <a href={href(paths.case(item.id))} className="case-code">
                {item.code}
              </a>
            </td>
            <td data-label="标题" className="case-title">
              {item.title}
            </td>
            <td data-label="类别">{KIND_LABELS[item.kind] ?? item.kind}</td>
            <td data-label="状态">
              <span className={`state state-${item.state}`}>{item.stateLabel}</span>
            </td>
            <td data-label="责任单位">{nameOf(item.unitId)}</td>
            <td data-label="期限">
              {item.state === 'closed' ? (
                <div className="deadline-cell">
                  <span className="closed-at">{status.text}</span>
                </div>
              ) : (
                <div className="deadline-cell">
                  <span>{item.dueAt ? formatDeadline(item.dueAt) : '未设期限'}</span>
                  {status.overdue && <span className="overdue-text">{status.text}</span>}
                  {item.dueAt || item.suspended ? <TrafficLightBadge light={item.light} suspended={item.suspended} /> : null}
                  <CaseFlags item={item} />
                </div>
              )}
            </td>
          </tr>
          );
        })}
      </tbody>
    </table>
  );
}
