import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';

export interface WatchState {
  lastRunAt: string;
  lastFullAt: string | null;
  valid: boolean;
  checkedThrough: number;
  runsTotal: number;
  failedRunsTotal: number;
  firstFailureAt: string | null;
  findings: string[];
}

const at = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The watch's one row (its counters are the metric), and the alert it sends through the outbox. */
@Injectable()
export class AuditWatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async state(): Promise<WatchState | null> {
    const [row] = await this.dataSource.query(
      `SELECT ${at('last_run_at')} AS "lastRunAt", ${at('last_full_at')} AS "lastFullAt", valid, checked_through::int AS "checkedThrough",
              runs_total::int AS "runsTotal", failed_runs_total::int AS "failedRunsTotal", ${at('first_failure_at')} AS "firstFailureAt", findings
       FROM audit_watch`,
    );
    return row ?? null;
  }

  /** Records a run; returns whether it is the first failure after a clean run (the one to alert on). */
  async record(runner: QueryRunner, run: { at: Date; full: boolean; valid: boolean; checkedThrough: number; findings: string[] }): Promise<boolean> {
    const [before] = await runner.query(`SELECT valid FROM audit_watch FOR UPDATE`);
    await runner.query(
      `INSERT INTO audit_watch (last_run_at, last_full_at, valid, checked_through, runs_total, failed_runs_total, first_failure_at, findings)
       VALUES ($1, CASE WHEN $2 THEN $1::timestamptz END, $3, $4, 1, CASE WHEN $3 THEN 0 ELSE 1 END, CASE WHEN $3 THEN NULL ELSE $1::timestamptz END, $5)
       ON CONFLICT (id) DO UPDATE SET
         last_run_at = $1,
         last_full_at = CASE WHEN $2 THEN $1::timestamptz ELSE audit_watch.last_full_at END,
         valid = $3,
         checked_through = $4,
         runs_total = audit_watch.runs_total + 1,
         failed_runs_total = audit_watch.failed_runs_total + CASE WHEN $3 THEN 0 ELSE 1 END,
         first_failure_at = CASE WHEN $3 THEN NULL ELSE COALESCE(audit_watch.first_failure_at, $1::timestamptz) END,
         findings = $5`,
      [run.at, run.full, run.valid, run.checkedThrough, JSON.stringify(run.findings)],
    );
    return !run.valid && (before?.valid ?? true);
  }

  async alert(runner: QueryRunner, payload: Record<string, unknown>): Promise<void> {
    await runner.query(`INSERT INTO outbox (event_id, topic, payload) VALUES (NULL, 'audit.alert', $1)`, [JSON.stringify(payload)]);
  }
}
