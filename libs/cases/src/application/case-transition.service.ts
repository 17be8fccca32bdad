import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { canonicalJson } from '@app/audit';
import { CalendarYearsService, DeadlineService, type SystemEvent, type SystemEventOutcome } from '@app/escalation';
import { type HeldBackRead, readWithNext, Transactions } from '@app/database';
import { Actor, DomainError, ErrorCode, MACHINE_REGISTRY, MachineRegistry, ParsedEvent, parseEvent, SYSTEM_ACTOR, WHOLE_COUNTY } from '@app/workflow';
import type { LockedCaseRow } from '../domain/case-row.type';
import { AttachmentRepository, AttachmentRow } from '../persistence/attachment.repository';
import { CaseRepository } from '../persistence/case.repository';
import { IdempotencyRepository } from '../persistence/idempotency.repository';
import { TransitionWriter } from '../persistence/transition-writer';
import { CaseView, toCaseView } from './case-view';
import { EventPreconditions } from './event-preconditions.service';
import { PlannedTransition, planTransition } from './transition.planner';

export interface ApplyEventCommand {
  actor: Actor;
  caseId: string;
  body: unknown;
  expectedVersion?: number;
  idempotencyKey?: string;
  correlationId: string;
  /** The read that confirms the actor inside this transaction, when the actor was made without one. */
  sessionCheck?: HeldBackRead;
}

export interface ApplyEventResult {
  view: CaseView;
  replayed: boolean;
}

/** A system event's outcome, with what was planned when it applied (the sink acts on it). */
export type SystemEventResult = Exclude<SystemEventOutcome, { outcome: 'applied' }> | { outcome: 'applied'; planned: PlannedTransition };

/**
 * Applies events to cases: one transaction per request (lock, version check, policy, machine,
 * case row, audit event, outbox row, timers), or one transaction per sweeper batch.
 */
@Injectable()
export class CaseTransitionService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly attachments: AttachmentRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly writer: TransitionWriter,
    private readonly preconditions: EventPreconditions,
    private readonly deadlines: DeadlineService,
    private readonly calendars: CalendarYearsService,
    @Inject(MACHINE_REGISTRY) private readonly registry: MachineRegistry,
  ) {}

  apply(command: ApplyEventCommand): Promise<ApplyEventResult> {
    const { actor, idempotencyKey } = command;
    return this.transactions.run(async (runner) => {
      if (command.sessionCheck) readWithNext(runner, command.sessionCheck);
      if (idempotencyKey) {
        const requestHash = hashRequest(command);
        const earlier = await this.idempotency.replay(runner, actor.id, idempotencyKey, requestHash);
        if (earlier) return { view: earlier.response as CaseView, replayed: true };
      }
      const [row] = await this.cases.lockForUpdate(runner, [command.caseId], actor.scope);
      if (!row) throw DomainError.notFound('case');
      const definition = this.registry.get(row.kind, row.machineVersion);
      const event = parseEvent(definition, command.body);
      // Fresh when nothing but the sweeper's deadline events came after the version the client saw.
      const seen = command.expectedVersion;
      if (seen !== undefined && (seen < row.contentVersion || seen > row.version)) {
        throw new DomainError(
          ErrorCode.VERSION_CONFLICT,
          seen > row.version
            ? `the case is at version ${row.version}, not ${seen}; reload it and try again`
            : `the case changed at version ${row.contentVersion}, after version ${seen} you saw; reload it and try again`,
          { currentVersion: row.version, contentVersion: row.contentVersion },
        );
      }
      const now = new Date();
      const planDeadlines = await this.deadlines.planner();
      const input = { row, definition, event, actor, at: now, correlationId: command.correlationId, planDeadlines };
      let planned = planTransition(input);
      await this.preconditions.check(runner, row, event, now);
      const evidence = await this.evidenceOf(runner, row.id, event);
      if (evidence) planned = planTransition({ ...input, event: { ...event, payload: { ...event.payload, attachments: evidence } } });
      await this.write(runner, [planned]);
      const view = toCaseView(planned.after, actor, this.registry, { now, calendar: await this.calendars.calendar() });
      if (idempotencyKey) await this.idempotency.complete(runner, actor.id, idempotencyKey, 200, view);
      return { view, replayed: false };
    });
  }

  /**
   * The attachments an event cites, as the audit event records them (id, name, size, SHA-256), so
   * the hash chain covers the evidence; each becomes undeletable. They must belong to the case.
   */
  private async evidenceOf(runner: QueryRunner, caseId: string, event: ParsedEvent): Promise<Pick<AttachmentRow, 'id' | 'name' | 'size' | 'sha256'>[] | null> {
    const ids = event.payload.attachments as string[] | undefined;
    if (!ids?.length) return null;
    const found = await this.attachments.reference(runner, caseId, [...new Set(ids)]);
    const missing = ids.filter((id) => !found.some((a) => a.id === id));
    if (missing.length) {
      throw DomainError.validation(missing.map((id) => ({ field: 'attachments', code: 'not_found' as const, message: `no attachment ${id} on this case` })));
    }
    const byId = new Map(found.map((a) => [a.id, a]));
    return ids.map((id) => {
      const { name, size, sha256 } = byId.get(id)!;
      return { id, name, size, sha256 };
    });
  }

  /**
   * Applies system events inside the caller's transaction, in order. A case another transaction
   * holds is `busy` (skipped, not waited for); a case no longer in the expected state makes the
   * event `stale`; an event the machine or policy refuses, or a case that cannot be read, `failed`.
   */
  async applySystemEvents(runner: QueryRunner, events: readonly SystemEvent[], at: Date): Promise<SystemEventResult[]> {
    const ids = [...new Set(events.map((c) => c.caseId))];
    const locked = await this.cases.lockForUpdate(runner, ids, WHOLE_COUNTY, { skipLocked: true });
    const current = new Map<string, LockedCaseRow>(locked.map((r) => [r.id, r]));
    const planDeadlines = await this.deadlines.planner();
    const results = events.map((command): SystemEventResult => {
      const row = current.get(command.caseId);
      if (!row) return { outcome: 'busy' };
      if (command.expectState !== undefined && (row.stateDetail !== command.expectState || row.suspended)) return { outcome: 'stale' };
      try {
        const definition = this.registry.get(row.kind, row.machineVersion);
        // The warning names the deadline it warns of, so the trail reads on its own.
        const body = command.body.type === 'SLA_WARNING' && row.dueAt ? { ...command.body, deadline: new Date(row.dueAt).toISOString() } : command.body;
        const event = parseEvent(definition, body, { system: true });
        const planned = planTransition({ row, definition, event, actor: SYSTEM_ACTOR, at, correlationId: command.correlationId, planDeadlines });
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
    await this.deadlines.writeTimers(
      runner,
      planned.map((p) => ({ caseId: p.after.id, plan: p.deadlines })),
    );
  }
}

function hashRequest(command: ApplyEventCommand): string {
  return createHash('sha256')
    .update(canonicalJson({ caseId: command.caseId, body: command.body, expectedVersion: command.expectedVersion ?? null }))
    .digest('hex');
}
