/** A job no process has touched for this long stopped with its process. */
export const JOB_STALE_MS = 30_000;

export type JobStatus = 'running' | 'succeeded' | 'failed';

export interface JobProgress {
  /** What the job is doing now, in the words of its kind (reading, checking, writing…). */
  phase: string;
  done: number;
  /** Null while the amount of work is not yet known. */
  total: number | null;
}

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  phase: string | null;
  done: number;
  total: number | null;
  /** The answer the request would have had: the result once succeeded, the problem once failed. */
  result: unknown;
  problem: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

/** The problem of a job whose process stopped before it finished. */
export const INTERRUPTED = {
  type: 'about:blank',
  title: 'Service unavailable',
  status: 503,
  code: 'UNAVAILABLE',
  detail: 'the job stopped with the process that ran it; start it again (a ledger import that did complete is then refused as imported before)',
};

/** A running job nobody has updated for JOB_STALE_MS is reported as what it is: failed. */
export function asSeen(job: Job, now: Date): Job {
  if (job.status !== 'running' || now.getTime() - new Date(job.updatedAt).getTime() < JOB_STALE_MS) return job;
  return { ...job, status: 'failed', problem: INTERRUPTED };
}
