import { Inject, Injectable } from '@nestjs/common';
import { Transactions } from '@app/database';
import { ADMIN_TRAIL, type AdminChange, type AdminTrail, type ChangeContext, DomainError } from '@app/workflow';
import { UnitTreeNode } from '../domain/unit-tree';
import { UnitEntity } from '../persistence/unit.entity';
import { UnitRepository } from '../persistence/unit.repository';
import { UnitDirectory } from './unit-directory.service';

export interface CreateUnitCommand {
  code: string;
  name: string;
  parentId?: string | null;
}

export type UpdateUnitCommand = Partial<CreateUnitCommand> & { active?: boolean };

@Injectable()
export class UnitService {
  constructor(
    private readonly units: UnitRepository,
    private readonly directory: UnitDirectory,
    private readonly transactions: Transactions,
    @Inject(ADMIN_TRAIL) private readonly trail: AdminTrail,
  ) {}

  async tree(): Promise<UnitTreeNode[]> {
    return (await this.directory.tree()).forest();
  }

  async create(command: CreateUnitCommand, by: ChangeContext): Promise<UnitEntity> {
    await this.assertCodeFree(command.code);
    if (command.parentId) await this.assertParentExists(command.parentId);
    const unit = await this.transactions.run(async (runner) => {
      const created = await this.units.create({ code: command.code, name: command.name, parentId: command.parentId ?? null }, runner);
      await this.trail.record(runner, [{ type: 'UNIT_CREATED', subject: { type: 'unit', id: created.id }, before: null, after: unitFacts(created), ...by }]);
      return created;
    });
    await this.directory.reload();
    return unit;
  }

  async update(id: string, command: UpdateUnitCommand, by: ChangeContext): Promise<UnitEntity> {
    const unit = await this.units.findById(id);
    if (!unit) throw DomainError.notFound('unit');
    if (Object.values(command).every((v) => v === undefined)) {
      throw DomainError.validation([{ field: 'body', code: 'required', message: 'names nothing to change' }]);
    }
    if (command.code !== undefined && command.code !== unit.code) await this.assertCodeFree(command.code);
    if (command.parentId) {
      await this.assertParentExists(command.parentId);
      const tree = await this.directory.tree();
      if (command.parentId === id || tree.isWithin(command.parentId, id)) {
        throw DomainError.validation([
          { field: 'parentId', code: 'conflict', message: 'a unit cannot be moved under itself or one of its own sub-units' },
        ]);
      }
    }
    if (command.active === true && command.parentId === undefined && unit.parentId) {
      const tree = await this.directory.tree();
      if (!tree.isActive(unit.parentId)) {
        throw DomainError.validation([{ field: 'active', code: 'conflict', message: 'its parent unit is deactivated: reactivate that first, or move this unit' }]);
      }
    }
    const updated = await this.transactions.run(async (runner) => {
      const before = await this.units.lockById(id, runner);
      if (!before) throw DomainError.notFound('unit');
      if (command.active === false && before.active) {
        const { children, users, cases } = await this.units.activeDependents(id, runner);
        if (children || users || cases) {
          throw DomainError.validation([
            {
              field: 'active',
              code: 'conflict',
              message: `unit ${before.code} still has ${children} active sub-unit(s), ${users} active user(s) and ${cases} open case(s); move or finish them first`,
            },
          ]);
        }
      }
      const after = await this.units.update(id, command, runner);
      await this.trail.record(runner, unitChanges(before, after).map((c) => ({ ...c, ...by })));
      return after;
    });
    await this.directory.reload();
    return updated;
  }

  async delete(id: string, by: ChangeContext): Promise<void> {
    const unit = await this.units.findById(id);
    if (!unit) throw DomainError.notFound('unit');
    const { children, users, cases } = await this.units.dependents(id);
    if (children || users || cases) {
      throw DomainError.validation([
        {
          field: 'id',
          code: 'conflict',
          message: `unit ${unit.code} still has ${children} sub-unit(s), ${users} user(s) and ${cases} case(s); move them first`,
        },
      ]);
    }
    await this.transactions.run(async (runner) => {
      const before = await this.units.lockById(id, runner);
      if (!before) throw DomainError.notFound('unit');
      await this.units.delete(id, runner);
      await this.trail.record(runner, [{ type: 'UNIT_DELETED', subject: { type: 'unit', id }, before: unitFacts(before), after: null, ...by }]);
    });
    await this.directory.reload();
  }

  private async assertCodeFree(code: string): Promise<void> {
    if (await this.units.findByCode(code)) {
      throw DomainError.validation([{ field: 'code', code: 'taken', message: `unit code "${code}" is already used` }]);
    }
  }

  private async assertParentExists(parentId: string): Promise<void> {
    const parent = await this.units.findById(parentId);
    if (!parent) throw DomainError.validation([{ field: 'parentId', code: 'not_found', message: 'no unit with this id' }]);
    if (!parent.active) throw DomainError.validation([{ field: 'parentId', code: 'conflict', message: 'this unit is deactivated: nothing new goes under it' }]);
  }
}

function unitFacts(unit: UnitEntity): Record<string, unknown> {
  return { code: unit.code, name: unit.name, parentId: unit.parentId, active: unit.active };
}

/** A rename (code or name) and a move are separate admin events, as people look for them. */
function unitChanges(before: UnitEntity, after: UnitEntity): Omit<AdminChange, 'actor' | 'correlationId'>[] {
  const subject = { type: 'unit' as const, id: after.id };
  const out: Omit<AdminChange, 'actor' | 'correlationId'>[] = [];
  if (before.code !== after.code || before.name !== after.name) {
    out.push({ type: 'UNIT_RENAMED', subject, before: { code: before.code, name: before.name }, after: { code: after.code, name: after.name } });
  }
  if (before.parentId !== after.parentId) out.push({ type: 'UNIT_MOVED', subject, before: { parentId: before.parentId }, after: { parentId: after.parentId } });
  if (before.active !== after.active) out.push({ type: after.active ? 'UNIT_REACTIVATED' : 'UNIT_DEACTIVATED', subject, before: { active: before.active }, after: { active: after.active } });
  return out;
}
