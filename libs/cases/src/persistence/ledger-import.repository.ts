import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';

export interface LedgerImportRow {
  id: string;
  fileName: string;
  sha256: string;
  sheet: string;
  importedBy: string;
  importedByName: string | null;
  importedAt: string;
  caseCount: number;
  assignedCount: number;
  overdueCount: number;
  firstCode: string | null;
  lastCode: string | null;
}

const COLUMNS = `i.id, i.file_name AS "fileName", i.sha256, i.sheet, i.imported_by AS "importedBy",
  (SELECT u.display_name FROM users u WHERE u.id::text = i.imported_by) AS "importedByName",
  to_char(i.imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "importedAt",
  cardinality(i.case_ids) AS "caseCount", i.assigned_count AS "assignedCount", i.overdue_count AS "overdueCount",
  i.first_code AS "firstCode", i.last_code AS "lastCode"`;

/** ledger_imports: one row per workbook brought in, unique by its content. */
@Injectable()
export class LedgerImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The import of this content, if there was one; with a runner it waits for a concurrent import of it to end. */
  async findByHash(sha256: string, runner?: QueryRunner): Promise<LedgerImportRow | null> {
    const [row] = await (runner ?? this.dataSource).query(`SELECT ${COLUMNS} FROM ledger_imports i WHERE i.sha256 = $1`, [sha256]);
    return row ?? null;
  }

  /** Records the import; false when another one holds the same content (the unique hash decides). */
  async insert(
    runner: QueryRunner,
    row: Omit<LedgerImportRow, 'importedAt' | 'importedByName' | 'caseCount'> & { importedAt: Date; caseIds: string[] },
  ): Promise<boolean> {
    const inserted: unknown[] = await runner.query(
      `INSERT INTO ledger_imports (id, file_name, sha256, sheet, case_ids, first_code, last_code, assigned_count, overdue_count, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7, $8, $9, $10, $11)
       ON CONFLICT (sha256) DO NOTHING RETURNING id`,
      [row.id, row.fileName, row.sha256, row.sheet, row.caseIds, row.firstCode, row.lastCode, row.assignedCount, row.overdueCount, row.importedBy, row.importedAt],
    );
    return inserted.length === 1;
  }

  /** Newest first, a page at a time. */
  list(limit: number, beforeSeq?: number): Promise<(LedgerImportRow & { seq: number })[]> {
    const params: unknown[] = [limit];
    const where = beforeSeq === undefined ? '' : `WHERE i.seq < $${params.push(beforeSeq)}`;
    return this.dataSource.query(`SELECT ${COLUMNS}, i.seq::float8 AS seq FROM ledger_imports i ${where} ORDER BY i.seq DESC LIMIT $1`, params);
  }
}
