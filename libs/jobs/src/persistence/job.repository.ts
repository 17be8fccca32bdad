import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Job, JobProgress } from '../domain/job';

const COLUMNS = `id, kind, status, phase, done, total, result, problem,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"`;

/** jobs: one row per piece of long work, read only by the person who started it. */
@Injectable()
export class JobRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(id: string, kind: string, ownerId: string): Promise<Job> {
    const [job] = await this.dataSource.query(`INSERT INTO jobs (id, kind, owner_id, status) VALUES ($1, $2, $3, 'running') RETURNING ${COLUMNS}`, [id, kind, ownerId]);
    return job;
  }

  /** Progress also says the job is alive (its updated_at). */
  async progress(id: string, progress: JobProgress | null): Promise<void> {
    if (!progress) {
      await this.dataSource.query(`UPDATE jobs SET updated_at = now() WHERE id = $1 AND status = 'running'`, [id]);
      return;
    }
    await this.dataSource.query(`UPDATE jobs SET phase = $2, done = $3, total = $4, updated_at = now() WHERE id = $1 AND status = 'running'`, [
      id,
      progress.phase,
      progress.done,
      progress.total,
    ]);
  }

  async finish(id: string, outcome: { result: unknown } | { problem: Record<string, unknown> }): Promise<void> {
    const failed = 'problem' in outcome;
    await this.dataSource.query(`UPDATE jobs SET status = $2, result = $3, problem = $4, updated_at = now() WHERE id = $1`, [
      id,
      failed ? 'failed' : 'succeeded',
      failed ? null : JSON.stringify(outcome.result),
      failed ? JSON.stringify(outcome.problem) : null,
    ]);
  }

  async findOwned(ownerId: string, id: string): Promise<Job | null> {
    const [job] = await this.dataSource.query(`SELECT ${COLUMNS} FROM jobs WHERE id = $1 AND owner_id = $2`, [id, ownerId]);
    return job ?? null;
  }
}
