import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import type { ListItem, ListStatus, ResponsibilityList } from '../domain/responsibility-list';

const COLUMNS = `year, version, status, items, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", created_by AS "createdBy"`;

/** Every version of every year's list is kept: a published list is evidence of what was asked. */
@Injectable()
export class ResponsibilityListRepository {
  constructor(private readonly dataSource: DataSource) {}

  async latest(year: number, options: { publishedOnly?: boolean } = {}, runner?: QueryRunner): Promise<ResponsibilityList | null> {
    const rows: ResponsibilityList[] = await (runner ?? this.dataSource).query(
      `SELECT ${COLUMNS} FROM responsibility_lists WHERE year = $1 ${options.publishedOnly ? `AND status = 'published'` : ''} ORDER BY version DESC LIMIT 1`,
      [year],
    );
    return rows[0] ?? null;
  }

  versions(year: number): Promise<Omit<ResponsibilityList, 'items'>[]> {
    return this.dataSource.query(
      `SELECT year, version, status, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", created_by AS "createdBy"
       FROM responsibility_lists WHERE year = $1 ORDER BY version DESC`,
      [year],
    );
  }

  /** Years that have a published list (the worker keeps their obligations generated). */
  async publishedYears(): Promise<number[]> {
    const rows: { year: number }[] = await this.dataSource.query(`SELECT DISTINCT year FROM responsibility_lists WHERE status = 'published' ORDER BY year`);
    return rows.map((r) => r.year);
  }

  /** The next version of the year's list; the caller holds the year's lock. */
  async insert(runner: QueryRunner, year: number, status: ListStatus, items: ListItem[], by: string): Promise<ResponsibilityList> {
    const [row]: ResponsibilityList[] = await runner.query(
      `INSERT INTO responsibility_lists (year, version, status, items, created_by)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4 FROM responsibility_lists WHERE year = $1
       RETURNING ${COLUMNS}`,
      [year, status, JSON.stringify(items), by],
    );
    return row;
  }

  /** Serialises publishing and generating for one year across processes, until the transaction ends. */
  async lockYear(runner: QueryRunner, year: number): Promise<void> {
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('responsibility-list'), $1)`, [year]);
  }
}
