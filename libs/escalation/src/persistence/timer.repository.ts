import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { runLater, runPrepared } from '@app/database';
import type { NewTimer, TimerClock, TimerPurpose } from '../domain/deadline-plan';
import type { EscalationAction } from '../domain/sla-policy';
import type { OpenTimer, TimerRecipe } from '../domain/timer-recipe';

export interface DueTimer {
  id: string;
  caseId: string;
  purpose: TimerPurpose;
  level: number;
  dueAt: Date;
  stateEntered: string;
  attempts: number;
  action: EscalationAction | null;
}

export interface PausedTimer {
  id: string;
  dueAt: Date;
  clock: TimerClock;
  recipe: TimerRecipe | null;
}

export interface TimerListItem extends DueTimer {
  code: string;
  status: string;
  lastError: string | null;
  nextAttemptAt: Date | null;
  firedAt: Date | null;
}

/** A recipe a calendar change can move: it counts working days somewhere (see countsWorkdays). */
const COUNTS_WORKDAYS = `t.recipe IS NOT NULL AND (t.recipe->>'deadline' LIKE '%wd' OR t.recipe->'step'->>'before' LIKE '%wd'
  OR t.recipe->'step'->>'after' LIKE '%wd' OR (t.recipe->>'clock' = 'workday' AND EXISTS (
    SELECT 1 FROM jsonb_array_elements(t.recipe->'shifts') s WHERE (s->>'workdays')::int > 0)))`;

const DUE_COLUMNS = `t.id::text AS id, t.case_id AS "caseId", t.purpose, t.level, t.due_at AS "dueAt",
  t.state_entered AS "stateEntered", t.attempts, t.action`;

/** case_timers: written with transitions, claimed by sweepers with FOR UPDATE SKIP LOCKED. */
/** A parked timer as it was before it was put back in the queue. */
export interface RetriedTimer {
  caseId: string;
  purpose: string;
  level: number;
  attempts: number;
  lastError: string | null;
}

@Injectable()
export class TimerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Pending (and paused) timers by the kind, priority and state of their cases: what a policy change would reach. */
  async pendingByRule(): Promise<{ kind: string; priority: string; state: string; timers: number; cases: number }[]> {
    return this.dataSource.query(
      `SELECT c.kind, c.priority, t.state_entered AS state, count(*)::int AS timers, count(DISTINCT t.case_id)::int AS cases
       FROM case_timers t JOIN cases c ON c.id = t.case_id
       WHERE t.status IN ('pending', 'paused')
       GROUP BY 1, 2, 3`,
    );
  }

  /**
   * Pending or paused timers a calendar can move (a recipe that counts working days), with their
   * case's deadline columns: of these cases, or of every case.
   */
  openWithRecipes(runner: QueryRunner, caseIds?: readonly string[]): Promise<(OpenTimer & { code: string; caseDueAt: Date | null; caseWarnAt: Date | null; calendarComplete: boolean })[]> {
    return runner.query(
      `SELECT t.id::text AS id, t.case_id AS "caseId", t.purpose, t.due_at AS "dueAt", t.recipe, c.code,
              c.due_at AS "caseDueAt", c.warn_at AS "caseWarnAt", c.calendar_complete AS "calendarComplete"
       FROM case_timers t JOIN cases c ON c.id = t.case_id
       WHERE t.status IN ('pending', 'paused') AND ${COUNTS_WORKDAYS} AND ($1::uuid[] IS NULL OR t.case_id = ANY($1::uuid[]))
       ORDER BY t.case_id, t.id`,
      [caseIds ?? null],
    );
  }

  /** Cases with a timer computed on an older calendar than `version` (or before versions were kept). */
  async staleCases(runner: QueryRunner, version: number, limit: number): Promise<string[]> {
    const rows: { caseId: string }[] = await runner.query(
      `SELECT DISTINCT t.case_id AS "caseId" FROM case_timers t
       WHERE t.status IN ('pending', 'paused') AND ${COUNTS_WORKDAYS} AND (t.calendar_version IS NULL OR t.calendar_version < $1)
       LIMIT $2`,
      [version, limit],
    );
    return rows.map((r) => r.caseId);
  }

  /** New due times for timers a calendar change moved, and the calendar version each timer of these cases is now computed on. */
  async replanned(runner: QueryRunner, moved: readonly { id: string; dueAt: Date }[], caseIds: readonly string[], calendarVersion: number): Promise<void> {
    if (moved.length) {
      await runner.query(
        `UPDATE case_timers t SET due_at = v.due_at FROM unnest($1::bigint[], $2::timestamptz[]) AS v(id, due_at) WHERE t.id = v.id`,
        [moved.map((m) => m.id), moved.map((m) => m.dueAt)],
      );
    }
    if (caseIds.length) {
      await runner.query(`UPDATE case_timers SET calendar_version = $2 WHERE case_id = ANY($1::uuid[]) AND status IN ('pending', 'paused') AND recipe IS NOT NULL`, [
        caseIds,
        calendarVersion,
      ]);
    }
  }

  async insert(runner: QueryRunner, rows: readonly (NewTimer & { caseId: string; policyVersion: number; calendarVersion?: number | null })[]): Promise<void> {
    if (!rows.length) return;
    await runLater(runner, [
      `INSERT INTO case_timers (case_id, purpose, level, due_at, clock, state_entered, policy_version, action, recipe, calendar_version)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::timestamptz[], $5::text[], $6::text[], $7::int[], $8::text[], $9::jsonb[], $10::bigint[])`,
      [
        rows.map((r) => r.caseId),
        rows.map((r) => r.purpose),
        rows.map((r) => r.level),
        rows.map((r) => r.dueAt),
        rows.map((r) => r.clock),
        rows.map((r) => r.stateEntered),
        rows.map((r) => r.policyVersion),
        rows.map((r) => r.action ?? null),
        rows.map((r) => (r.recipe ? JSON.stringify(r.recipe) : null)),
        rows.map((r) => r.calendarVersion ?? null),
      ],
    ]);
  }

  /** Cancels every pending or paused timer of these cases (they left the state the timers were for). */
  async cancelOpen(runner: QueryRunner, caseIds: readonly string[]): Promise<void> {
    if (!caseIds.length) return;
    await runLater(runner, [`UPDATE case_timers SET status = 'cancelled' WHERE case_id = ANY($1::uuid[]) AND status IN ('pending', 'paused')`, [caseIds]]);
  }

  async pause(runner: QueryRunner, caseIds: readonly string[]): Promise<void> {
    if (!caseIds.length) return;
    await runLater(runner, [`UPDATE case_timers SET status = 'paused' WHERE case_id = ANY($1::uuid[]) AND status = 'pending'`, [caseIds]]);
  }

  paused(runner: QueryRunner, caseId: string): Promise<PausedTimer[]> {
    return runner.query(
      `SELECT id::text AS id, due_at AS "dueAt", clock, recipe FROM case_timers WHERE case_id = $1 AND status = 'paused' ORDER BY id`,
      [caseId],
    );
  }

  async resume(runner: QueryRunner, moved: readonly { id: string; dueAt: Date; recipe: TimerRecipe | null }[], calendarVersion: number): Promise<void> {
    if (!moved.length) return;
    await runner.query(
      `UPDATE case_timers t SET status = 'pending', due_at = v.due_at, recipe = v.recipe, calendar_version = $4, attempts = 0, next_attempt_at = NULL
       FROM unnest($1::bigint[], $2::timestamptz[], $3::jsonb[]) AS v(id, due_at, recipe) WHERE t.id = v.id`,
      [moved.map((m) => m.id), moved.map((m) => m.dueAt), moved.map((m) => (m.recipe ? JSON.stringify(m.recipe) : null)), calendarVersion],
    );
  }

  /**
   * Claims up to `limit` due timers for this transaction. Rows another sweeper holds are skipped,
   * so any number of sweepers share the work without firing a timer twice. A timer waits while an
   * earlier pending timer of its case is outside this claim (held by another sweeper, or backing
   * off after a failure), so a case's warning, breach and levels are delivered in their order.
   */
  claimDue(runner: QueryRunner, limit: number): Promise<DueTimer[]> {
    return runPrepared<DueTimer>(runner, [
      `WITH claimed AS (
         SELECT t.* FROM case_timers t
         WHERE t.status = 'pending' AND t.due_at <= now() AND (t.next_attempt_at IS NULL OR t.next_attempt_at <= now())
         ORDER BY t.due_at, t.id
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       SELECT ${DUE_COLUMNS} FROM claimed t
       WHERE NOT EXISTS (
         SELECT 1 FROM case_timers e
         WHERE e.case_id = t.case_id AND e.status = 'pending' AND (e.due_at, e.id) < (t.due_at, t.id)
           AND e.id NOT IN (SELECT id FROM claimed)
       )
       ORDER BY t.due_at, t.id`,
      [limit],
    ]);
  }

  async markFired(runner: QueryRunner, ids: readonly string[], at: Date): Promise<void> {
    if (!ids.length) return;
    await runner.query(`UPDATE case_timers SET status = 'fired', fired_at = $2, attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [ids, at]);
  }

  async markCancelled(runner: QueryRunner, ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    await runner.query(`UPDATE case_timers SET status = 'cancelled' WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Records a failed attempt: retried after `retryAt`, or parked when attempts run out. */
  async markFailed(runner: QueryRunner | undefined, id: string, error: string, retryAt: Date | null): Promise<void> {
    await (runner ?? this.dataSource).query(
      `UPDATE case_timers SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3,
         status = CASE WHEN $3::timestamptz IS NULL THEN 'parked' ELSE status END
       WHERE id = $1`,
      [id, error.slice(0, 2000), retryAt],
    );
  }

  list(status: string, limit: number): Promise<TimerListItem[]> {
    return this.dataSource.query(
      `SELECT ${DUE_COLUMNS}, c.code, t.status, t.last_error AS "lastError", t.next_attempt_at AS "nextAttemptAt",
              t.fired_at AS "firedAt"
       FROM case_timers t JOIN cases c ON c.id = t.case_id
       WHERE t.status = $1 ORDER BY t.due_at DESC, t.id DESC LIMIT $2`,
      [status, limit],
    );
  }

  /** Puts a parked timer back in the queue (after the cause was fixed). */
  /** The parked timer put back in the queue, or null when there was none. */
  async retry(id: string, runner?: QueryRunner): Promise<RetriedTimer | null> {
    const result: [RetriedTimer[], number] = await (runner ?? this.dataSource).query(
      `UPDATE case_timers t SET status = 'pending', attempts = 0, next_attempt_at = NULL
       FROM case_timers old WHERE t.id = $1 AND t.status = 'parked' AND old.id = t.id
       RETURNING t.case_id AS "caseId", t.purpose, t.level, old.attempts, old.last_error AS "lastError"`,
      [id],
    );
    return result[1] > 0 ? result[0][0] : null;
  }

  forCase(caseId: string): Promise<(DueTimer & { status: string; firedAt: Date | null })[]> {
    return this.dataSource.query(
      `SELECT ${DUE_COLUMNS}, t.status, t.fired_at AS "firedAt" FROM case_timers t WHERE t.case_id = $1 ORDER BY t.due_at, t.id`,
      [caseId],
    );
  }
}
