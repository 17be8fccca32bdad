import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AppendedEvent, appendEventsCte } from '@app/audit';
import { runLater, type SqlQuery } from '@app/database';
import type { CaseRow } from '../domain/case-row.type';
import { updateCasesCte } from './case-columns';

export type CaseUpdate = CaseRow & { expectedVersion: number };

/**
 * Case rows, their audit events and outbox rows in ONE statement (data-modifying CTEs), which
 * checks itself: a case not at the version it was read at, or an event not appended, fails the
 * transaction. Nothing has to be read back, so the statement travels with the COMMIT.
 */
export function writeTransitionsQuery(cases: readonly CaseUpdate[], events: readonly AppendedEvent[]): SqlQuery {
  const update = updateCasesCte(cases, 1);
  const append = appendEventsCte(events, 1 + update.params.length);
  const n = update.params.length + append.params.length;
  return [
    `WITH ${update.cte}, ${append.cte}
     SELECT write_check((SELECT count(*) FROM u) = $${n + 1} AND (SELECT count(*) FROM o) = $${n + 2},
       format('transition write matched %s/%s cases and %s/%s events', (SELECT count(*) FROM u), $${n + 1}::int, (SELECT count(*) FROM o), $${n + 2}::int)) AS written`,
    [...update.params, ...append.params, cases.length, events.length],
  ];
}

@Injectable()
export class TransitionWriter {
  async write(runner: QueryRunner, cases: readonly CaseUpdate[], events: readonly AppendedEvent[]): Promise<void> {
    if (!cases.length) return;
    await runLater(runner, writeTransitionsQuery(cases, events));
  }
}
