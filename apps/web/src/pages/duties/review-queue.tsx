import { listCases } from '../../api/rectify-api';
import { CaseTable } from '../../components/case-table';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../hooks/use-load';
import { explainProblem } from '../../i18n/problem-text';

/** Evidence waiting for a reviewer: every obligation in 待审核, oldest deadline first as the list gives it. */
export function ReviewQueue() {
  const { data, error, loading, reload } = useLoad((signal) => listCases({ kind: 'obligation', stateDetail: 'rectifying.awaitingVerification' }, null, 100, signal), 'review');
  if (error) return <ProblemAlert explained={explainProblem(error)} onReload={reload} />;
  if (loading && !data) return <p className="muted">正在加载…</p>;
  if (!data?.items.length) return <p>没有待审核的履责材料。</p>;
  return (
    <>
      <p className="muted">共 {data.items.length} 项待审核{data.nextCursor ? '（仅显示前 100 项）' : ''}；打开后可审核通过或退回补充。</p>
      <CaseTable caption="待审核的履责事项" items={data.items} />
    </>
  );
}
