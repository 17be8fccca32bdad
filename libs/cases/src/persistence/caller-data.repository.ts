import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { runPrepared } from '@app/database';
import { type CaseScope, caseScopeSql } from '@app/workflow';

export interface CallerDataRow {
  caseId: string;
  caseCode: string;
  caseState: string;
  hasName: boolean;
  hasPhone: boolean;
  erasedAt: string | null;
}

/** caller_data: hotline callers' names and phones beside their cases, until erased. */
@Injectable()
export class CallerDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The case (within `scope`) and its caller's data, both locked for an erasure. */
  async lock(runner: QueryRunner, scope: CaseScope, caseId: string): Promise<{ caseCode: string; caseState: string; data: CallerDataRow | null } | null> {
    const params: unknown[] = [caseId];
    const [found] = await runner.query(`SELECT c.code, c.state FROM cases c WHERE c.id = $1 AND ${caseScopeSql(scope, 'c', params)} FOR UPDATE OF c`, params);
    if (!found) return null;
    const [data] = await runner.query(
      `SELECT d.case_id AS "caseId", d.caller_name IS NOT NULL AS "hasName", d.caller_phone IS NOT NULL AS "hasPhone",
              to_char(d.erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "erasedAt"
       FROM caller_data d WHERE d.case_id = $1 FOR UPDATE`,
      [caseId],
    );
    return { caseCode: found.code, caseState: found.state, data: data ? { ...data, caseCode: found.code, caseState: found.state } : null };
  }

  /** The case (within `scope`) with its caller's name and phone as stored, for a recorded view. */
  async read(runner: QueryRunner, scope: CaseScope, caseId: string) {
    const params: unknown[] = [caseId];
    const [row] = await runner.query(
      `SELECT c.code, c.kind, c.state_detail AS "stateDetail", c.unit_id AS "unitId", d.caller_name AS "callerName", d.caller_phone AS "callerPhone", d.erased_at AS "erasedAt"
       FROM cases c LEFT JOIN caller_data d ON d.case_id = c.id
       WHERE c.id = $1 AND ${caseScopeSql(scope, 'c', params)}`,
      params,
    );
    return (row ?? null) as { code: string; kind: string; stateDetail: string; unitId: string | null; callerName: string | null; callerPhone: string | null; erasedAt: Date | null } | null;
  }

  /** Clears the data and the salt (the trail's commitments then bind nothing); a stored answer to the opening request goes too. */
  async erase(runner: QueryRunner, caseId: string, by: string, reason: string): Promise<string> {
    const [row] = await runPrepared<{ erasedAt: string }>(runner, [
      `UPDATE caller_data SET salt = NULL, caller_name = NULL, caller_phone = NULL, erased_at = now(), erased_by = $2, erasure_reason = $3
       WHERE case_id = $1 RETURNING to_char(erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "erasedAt"`,
      [caseId, by, reason],
    ]);
    await runner.query(`DELETE FROM idempotency_keys WHERE response->>'id' = $1`, [caseId]);
    return row.erasedAt;
  }

  /** Closed cases whose callers' data has outlived `closedBefore`, oldest first. */
  async expired(closedBefore: Date, limit: number, except: readonly string[] = []): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM caller_data d JOIN cases c ON c.id = d.case_id
       WHERE d.erased_at IS NULL AND c.state = 'closed' AND c.closed_at < $1 AND NOT (c.id = ANY($3::uuid[])) ORDER BY c.closed_at LIMIT $2`,
      [closedBefore, limit, except],
    );
    return rows.map((r) => r.id);
  }
}
