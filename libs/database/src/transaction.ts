import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { named, pipeline, type Statement } from './pipeline';

/** A statement and its parameters, built by a repository and run by it (or by a benchmark). */
export type SqlQuery = [sql: string, params: unknown[]];

/** Runs `work` in one READ COMMITTED transaction on one connection; rolls back on any error. */
export async function withTransaction<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>, snapshot = false): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (snapshot) {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
    } else {
      beginHeldBack(runner);
    }
    const result = await work(runner);
    if (snapshot) await runner.commitTransaction();
    else await commitHeldBack(runner);
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/**
 * What a transaction has not sent yet: its BEGIN until the first statement, and writes whose result
 * nobody reads (runLater) until the next statement or the COMMIT. Each round trip to PostgreSQL
 * costs both processes a wake-up, which on a busy server costs more than the statements themselves.
 */
const heldBack = new WeakMap<QueryRunner, Statement[]>();

/** The statements to send ahead of the next one (and forgets them). */
export function takeHeldBack(runner: QueryRunner): Statement[] {
  const held = heldBack.get(runner);
  if (!held?.length) return [];
  heldBack.set(runner, []);
  return held;
}

/** Holds a statement back for the transaction's next round trip; false outside such a transaction. */
export function holdBack(runner: QueryRunner, [text, values]: SqlQuery, onRows?: Statement['onRows']): boolean {
  const held = heldBack.get(runner);
  if (!held) return false;
  held.push({ ...named(text, values), onRows });
  return true;
}

/**
 * A read that can wait for the transaction's next statement: `check` gets its rows in the same
 * round trip, and what it throws fails that statement's call (and so the transaction).
 */
export interface HeldBackRead {
  query: SqlQuery;
  check(rows: unknown[]): void;
}

export function readWithNext(runner: QueryRunner, read: HeldBackRead): void {
  if (!holdBack(runner, read.query, (rows) => read.check(rows))) throw new Error('readWithNext outside a transaction of Transactions.run');
}

type RunnerState = { isTransactionActive: boolean; transactionDepth: number };

function beginHeldBack(runner: QueryRunner): void {
  Object.assign(runner as unknown as RunnerState, { isTransactionActive: true, transactionDepth: 1 });
  heldBack.set(runner, [named('BEGIN')]);
  const query = runner.query.bind(runner);
  // What TypeORM sends itself (repositories, savepoints) goes after what is held back; a rollback drops it.
  runner.query = (async (sql: string, parameters?: unknown[], structured?: boolean) => {
    if (sql === 'ROLLBACK') heldBack.delete(runner);
    else {
      const held = takeHeldBack(runner);
      if (held.length) await pipeline((await runner.connect()) as PoolClient, held);
    }
    return query(sql, parameters, structured as true);
  }) as QueryRunner['query'];
}

async function commitHeldBack(runner: QueryRunner): Promise<void> {
  await pipeline((await runner.connect()) as PoolClient, [...takeHeldBack(runner), named('COMMIT')]);
  heldBack.delete(runner);
  Object.assign(runner as unknown as RunnerState, { isTransactionActive: false, transactionDepth: 0 });
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
