import { useState } from 'react';
import { verifyTrail } from '../../api/rectify-api';
import type { TrailCheck } from '../../api/types';
import { ProblemAlert } from '../../components/problem-alert';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { href, paths } from '../../router/hash-router';

export function TrailVerification() {
  const [result, setResult] = useState<TrailCheck | null>(null);
  const [problem, setProblem] = useState<Explained | null>(null);
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    setProblem(null);
    try {
      setResult(await verifyTrail());
    } catch (error) {
      setProblem(explainProblem(error));
    } finally {
      setBusy(false);
    }
  }
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
