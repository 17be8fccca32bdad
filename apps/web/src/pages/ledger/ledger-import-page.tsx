import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { ApiError } from '../../api/http-client';
import { downloadLedgerTemplate, listLedgerImports } from '../../api/rectify-api';
import { saveFile } from '../../api/save-file';
import type { Job, LedgerImport, LedgerImportReport } from '../../api/types';
import { PageHeading } from '../../components/page-heading';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../format/time';
import { useAnnounce } from '../../hooks/announcer';
import { explainProblem, type Explained } from '../../i18n/problem-text';
import { href, paths } from '../../router/hash-router';
import { fileFor, followImport, progressText, savedJob, saveJob, startImport, type ImportJobRef } from './import-job';
import { ImportReportTable } from './import-report-table';

const MAX_BYTES = 10 * 1024 * 1024;

type Stage =
  | { name: 'idle' }
  | { name: 'working'; ref: ImportJobRef; job: Job | null; report: LedgerImportReport | null }
  | { name: 'checked'; report: LedgerImportReport }
  | { name: 'imported'; report: LedgerImportReport };

/** The report a refused import carries (422), if the refusal is one. */
function reportOf(error: unknown): LedgerImportReport | null {
  return error instanceof ApiError ? ((error.problem as { report?: LedgerImportReport }).report ?? null) : null;
}

/** The import speaks Chinese about the file itself (no header, not a workbook, imported before): say that. */
function explainImport(error: unknown): Explained {
  const explained = explainProblem(error);
  const fileErrors = error instanceof ApiError ? (error.problem.errors ?? []).filter((e) => e.field === 'file') : [];
  return fileErrors.length ? { ...explained, message: fileErrors.map((e) => e.message).join('；') } : explained;
}

function Totals({ report }: { report: LedgerImportReport }) {
  const { totals } = report;
  return (
    <p data-testid="import-totals">
      工作表“{report.sheet}”第 {report.headerRow} 行为表头，共 <strong>{totals.rows}</strong> 行数据：可导入 <strong>{totals.ok}</strong> 行
      {totals.error > 0 && (
        <>
          ，<strong className="text-error">{totals.error} 行有错误</strong>
        </>
      )}
      。其中指定责任单位（导入即交办）{totals.assigned} 行
      {totals.overdue > 0 && `，整改时限已过 ${totals.overdue} 行（导入后即为超期，督办自导入时起算）`}。
    </p>
  );
}

/** 导入台账: the template, a dry run of the filled-in sheet shown row by row, then 确认导入. */
export function LedgerImportPage() {
  const inputId = useId();
  const announce = useAnnounce();
  const [stage, setStage] = useState<Stage>({ name: 'idle' });
  const [problem, setProblem] = useState<Explained | null>(null);
  const [history, setHistory] = useState<{ items: LedgerImport[]; problem: Explained | null }>({ items: [], problem: null });
  const [refresh, setRefresh] = useState(0);
  const polling = useRef<AbortController | null>(null);

  useEffect(() => {
    listLedgerImports().then(
      (page) => setHistory({ items: page.items, problem: null }),
      (error: unknown) => setHistory({ items: [], problem: explainProblem(error) }),
    );
  }, [refresh]);

  async function template() {
    setProblem(null);
    try {
      saveFile(await downloadLedgerTemplate(), '整改台账模板.xlsx');
    } catch (error) {
      setProblem(explainProblem(error));
    }
  }

  /** Follows a job to its end; a job left running when the user went away is picked up again here. */
  async function follow(ref: ImportJobRef, previous: LedgerImportReport | null) {
    const controller = new AbortController();
    polling.current?.abort();
    polling.current = controller;
    setStage({ name: 'working', ref, job: null, report: previous });
    try {
      const report = await followImport(ref, (job) => setStage({ name: 'working', ref, job, report: previous }), controller.signal);
      if (ref.dryRun) {
        setStage({ name: 'checked', report });
        announce(report.totals.error ? `校验完成：${report.totals.error} 行有错误` : `校验完成：${report.totals.ok} 行均可导入`);
      } else {
        setStage({ name: 'imported', report });
        announce(`已导入 ${report.import?.caseCount ?? 0} 条整改事项`);
        setRefresh((r) => r + 1);
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.code === 'NOT_FOUND') {
        // A job of someone else who used this browser tab, or one long gone.
        saveJob(null);
        setStage({ name: 'idle' });
        return;
      }
      const refused = reportOf(error);
      const earlier = refused ?? previous;
      setStage(earlier ? { name: 'checked', report: earlier } : { name: 'idle' });
      setProblem(explainImport(error));
    }
  }

  useEffect(() => {
    const saved = savedJob();
    if (saved) void follow(saved, null);
    return () => polling.current?.abort();
  }, []);

  async function run(file: File, dryRun: boolean, previous: LedgerImportReport | null) {
    setProblem(null);
    try {
      await follow(await startImport(file, dryRun), previous);
    } catch (error) {
      setStage(previous ? { name: 'checked', report: previous } : { name: 'idle' });
      setProblem(explainImport(error));
    }
  }

  function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setProblem(null);
    if (file.size > MAX_BYTES) {
      setStage({ name: 'idle' });
      saveJob(null);
      setProblem({ message: `“${file.name}”超过 10 MB，请分批导入。`, code: 'VALIDATION_FAILED', offerReload: false, fieldErrors: {} });
      return;
    }
    void run(file, true, null);
  }

  function confirm() {
    if (stage.name !== 'checked') return;
    const file = fileFor(stage.report.fileName);
    if (!file) {
      setProblem({ message: '请重新选择这个文件后再确认导入（离开页面后浏览器不再保留所选文件）。', code: 'CLIENT', offerReload: false, fieldErrors: {} });
      return;
    }
    void run(file, false, stage.report);
  }

  const report = stage.name === 'idle' ? null : stage.report;
  const importable = stage.name === 'checked' && stage.report.totals.error === 0 && stage.report.totals.ok > 0 && !stage.report.earlierImport;
  const busy = stage.name === 'working';

  return (
    <section aria-labelledby="ledger-import-title">
      <div className="page-head">
        <PageHeading id="ledger-import-title">导入台账</PageHeading>
        <div className="page-actions">
          <button type="button" className="button" onClick={() => void template()}>
            下载模板
          </button>
        </div>
      </div>
      <ol className="steps">
        <li>下载模板，按“填写说明”工作表填写（列的顺序可以调整，模板以外的列不导入）。</li>
        <li>选择填好的 .xlsx 文件：系统逐行校验，先不写入。</li>
        <li>没有错误时点“确认导入”：全部行一次导入，有一行出错则一行也不导入。</li>
      </ol>
      <div className="field">
        <label htmlFor={inputId}>选择台账文件（.xlsx，不超过 10 MB）</label>
        <input id={inputId} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={choose} disabled={busy} />
      </div>
      {stage.name === 'working' && (
        <div className="import-progress" role="status" data-testid="import-progress">
          <progress
            aria-label={stage.ref.dryRun ? '校验进度' : '导入进度'}
            {...(stage.job?.total ? { value: stage.job.done, max: stage.job.total } : {})}
          />
          <span>
            “{stage.ref.fileName}”{progressText(stage.job, stage.ref.dryRun)}
            <span className="muted">（可以先去办别的事，回到本页会接着显示进度和结果）</span>
          </span>
        </div>
      )}
      <ProblemAlert explained={problem} />
      {stage.name === 'imported' && stage.report.import && (
        <div className="alert alert-success" role="status">
          <p>
            已导入 {stage.report.import.caseCount} 条整改事项（{stage.report.import.firstCode} 至 {stage.report.import.lastCode}），其中交办{' '}
            {stage.report.import.assignedCount} 条
            {stage.report.import.overdueCount > 0 && `，已超期 ${stage.report.import.overdueCount} 条`}。
          </p>
          <p>
            <a href={href(paths.inbox())}>到待办查看</a>
          </p>
        </div>
      )}
      {report && (
        <section aria-labelledby="import-report-title" className="import-report">
          <h2 id="import-report-title">{stage.name === 'imported' ? '导入结果' : '校验结果'}：{report.fileName}</h2>
          <Totals report={report} />
          {report.ignoredColumns.length > 0 && <p className="muted">以下列不导入：{report.ignoredColumns.join('、')}</p>}
          {report.earlierImport && (
            <div className="alert alert-warning" role="alert">
              <p>
                这个文件已于 {formatDateTime(report.earlierImport.importedAt)} 由 {report.earlierImport.importedByName ?? report.earlierImport.importedBy} 导入（
                {report.earlierImport.firstCode} 至 {report.earlierImport.lastCode}，共 {report.earlierImport.caseCount} 条），不能重复导入。
              </p>
            </div>
          )}
          {stage.name !== 'imported' && (
            <div className="form-actions">
              <button type="button" className="button button-primary" onClick={confirm} disabled={!importable}>
                {stage.name === 'working' && !stage.ref.dryRun ? '正在导入…' : '确认导入'}
              </button>
              {!importable && stage.name === 'checked' && report.totals.error > 0 && <span className="muted">请先在 Excel 中改正标红的单元格，再重新选择文件。</span>}
            </div>
          )}
          <ImportReportTable report={report} />
        </section>
      )}
      <section aria-labelledby="import-history-title">
        <h2 id="import-history-title">导入记录</h2>
        <ProblemAlert explained={history.problem} />
        {history.items.length === 0 && !history.problem ? (
          <p className="empty">尚无导入记录。</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="import-history">
              <caption className="visually-hidden">台账导入记录</caption>
              <thead>
                <tr>
                  <th scope="col">导入时间</th>
                  <th scope="col">文件</th>
                  <th scope="col">导入人</th>
                  <th scope="col">条数</th>
                  <th scope="col">编号</th>
                  <th scope="col">文件指纹（SHA-256）</th>
                </tr>
              </thead>
              <tbody>
                {history.items.map((item) => (
                  <tr key={item.id}>
                    <td>{formatDateTime(item.importedAt)}</td>
                    <td>{item.fileName}</td>
                    <td>{item.importedByName ?? item.importedBy}</td>
                    <td>
                      {item.caseCount}（交办 {item.assignedCount}
                      {item.overdueCount > 0 && `，超期 ${item.overdueCount}`}）
                    </td>
                    <td className="case-code">
                      {item.firstCode} 至 {item.lastCode}
                    </td>
                    <td>
                      <code title={item.sha256}>{item.sha256.slice(0, 12)}…</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
