import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AppendedEvent, appendEventsCte } from '@app/audit';
import { runPrepared, type SqlQuery } from '@app/database';
import type { CaseRow } from '../domain/case-row.type';
import { updateCasesCte } from './case-columns';

export type CaseUpdate = CaseRow & { expectedVersion: number };

/**
 * Case rows, their audit events and outbox rows in ONE statement (data-modifying CTEs): every
 * transition, and every sweeper batch, costs one round trip between the lock and the commit.
 */
export function writeTransitionsQuery(cases: readonly CaseUpdate[], events: readonly AppendedEvent[]): SqlQuery {
  const update = updateCasesCte(cases, 1);
  const append = appendEventsCte(events, 1 + update.params.length);
  return [
    `WITH ${update.cte}, ${append.cte}
     SELECT (SELECT count(*) FROM u)::int AS updated, (SELECT count(*) FROM o)::int AS appended`,
    [...update.params, ...append.params],
  ];
}

@Injectable()
export class TransitionWriter {
  async write(runner: QueryRunner, cases: readonly CaseUpdate[], events: readonly AppendedEvent[]): Promise<void> {
    if (!cases.length) return;
    const [{ updated, appended }] = await runPrepared<{ updated: number; appended: number }>(runner, writeTransitionsQuery(cases, events));
    if (updated !== cases.length || appended !== events.length) {
      throw new Error(`transition write matched ${updated}/${cases.length} cases and ${appended}/${events.length} events`);
    }
  }
}
