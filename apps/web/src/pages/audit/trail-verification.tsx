import { verifyTrail } from '../../api/rectify-api';
import { ProblemAlert } from '../../components/problem-alert';
import { useAction } from '../../hooks/use-action';
import { href, paths } from '../../router/hash-router';

export function TrailVerification() {
  const { result, problem, busy, run } = useAction(verifyTrail);
  return (
    <div className="chain-check">
      <button type="button" className="button" onClick={run} disabled={busy}>
        {busy ? '正在验证…' : '验证全部审计链'}
      </button>
      <div role="status" className="chain-result">
        {result?.valid && (
          <span className="ok">
            全部审计链完整：{result.cases} 个案件、{result.checked} 条记录均未发现篡改。
          </span>
        )}
        {result && !result.valid && (
          <div className="broken">
            发现 {result.broken.length} 个案件的审计链断裂：
            <ul>
              {result.broken.map((b) => (
                <li key={b.caseId}>
                  <a href={href(paths.case(b.caseId))}>案件 {b.caseId.slice(0, 8)}</a> 在第 {b.firstBrokenSeq} 条断裂
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <ProblemAlert explained={problem} />
    </div>
  );
}
