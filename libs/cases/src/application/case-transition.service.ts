import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { canonicalJson } from '@app/audit';
import { CalendarService } from '@app/escalation';
import { withTransaction } from '@app/database';
import { Actor, DomainError, ErrorCode, MachineRegistry, parseEvent, WHOLE_COUNTY } from '@app/workflow';
import type { LockedCaseRow } from '../domain/case-row.type';
import { CaseRepository } from '../persistence/case.repository';
import { IdempotencyRepository } from '../persistence/idempotency.repository';
import { TransitionWriter } from '../persistence/transition-writer';
import { MACHINE_REGISTRY } from '../cases.tokens';
import { CaseView, toCaseView } from './case-view';
import { DeadlineService } from './deadline.service';
import { EventPreconditions } from './event-preconditions.service';
import { PlannedTransition, planTransition } from './transition.planner';

export interface ApplyEventCommand {
  actor: Actor;
  caseId: string;
  body: unknown;
  expectedVersion?: number;
  idempotencyKey?: string;
  correlationId: string;
}

export interface ApplyEventResult {
  view: CaseView;
  replayed: boolean;
}

/** An event the system sends (the sweeper), applied through the same path as people's events. */
export interface SystemEventCommand {
  caseId: string;
  body: { type: string; [field: string]: unknown };
  actor: Actor;
  correlationId: string;
  /** The event only applies while the case is in this state (a timer's state). */
  expectState?: string;
}

export type SystemEventResult =
  | { outcome: 'applied'; planned: PlannedTransition }
  | { outcome: 'stale' }
  | { outcome: 'busy' }
  | { outcome: 'failed'; error: string };

/**
 * Applies events to cases: one transaction per request (lock, version check, policy, machine,
 * case row, audit event, outbox row, timers), or one transaction per sweeper batch.
 */
@Injectable()
export class CaseTransitionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly writer: TransitionWriter,
    private readonly preconditions: EventPreconditions,
    private readonly deadlines: DeadlineService,
    private readonly calendars: CalendarService,
    @Inject(MACHINE_REGISTRY) private readonly registry: MachineRegistry,
  ) {}

  apply(command: ApplyEventCommand): Promise<ApplyEventResult> {
    const { actor, idempotencyKey } = command;
    return withTransaction(this.dataSource, async (runner) => {
      if (idempotencyKey) {
        const requestHash = hashRequest(command);
        const earlier = await this.idempotency.replay(runner, actor.id, idempotencyKey, requestHash);
        if (earlier) return { view: earlier.response as CaseView, replayed: true };
      }
      const [row] = await this.cases.lockForUpdate(runner, [command.caseId], actor.scope);
      if (!row) throw DomainError.notFound('case');
      const definition = this.registry.get(row.kind, row.machineVersion);
      const event = parseEvent(definition, command.body);
      if (command.expectedVersion !== undefined && command.expectedVersion !== row.version) {
        throw new DomainError(
          ErrorCode.VERSION_CONFLICT,
          `the case is at version ${row.version}, not ${command.expectedVersion}; reload it and try again`,
          { currentVersion: row.version },
        );
      }
      const now = new Date();
      const deadlines = await this.deadlines.planner();
      const planned = planTransition({ row, definition, event, actor, at: now, correlationId: command.correlationId });
      await this.preconditions.check(runner, row, event, now);
      deadlines.plan(planned, now);
      await this.write(runner, [planned]);
      const view = toCaseView(planned.after, actor, this.registry, { now, calendar: await this.calendars.calendar() });
      if (idempotencyKey) await this.idempotency.complete(runner, actor.id, idempotencyKey, 200, view);
      return { view, replayed: false };
    });
  }

  /**
   * Applies system events inside the caller's transaction, in order. A case another transaction
   * holds is `busy` (skipped, not waited for); a case no longer in the expected state makes the
   * event `stale`; an event the machine or policy refuses, or a case that cannot be read, `failed`.
   */
  async applySystemEvents(runner: QueryRunner, commands: readonly SystemEventCommand[], at: Date): Promise<SystemEventResult[]> {
    const ids = [...new Set(commands.map((c) => c.caseId))];
    const locked = await this.cases.lockForUpdate(runner, ids, WHOLE_COUNTY, { skipLocked: true });
    const current = new Map<string, LockedCaseRow>(locked.map((r) => [r.id, r]));
    const deadlines = await this.deadlines.planner();
    const results = commands.map((command): SystemEventResult => {
      const row = current.get(command.caseId);
      if (!row) return { outcome: 'busy' };
      if (command.expectState !== undefined && (row.stateDetail !== command.expectState || row.suspended)) return { outcome: 'stale' };
      try {
        const definition = this.registry.get(row.kind, row.machineVersion);
        const event = parseEvent(definition, command.body, { system: true });
        const planned = planTransition({ row, definition, event, actor: command.actor, at, correlationId: command.correlationId });
        deadlines.plan(planned, at);
        current.set(row.id, planned.after);
        return { outcome: 'applied', planned };
      } catch (error) {
        return { outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
      }
    });
    await this.write(runner, results.flatMap((r) => (r.outcome === 'applied' ? [r.planned] : [])));
    return results;
  }

  /** One statement for the batch's cases (final state each), audit events and outbox rows; then timers. */
  private async write(runner: QueryRunner, planned: readonly PlannedTransition[]): Promise<void> {
    if (!planned.length) return;
    const finalRows = new Map<string, { row: LockedCaseRow; expectedVersion: number }>();
    for (const p of planned) {
      const first = finalRows.get(p.before.id);
      finalRows.set(p.before.id, { row: p.after, expectedVersion: first?.expectedVersion ?? p.before.version });
    }
    await this.writer.write(
      runner,
      [...finalRows.values()].map(({ row, expectedVersion }) => ({ ...row, expectedVersion })),
      planned.map((p) => p.record),
    );
    await this.deadlines.write(runner, planned);
  }
}

function hashRequest(command: ApplyEventCommand): string {
  return createHash('sha256')
    .update(canonicalJson({ caseId: command.caseId, body: command.body, expectedVersion: command.expectedVersion ?? null }))
    .digest('hex');
}
