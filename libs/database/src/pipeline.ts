// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- pg publishes no types for lib/utils; this file is seen by every tsconfig that reaches libs
/// <reference path="./pg-utils.d.ts" />
import { Query, type ClientBase, type QueryResult, type QueryResultRow } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import { statementName } from './statement-name';

/** A named statement with its parameters, ready to be bound. */
export interface Statement {
  name: string;
  text: string;
  values: readonly unknown[];
  /** For a statement sent ahead of another: what to do with its rows when they arrive. */
  onRows?: (rows: QueryResultRow[]) => void;
}

export function named(text: string, values: readonly unknown[] = []): Statement {
  return { name: statementName(text), text, values };
}

interface WireConnection {
  parsedStatements: Record<string, string>;
  bind(config: { portal: string; statement: string; values: unknown[]; binary: boolean }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
  sync(): void;
}

/**
 * Bind/Describe/Execute for each statement and one Sync: PostgreSQL runs them in order and answers
 * them together, so they cost one round trip instead of one each. After the first error the
 * server skips the rest up to the Sync, which is what a transaction wants anyway.
 */
class PipelinedQuery extends Query {
  private readonly bound: { name: string; values: unknown[] }[];

  constructor(statements: readonly Statement[]) {
    super({ text: statements.map((s) => s.name).join(';') });
    // Converted before anything is written: a value that cannot be sent fails here, not half-way through the wire.
    this.bound = statements.map((s) => ({ name: s.name, values: s.values.map((v) => prepareValue(v)) }));
  }

  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: WireConnection): void {
    for (const { name, values } of this.bound) {
      connection.bind({ portal: '', statement: name, values, binary: false });
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '', rows: 0 });
    }
    connection.sync();
  }
}

const wire = (client: ClientBase) => (client as unknown as { connection: WireConnection }).connection;

/**
 * Runs statements in order on one connection and returns each one's result. Once every statement
 * is prepared on this connection they go in one round trip; until then one by one (which prepares them).
 */
export async function pipeline<T extends QueryResultRow = QueryResultRow>(client: ClientBase, statements: readonly Statement[]): Promise<QueryResult<T>[]> {
  const parsed = wire(client).parsedStatements;
  if (statements.length < 2 || statements.some((s) => parsed[s.name] !== s.text)) {
    const results: QueryResult<T>[] = [];
    for (const { name, text, values } of statements) results.push(await client.query<T>({ name, text, values: [...values] }));
    deliver(statements, results);
    return results;
  }
  const query = new PipelinedQuery(statements);
  const answer = await new Promise<QueryResult<T> | QueryResult<T>[]>((resolve, reject) => {
    (query as unknown as { callback: (error: Error | null, result: QueryResult<T> | QueryResult<T>[]) => void }).callback = (error, result) =>
      error ? reject(error) : resolve(result);
    void client.query(query as never);
  });
  const results = Array.isArray(answer) ? answer : [answer];
  deliver(statements, results);
  return results;
}

function deliver(statements: readonly Statement[], results: readonly QueryResult[]): void {
  statements.forEach((s, i) => s.onRows?.(results[i].rows));
}
