import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { type CaseScope, caseScopeSql } from '@app/workflow';

export interface AttachmentRow {
  id: string;
  caseId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

const COLUMNS = `a.id, a.case_id AS "caseId", a.name, a.media_type AS "mediaType", a.size::float8 AS size, a.sha256,
  a.uploaded_by AS "uploadedBy", to_char(a.uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "uploadedAt"`;

/** attachments: who added which stored content to which case. Every read takes the caller's case scope. */
@Injectable()
export class AttachmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(runner: QueryRunner, row: Omit<AttachmentRow, 'id' | 'uploadedAt'>): Promise<AttachmentRow> {
    const [created] = await runner.query(
      `WITH a AS (
         INSERT INTO attachments (case_id, name, media_type, size, sha256, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *
       ) SELECT ${COLUMNS} FROM a`,
      [row.caseId, row.name, row.mediaType, row.size, row.sha256, row.uploadedBy],
    );
    return created;
  }

  forCase(scope: CaseScope, caseId: string): Promise<AttachmentRow[]> {
    const params: unknown[] = [caseId];
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM attachments a JOIN cases k ON k.id = a.case_id
       WHERE a.case_id = $1 AND ${caseScopeSql(scope, 'k', params)} ORDER BY a.seq`,
      params,
    );
  }

  /** The attachments of `caseIds` within `scope`, case by case in upload order (an evidence bundle's). */
  forCases(runner: QueryRunner, scope: CaseScope, caseIds: readonly string[]): Promise<(AttachmentRow & { caseCode: string })[]> {
    const params: unknown[] = [caseIds];
    return runner.query(
      `SELECT ${COLUMNS}, k.code AS "caseCode" FROM attachments a JOIN cases k ON k.id = a.case_id
       WHERE a.case_id = ANY($1::uuid[]) AND ${caseScopeSql(scope, 'k', params)} ORDER BY k.code, a.seq`,
      params,
    );
  }

  /** Outside the caller's scope an attachment does not exist, like its case. */
  async findVisible(scope: CaseScope, id: string): Promise<AttachmentRow | null> {
    const params: unknown[] = [id];
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM attachments a JOIN cases k ON k.id = a.case_id WHERE a.id = $1 AND ${caseScopeSql(scope, 'k', params)}`,
      params,
    );
    return row ?? null;
  }

  /** The case's attachments among `ids`, marked as evidence of the event being written (never deletable after). */
  reference(runner: QueryRunner, caseId: string, ids: readonly string[]): Promise<AttachmentRow[]> {
    return runner.query(
      `WITH a AS (
         UPDATE attachments SET referenced_at = COALESCE(referenced_at, now())
         WHERE case_id = $1 AND id = ANY($2::uuid[]) RETURNING *
       ) SELECT ${COLUMNS} FROM a`,
      [caseId, ids],
    );
  }
}
