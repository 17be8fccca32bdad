import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { z } from 'zod';
import { AuditWriter, canonicalJson } from '@app/audit';
import { Transactions } from '@app/database';
import { CalendarYearsService, DeadlineService } from '@app/escalation';
import { UnitDirectory } from '@app/identity';
import { Actor, DomainError, FieldError, MACHINE_REGISTRY, MachineRegistry, deadline, parseOrThrow } from '@app/workflow';
import { formatCaseCode, shanghaiYear } from '../domain/case-code.util';
import type { LockedCaseRow } from '../domain/case-row.type';
import { OpenCaseCommand } from '../domain/open-case.command';
import { CaseRepository } from '../persistence/case.repository';
import { IdempotencyRepository } from '../persistence/idempotency.repository';
import { CaseView, toCaseView } from './case-view';
import { planOpening } from './opening.planner';

const deadlineField = z.object({ dueAt: deadline().optional() });

/** Deadlines given as dates become instants (end of that day in Asia/Shanghai). */
function normalize(command: OpenCaseCommand): OpenCaseCommand {
  if (command.kind !== 'rectification' || command.dueAt === undefined) return command;
  return { ...command, dueAt: parseOrThrow(deadlineField, { dueAt: command.dueAt }).dueAt };
}

export interface OpenCaseResult {
  view: CaseView;
  /** The answer stored for an earlier request with the same Idempotency-Key and body. */
  replayed: boolean;
}

/** Opens a case: the row and its first audit event (OPENED, seq 1) in one transaction. */
@Injectable()
export class OpenCaseService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly idempotency: IdempotencyRepository,
    private readonly audit: AuditWriter,
    private readonly units: UnitDirectory,
    private readonly deadlines: DeadlineService,
    private readonly calendars: CalendarYearsService,
    @Inject(MACHINE_REGISTRY) private readonly registry: MachineRegistry,
  ) {}

  /**
   * With an Idempotency-Key, a retry (a hotline agent's after a timeout) gets the first answer
   * back instead of a duplicate work order; the same key with another body is refused.
   */
  async open(actor: Actor, command: OpenCaseCommand, correlationId: string, idempotencyKey?: string): Promise<OpenCaseResult> {
    const definition = this.registry.latest(command.kind);
    if (!actor.system && !definition.openRoles.some((r) => actor.roles.includes(r))) {
      throw DomainError.forbidden(`opening a ${command.kind} case needs one of the roles: ${definition.openRoles.join(', ')}`, { rule: 'role' });
    }
    const normalized = normalize(command);
    await this.checkReferences(actor, normalized);
    const calendar = await this.calendars.calendar();
    return this.transactions.run(async (runner) => {
      if (idempotencyKey) {
        const requestHash = createHash('sha256').update(canonicalJson({ open: command })).digest('hex');
        const earlier = await this.idempotency.replay(runner, actor.id, idempotencyKey, requestHash);
        if (earlier) return { view: earlier.response as CaseView, replayed: true };
      }
      const row = await this.openIn(runner, actor, normalized, correlationId, new Date());
      const view = toCaseView(row, actor, this.registry, { revealPersonalData: true, calendar });
      // A retry gets this same answer, caller included; it expires with the key (and goes with an erasure).
      if (idempotencyKey) await this.idempotency.complete(runner, actor.id, idempotencyKey, 201, view);
      return { view, replayed: false };
    });
  }

  /** Opens inside the caller's transaction (the sweeper opens accountability cases this way). */
  async openIn(runner: QueryRunner, actor: Actor, command: OpenCaseCommand, correlationId: string, at: Date): Promise<LockedCaseRow> {
    const definition = this.registry.latest(command.kind);
    const sequence = await this.cases.nextSequence(runner, command.kind, shanghaiYear(at));
    const { row, record, deadlines, caller } = planOpening({
      id: randomUUID(),
      code: formatCaseCode(command.kind, shanghaiYear(at), sequence),
      command,
      definition,
      actor,
      at,
      correlationId,
      planDeadlines: await this.deadlines.planner(),
      callerSalt: randomBytes(32),
    });
    await this.cases.insert(runner, row, caller);
    await this.audit.append(runner, [record]);
    await this.deadlines.writeTimers(runner, [{ caseId: row.id, plan: deadlines }]);
    return row;
  }

  private async checkReferences(actor: Actor, command: OpenCaseCommand): Promise<void> {
    const tree = await this.units.tree();
    const errors: FieldError[] = [];
    if (command.kind === 'rectification' && command.unitId && !tree.has(command.unitId)) {
      errors.push({ field: 'unitId', code: 'not_found', message: 'no unit with this id' });
    } else if (command.kind === 'rectification' && command.unitId && !tree.isActive(command.unitId)) {
      errors.push({ field: 'unitId', code: 'conflict', message: 'this unit is deactivated: nothing new is assigned to it' });
    }
    if (command.kind === 'rectification' && command.dueAt && new Date(command.dueAt) <= new Date()) {
      errors.push({ field: 'dueAt', code: 'not_in_future', message: 'must be in the future' });
    }
    if (command.kind === 'accountability') {
      if (command.targetUnitId && !tree.has(command.targetUnitId)) errors.push({ field: 'targetUnitId', code: 'not_found', message: 'no unit with this id' });
      if (command.parentCaseId && !(await this.cases.findVisible(actor.scope, command.parentCaseId))) {
        errors.push({ field: 'parentCaseId', code: 'not_found', message: 'no case with this id' });
      }
    }
    if (errors.length) throw DomainError.validation(errors);
  }
}
