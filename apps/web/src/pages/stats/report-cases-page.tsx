import { useEffect, useState } from 'react';
import { countCases, listCases } from '../../api/rectify-api';
import type { Case, CaseKind } from '../../api/types';
import { CaseTable } from '../../components/case-table';
import { ExportButton } from '../../components/export-button';
import { PageHeading } from '../../components/page-heading';
import { ProblemAlert } from '../../components/problem-alert';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { href, paths } from '../../router/hash-router';

/** The cases behind one number of the 统计 page: as many as the number says. */
export function ReportCasesPage({ cell, label, kind }: { cell: string; label: string; kind?: string }) {
  const [items, setItems] = useState<Case[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [problem, setProblem] = useState<Explained | null>(null);

  async function load(after: string | null) {
    try {
      const page = await listCases({ reportCell: cell }, after, 50);
      setItems((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (error) {
      setProblem(explainProblem(error));
    }
  }

  useEffect(() => {
    void load(null);
    countCases({ reportCell: cell }).then(setTotal, () => setTotal(null));
  }, [cell]);

  const exportable = kind === 'rectification' || kind === 'hotline';
  return (
    <section aria-labelledby="report-cases-title">
      <div className="page-head">
        <PageHeading id="report-cases-title">{label}</PageHeading>
        <div className="page-actions">
          {exportable && <ExportButton query={{ kind: kind as CaseKind, reportCell: cell }} />}
          <a className="button" href={href(paths.stats())}>
            返回统计
          </a>
        </div>
      </div>
      <p data-testid="report-cases-total">{total === null ? '正在统计…' : `共 ${total} 件`}</p>
      <ProblemAlert explained={problem} />
      {items.length > 0 && <CaseTable caption={label} items={items} />}
      {cursor && (
        <button type="button" className="button" onClick={() => void load(cursor)}>
          加载更多
        </button>
      )}
    </section>
  );
}
