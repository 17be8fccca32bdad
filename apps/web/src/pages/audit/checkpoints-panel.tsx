import { fetchAuditWatch, fetchCheckpoints, fetchSigningKeys } from '../../api/rectify-api';
import { ProblemAlert } from '../../components/problem-alert';
import { downloadText } from '../../format/csv';
import { formatDateTime } from '../../format/time';
import { useLoad } from '../../hooks/use-load';
import { explainProblem } from '../../i18n/problem-text';

/**
 * The signed heads of the global log. Each note is the exact text that was signed: saved and kept
 * outside Rectify (the discipline commission's copies), it proves later that nothing before it changed.
 */
export function CheckpointsPanel() {
  const checkpoints = useLoad(() => fetchCheckpoints(), 'checkpoints');
  const keys = useLoad(() => fetchSigningKeys(), 'keys');
  const watch = useLoad(() => fetchAuditWatch(), 'watch');
  return (
    <>
      <p className="muted">
        系统定期对全部审计记录计算默克尔树根哈希并以数字签名固定（签名检查点）。请下载检查点与公钥，交纪委监委等单位另行保存；日后验证时，任何早于检查点的记录被删改都会被发现。
      </p>
      {watch.data && (
        <p role="status" className={watch.data.valid ? 'ok' : 'broken'}>
          后台巡检：{formatDateTime(watch.data.lastRunAt)}，已核对 {watch.data.checkedThrough} 条，
          {watch.data.valid ? '未发现篡改' : `自 ${formatDateTime(watch.data.firstFailureAt)} 起发现问题，请点击上方“验证全部审计链”查看详情并立即报告`}。
        </p>
      )}
      {keys.data && (
        <div className="panel">
          <h2>签名公钥</h2>
          <ul>
            {keys.data.keys.map((k) => (
              <li key={k.keyId}>
                <code>{k.keyId}</code>（{k.algorithm === 'sm2' ? 'SM2' : 'Ed25519'}，{k.keyId === keys.data!.current ? '当前使用' : '已轮换'}
                {k.firstUsedAt ? `，自 ${formatDateTime(k.firstUsedAt)}` : ''}）{' '}
                <button type="button" className="button" onClick={() => downloadText(`审计签名公钥-${k.keyId}.pem`, k.publicKey, 'application/x-pem-file')}>
                  下载公钥
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {keys.error && <ProblemAlert explained={explainProblem(keys.error)} />}
      <ProblemAlert explained={checkpoints.error ? explainProblem(checkpoints.error) : null} />
      {checkpoints.data && checkpoints.data.items.length === 0 && <p className="empty">尚未生成签名检查点（后台任务每隔几分钟生成一次）。</p>}
      {checkpoints.data && checkpoints.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table checkpoints-table">
            <caption className="visually-hidden">签名检查点，按时间倒序</caption>
            <thead>
              <tr>
                <th scope="col">签名时间</th>
                <th scope="col">覆盖记录数</th>
                <th scope="col">根哈希</th>
                <th scope="col">签名密钥</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {checkpoints.data.items.map((c) => (
                <tr key={c.id}>
                  <td data-label="签名时间">{formatDateTime(c.at)}</td>
                  <td data-label="覆盖记录数">{c.treeSize}</td>
                  <td data-label="根哈希">
                    <code>{c.rootHash}</code>
                  </td>
                  <td data-label="签名密钥">
                    <code>{c.keyId}</code>
                  </td>
                  <td data-label="操作">
                    <button type="button" className="button" onClick={() => downloadText(`审计检查点-${c.treeSize}.txt`, c.note, 'text/plain;charset=utf-8')}>
                      下载检查点
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
