import { useRef, useState } from 'react';
import type { DownloadProgress } from '../../api/http-client';
import { exportAuditCsv, type AuditQuery } from '../../api/rectify-api';
import { saveFile } from '../../api/save-file';
import { formatSize } from '../../components/payload-text';
import { formatDateTime } from '../../format/time';
import { useAnnounce } from '../../hooks/announcer';
import { explainProblem } from '../../i18n/problem-text';
import '../../work.css';

/** Progress is shown once an export is this large; small ones finish before anyone could read it. */
const SHOW_PROGRESS_FROM = 256 * 1024;

const stamp = () => formatDateTime(new Date().toISOString()).replace(/[-: ]/g, '');

/**
 * 导出 CSV of the whole result of the search (every page, not only those loaded), streamed by the
 * server with the same filters; the size so far is shown while a large one arrives.
 */
export function AuditExport({ query }: { query: AuditQuery }) {
  const announce = useAnnounce();
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const controller = useRef<AbortController | null>(null);

  async function run() {
    controller.current = new AbortController();
    setBusy(true);
    setProgress(null);
    setMessage(null);
    try {
      const { blob, fileName } = await exportAuditCsv(query, setProgress, controller.current.signal);
      saveFile(blob, fileName ?? `审计记录-${stamp()}.csv`);
      const text = `已导出全部查询结果（${formatSize(blob.size)}）`;
      setMessage({ text, error: false });
      announce(text);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') {
        setMessage({ text: '已取消导出。', error: false });
      } else {
        setMessage({ text: explainProblem(error).message, error: true });
      }
    } finally {
      setBusy(false);
      controller.current = null;
    }
  }

  const large = progress && (progress.total ?? progress.received) >= SHOW_PROGRESS_FROM;
  return (
    <div className="audit-export">
      <button type="button" className="button" onClick={() => void run()} disabled={busy}>
        {busy ? '正在导出…' : '导出 CSV（全部结果）'}
      </button>
      {busy && large && (
        <span className="download-progress" role="status" data-testid="export-progress">
          {progress.total ? <progress max={progress.total} value={progress.received} aria-label="导出进度" /> : null}
          已下载 {formatSize(progress.received)}
          {progress.total ? ` / ${formatSize(progress.total)}` : ''}
          <button type="button" className="button button-small" onClick={() => controller.current?.abort()}>
            取消
          </button>
        </span>
      )}
      {message && (
        <span className={message.error ? 'field-error' : 'muted'} role={message.error ? 'alert' : 'status'} data-testid="export-result">
          {message.text}
        </span>
      )}
    </div>
  );
}
