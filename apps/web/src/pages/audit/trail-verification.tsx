import { verifyTrail } from '../../api/rectify-api';
import { ProblemAlert } from '../../components/problem-alert';
import { useAction } from '../../hooks/use-action';
import { href, paths } from '../../router/hash-router';

const CHECKPOINT_REASON: Record<'root' | 'signature' | 'key', string> = {
  root: '现存记录算出的根哈希与签名时不同',
  signature: '签名无效',
  key: '签名密钥未登记',
};

/** A case by its number (ZG-2026-000010); a case row deleted with its number is named by the start of its id. */
const caseName = (c: { caseId: string; code?: string }) => c.code ?? `案件（编号已无法读取，ID ${c.caseId.slice(0, 8)}）`;

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
            全部审计链完整：{result.cases} 个案件、{result.checked} 条记录均未发现篡改
            {result.log.checked ? `；全局日志 ${result.log.size} 条与 ${result.log.checkpoints} 个签名检查点一致` : ''}。
          </span>
        )}
        {result && !result.valid && (
          <div className="broken">
            {result.broken.length > 0 && <p>发现 {result.broken.length} 个案件的审计链被篡改：</p>}
            <ul>
              {result.broken.map((b) => (
                <li key={b.caseId}>
                  <a href={href(paths.case(b.caseId))}>{caseName(b)}</a>
                  {b.headMismatch ? ' 的审计链被整体重算，与案件记录的末条哈希不符' : ` 在第 ${b.firstBrokenSeq} 条断裂`}
                </li>
              ))}
            </ul>
            {result.truncated.length > 0 && <p>发现 {result.truncated.length} 个案件的审计记录被截断（末尾记录被删除）：</p>}
            {result.missingLogIndexes.length > 0 && (
              <p>
                全局审计日志缺失 {result.log.missingCount} 条记录（序号 {result.missingLogIndexes.slice(0, 20).join('、')}
                {result.log.missingCount > 20 ? ' 等' : ''}）：可能有事件或整个案件被删除。
              </p>
            )}
            {!result.admin.valid && <p>管理操作记录链在第 {result.admin.firstBrokenSeq} 条断裂：用户、角色或配置的变更记录可能被篡改。</p>}
            {result.log.unlogged > 0 && <p>{result.log.unlogged} 条审计记录未进入全局日志且已无法进入（排队记录被删除）。</p>}
            {result.log.queuedGone > 0 && <p>{result.log.queuedGone} 条排队待入日志的审计记录已被删除。</p>}
            {result.alteredLogIndexes.length > 0 && <p>全局审计日志中 {result.alteredLogIndexes.length} 条记录入日志后被改动（序号 {result.alteredLogIndexes.slice(0, 20).join('、')}）。</p>}
            {result.checkpointMismatch.length > 0 && (
              <p>
                {result.checkpointMismatch.length} 个签名检查点与现存记录不符（最早：{result.checkpointMismatch[0].at}，规模 {result.checkpointMismatch[0].treeSize}
                ，{CHECKPOINT_REASON[result.checkpointMismatch[0].reason]}）。
              </p>
            )}
            <ul>
              {result.truncated.map((c) => (
                <li key={c.caseId}>
                  <a href={href(paths.case(c.caseId))}>{caseName(c)}</a> 应有 {c.version} 条，仅存 {c.lastSeq} 条，缺失第{' '}
                  {c.missingSeqs.join('、')}
                  {c.missingCount > c.missingSeqs.length ? ` 等 ${c.missingCount}` : ''} 条
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
