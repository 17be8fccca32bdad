import { useState } from 'react';
import { downloadWorkbook, type CaseQuery } from '../api/rectify-api';
import { saveFile } from '../api/save-file';
import { explainProblem } from '../i18n/problem-text';

/** 导出台账 / 导出工单: the list's current filters as an Excel workbook. */
export function ExportButton({ query }: { query: CaseQuery }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hotline = query.kind === 'hotline';
  const label = hotline ? '导出工单' : '导出台账';

  async function run() {
    setBusy(true);
    setError(null);
    try {
      const { blob, name } = await downloadWorkbook(hotline ? 'hotline' : 'ledger', query);
      saveFile(blob, name);
    } catch (e) {
      setError(explainProblem(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button" onClick={() => void run()} disabled={busy} title={hotline ? '按当前筛选导出 12345 工单（Excel）' : '按当前筛选导出整改台账（Excel）'}>
        {busy ? '正在导出…' : label}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
