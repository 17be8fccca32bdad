import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { SqlQuery } from '@app/database';
import type { ChainedRecord } from '../domain/hash-chain';

export interface OutboxMessage {
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * A chained record as written: with its outbox message, and the unit that held the case after the
 * event (reports attribute each event to it; derived, so outside the hash).
 */
export type AppendedEvent = ChainedRecord & { outbox: OutboxMessage; unitId: string | null };

/**
 * The `e` (events) and `o` (outbox) parts of a WITH clause, numbering parameters from `first`,
 * so a caller can write cases, events and outbox rows in a single statement.
 */
export function appendEventsCte(events: readonly AppendedEvent[], first: number): { cte: string; params: unknown[] } {
  const $ = (i: number) => `$${first + i - 1}`;
  const col = <K extends keyof ChainedRecord>(key: K) => events.map((e) => e[key]);
  return {
    cte: `e AS (
       INSERT INTO case_events (case_id, seq, type, payload, from_state, to_state, actor_id, actor_role,
                                actor_unit_id, machine_version, correlation_id, at, prev_hash, hash, unit_id)
       SELECT * FROM unnest(${$(1)}::uuid[], ${$(2)}::int[], ${$(3)}::text[], ${$(4)}::jsonb[], ${$(5)}::text[], ${$(6)}::text[],
                            ${$(7)}::text[], ${$(8)}::text[], ${$(9)}::uuid[], ${$(10)}::int[], ${$(11)}::text[],
                            ${$(12)}::timestamptz[], ${$(13)}::text[], ${$(14)}::text[], ${$(17)}::uuid[])
       RETURNING id, case_id, seq
     ),
     q AS (INSERT INTO audit_pending (stream, event_id) SELECT 'case', e.id FROM e),
     o AS (
       INSERT INTO outbox (event_id, topic, payload)
       SELECT e.id, m.topic, m.payload || jsonb_build_object('eventId', e.id)
       FROM e JOIN unnest(${$(1)}::uuid[], ${$(2)}::int[], ${$(15)}::text[], ${$(16)}::jsonb[]) AS m(case_id, seq, topic, payload)
         ON m.case_id = e.case_id AND m.seq = e.seq
       RETURNING event_id
     )`,
    params: [
      col('caseId'),
      col('seq'),
      col('type'),
      events.map((e) => JSON.stringify(e.payload)),
      col('fromState'),
      col('toState'),
      col('actorId'),
      col('actorRole'),
      col('actorUnitId'),
      col('machineVersion'),
      col('correlationId'),
      col('at'),
      col('prevHash'),
      col('hash'),
      events.map((e) => e.outbox.topic),
      events.map((e) => JSON.stringify(e.outbox.payload)),
      events.map((e) => e.unitId),
    ],
  };
}

/** Chained audit events and their outbox rows in one statement; returns one row per outbox row. */
export function appendEventsQuery(events: readonly AppendedEvent[]): SqlQuery {
  const { cte, params } = appendEventsCte(events, 1);
  return [`WITH ${cte} SELECT event_id FROM o`, params];
}

/** Appends chained audit events and their outbox rows, inside the caller's transaction. */
@Injectable()
export class AuditWriter {
  async append(runner: QueryRunner, events: readonly AppendedEvent[]): Promise<void> {
    if (!events.length) return;
    const inserted: unknown[] = await runner.query(...appendEventsQuery(events));
    if (inserted.length !== events.length) throw new Error(`audit append wrote ${inserted.length} of ${events.length} events`);
  }
}
