import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';

/** A statement and its parameters, built by a repository and run by it (or by a benchmark). */
export type SqlQuery = [sql: string, params: unknown[]];

/** Runs `work` in one READ COMMITTED transaction on one connection; rolls back on any error. */
export async function withTransaction<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>, snapshot = false): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction(snapshot ? 'REPEATABLE READ' : undefined);
    if (snapshot) await runner.query('SET TRANSACTION READ ONLY');
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** What application services are given instead of the DataSource: transactions, never raw SQL. */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    return withTransaction(this.dataSource, work);
  }

  /** Reads that must agree with each other (an evidence bundle): one read-only REPEATABLE READ snapshot. */
  snapshot<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    return withTransaction(this.dataSource, work, true);
  }
}
