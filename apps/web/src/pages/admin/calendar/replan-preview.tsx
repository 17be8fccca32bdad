import type { CalendarYearPreview } from '../../../api/types';
import { formatDeadline } from '../../../format/time';
import { href, paths } from '../../../router/hash-router';

/** Which open deadlines loading the year would move: each case, its deadline before and after. */
export function ReplanPreview({ preview, stale }: { preview: CalendarYearPreview; stale: boolean }) {
  return (
    <section className="cal-replan" aria-labelledby="replan-title" data-testid="replan-preview">
      <h3 id="replan-title">期限重算预览</h3>
      {stale && <p className="alert alert-warning">预览之后又修改了日期，以下内容可能已不准确，请重新预览。</p>}
      {preview.cases === 0 ? (
        <p data-testid="replan-summary">载入后没有未办结案件的期限会改变。</p>
      ) : (
        <>
          <p data-testid="replan-summary">
            将重算 <strong>{preview.cases}</strong> 件案件的期限（共 {preview.timers} 个计时器）。每件案件的办理记录中将记下“期限重算”及原期限和新期限；已超期的案件保持原期限，只重算其后的升级时间。期限均为北京时间。
          </p>
          <div className="table-scroll">
            <table className="table replan-table">
              <caption className="visually-hidden">期限将改变的案件</caption>
              <thead>
                <tr>
                  <th scope="col">案件编号</th>
                  <th scope="col">原期限</th>
                  <th scope="col">新期限</th>
                  <th scope="col">计时器</th>
                </tr>
              </thead>
              <tbody>
                {preview.moves.map((m) => (
                  <tr key={m.caseId} data-case-code={m.code}>
                    <td>
                      <a className="case-code" href={href(paths.case(m.caseId))}>
                        {m.code}
                      </a>
                    </td>
                    <td>{formatDeadline(m.previousDueAt)}</td>
                    <td>
                      <span aria-hidden="true">→ </span>
                      {formatDeadline(m.dueAt)}
                    </td>
                    <td>{m.timers} 个</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.cases > preview.moves.length && <p className="muted">仅列出按编号排序的前 {preview.moves.length} 件。</p>}
        </>
      )}
    </section>
  );
}
