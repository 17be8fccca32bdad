import { ApiError } from '../../api/http-client';
import { fetchJob, startLedgerImport } from '../../api/rectify-api';
import type { Job, LedgerImportReport, Problem } from '../../api/types';

const STORE_KEY = 'rectify.ledgerImport';
const POLL_MS = 400;

/** The import under way or last finished: kept across pages (and the File while this page load lasts). */
export interface ImportJobRef {
  jobId: string;
  fileName: string;
  dryRun: boolean;
}

let chosenFile: { name: string; file: File } | null = null;

export function rememberFile(file: File): void {
  chosenFile = { name: file.name, file };
}

/** The file chosen earlier in this page load, if it is the one the report is about. */
export function fileFor(name: string): File | null {
  return chosenFile?.name === name ? chosenFile.file : null;
}

export function savedJob(): ImportJobRef | null {
  try {
    const raw = sessionStorage.getItem(STORE_KEY);
    return raw ? (JSON.parse(raw) as ImportJobRef) : null;
  } catch {
    return null;
  }
}

export function saveJob(ref: ImportJobRef | null): void {
  if (ref) sessionStorage.setItem(STORE_KEY, JSON.stringify(ref));
  else sessionStorage.removeItem(STORE_KEY);
}

export async function startImport(file: File, dryRun: boolean): Promise<ImportJobRef> {
  rememberFile(file);
  const job = await startLedgerImport(file, dryRun);
  const ref = { jobId: job.id, fileName: file.name, dryRun };
  saveJob(ref);
  return ref;
}

/** Polls the job until it ends, reporting each state; ends with the report or throws the problem the import had. */
export async function followImport(ref: ImportJobRef, onJob: (job: Job) => void, signal: AbortSignal): Promise<LedgerImportReport> {
  for (;;) {
    const job = await fetchJob(ref.jobId);
    if (signal.aborted) throw new DOMException('left the page', 'AbortError');
    onJob(job);
    if (job.status === 'succeeded') return job.result as LedgerImportReport;
    if (job.status === 'failed') throw new ApiError(job.problem as unknown as Problem);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const PHASES: Record<string, string> = { reading: '正在读取', checking: '正在校验', writing: '正在写入' };

/** 正在校验 3,000 / 10,000 行 */
export function progressText(job: Job | null, dryRun: boolean): string {
  if (!job || !job.phase) return dryRun ? '正在上传并逐行校验…' : '正在导入…';
  const phase = PHASES[job.phase] ?? '正在处理';
  return job.total === null ? `${phase}：已读 ${job.done.toLocaleString('zh-CN')} 行` : `${phase}：${job.done.toLocaleString('zh-CN')} / ${job.total.toLocaleString('zh-CN')} 行`;
}
