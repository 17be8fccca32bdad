import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { UnitDirectory, UserService } from '@app/identity';
import { DomainError, FieldError, ParsedEvent } from '@app/workflow';
import type { CaseRow } from '../domain/case-row.type';

/** Checks an event against data outside the case: units and people must exist, dates must make sense. */
@Injectable()
export class EventPreconditions {
  constructor(
    private readonly units: UnitDirectory,
    private readonly users: UserService,
  ) {}

  /** Runs inside the event's transaction, on its connection. */
  async check(runner: QueryRunner, row: CaseRow, event: ParsedEvent, now: Date): Promise<void> {
    const errors: FieldError[] = [];
    const p = event.payload;
    const tree = await this.units.tree();
    for (const field of ['unitId', 'targetUnitId'] as const) {
      if (typeof p[field] !== 'string') continue;
      if (!tree.has(p[field] as string)) errors.push({ field, code: 'not_found', message: 'no unit with this id' });
      else if (field === 'unitId' && !tree.isActive(p[field] as string)) errors.push({ field, code: 'conflict', message: 'this unit is deactivated: nothing new is assigned to it' });
    }
    if (typeof p.assigneeId === 'string') {
      const userUnitId = await this.users.activeUnitOf(p.assigneeId, runner);
      const unitId = (p.unitId as string | undefined) ?? row.unitId;
      if (!userUnitId) errors.push({ field: 'assigneeId', code: 'not_found', message: 'no active user with this id' });
      else if (row.kind !== 'accountability' && unitId && !tree.isWithin(userUnitId, unitId)) {
        errors.push({ field: 'assigneeId', code: 'conflict', message: 'must belong to the unit the case is assigned to' });
      }
    }
    if (typeof p.dueAt === 'string' && new Date(p.dueAt) <= now) {
      errors.push({ field: 'dueAt', code: 'not_in_future', message: 'must be in the future' });
    }
    if (event.type === 'REQUEST_EXTENSION' && row.dueAt && new Date(p.dueAt as string) <= new Date(row.dueAt)) {
      errors.push({ field: 'dueAt', code: 'not_in_future', message: `must be later than the current deadline ${new Date(row.dueAt).toISOString()}` });
    }
    if (event.type === 'ASSIGN' && row.kind !== 'accountability' && !p.unitId) {
      errors.push({ field: 'unitId', code: 'required', message: 'is required' });
    }
    if (errors.length) throw DomainError.validation(errors);
  }
}
