import { listCases } from '../../api/rectify-api';
import { CaseTable } from '../../components/case-table';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoad } from '../../hooks/use-load';
import { explainProblem } from '../../i18n/problem-text';

/**
 * Evidence waiting for this reviewer: obligations in 待审核 the caller may review (an inspector all of
 * them; a unit named as reviewer those it reviews — never its own).
 */
export function ReviewQueue() {
  const { data, error, loading, reload } = useLoad((signal) => listCases({ kind: 'obligation', stateDetail: 'rectifying.awaitingVerification' }, null, 100, signal), 'review');
  if (error) return <ProblemAlert explained={explainProblem(error)} onReload={reload} />;
  if (loading && !data) return <p className="muted">正在加载…</p>;
  const mine = (data?.items ?? []).filter((c) => c.availableEvents.some((e) => e.type === 'VERIFY_PASS'));
  if (!mine.length) return <p>没有待您审核的履责材料。</p>;
  return (
    <>
      <p className="muted">共 {mine.length} 项待审核{data?.nextCursor ? '（仅显示前 100 项）' : ''}；打开后可审核通过或退回补充。</p>
      <CaseTable caption="待审核的履责事项" items={mine} />
    </>
  );
}
