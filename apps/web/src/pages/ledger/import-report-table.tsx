import { useId, useState } from 'react';
import type { LedgerImportReport, LedgerRowReport } from '../../api/types';

/** The columns the import reads, in the template's order. */
const COLUMNS = ['问题来源', '问题类别', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '整改进展'] as const;
/** A table of tens of thousands of rows helps nobody; the errors come first anyway. */
const SHOWN = 500;

function Cell({ row, column }: { row: LedgerRowReport; column: string }) {
  const errors = row.errors.filter((e) => e.column === column);
  const value = row.cells[column];
  if (!errors.length) return <td>{value ?? ''}</td>;
  return (
    <td className="cell-error" data-column={column}>
      <span>{value ?? <span className="muted">（空）</span>}</span>
      {errors.map((e) => (
        <span key={e.code} className="cell-error-text">
          {e.message}
        </span>
      ))}
    </td>
  );
}

/** Every row checked, the bad cells marked in red with what is wrong, errors first. */
export function ImportReportTable({ report }: { report: LedgerImportReport }) {
  const toggleId = useId();
  const hasErrors = report.totals.error > 0;
  const [onlyErrors, setOnlyErrors] = useState(hasErrors);
  const rows = onlyErrors && hasErrors ? report.rows.filter((r) => r.status === 'error') : report.rows;
  const shown = rows.slice(0, SHOWN);
  return (
    <>
      {hasErrors && (
        <div className="field field-checkbox">
          <input id={toggleId} type="checkbox" checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)} />
          <label htmlFor={toggleId}>只看有错误的行</label>
        </div>
      )}
      <div className="table-scroll">
        <table className="table import-table" data-testid="import-report">
          <caption className="visually-hidden">逐行校验结果</caption>
          <thead>
            <tr>
              <th scope="col">行号</th>
              <th scope="col">结果</th>
              {COLUMNS.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.row} data-row={row.row} data-status={row.status}>
                <th scope="row">{row.row}</th>
                <td>{row.status === 'ok' ? <span className="text-ok">可导入</span> : <span className="text-error">{row.errors.length} 处错误</span>}</td>
                {COLUMNS.map((c) => (
                  <Cell key={c} row={row} column={c} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN && (
        <p className="muted">
          仅显示前 {SHOWN} 行，共 {rows.length} 行。
        </p>
      )}
    </>
  );
}
