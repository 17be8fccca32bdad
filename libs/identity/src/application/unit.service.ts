import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/workflow';
import { UnitTreeNode } from '../domain/unit-tree';
import { UnitEntity } from '../persistence/unit.entity';
import { UnitRepository } from '../persistence/unit.repository';
import { UnitDirectory } from './unit-directory.service';

export interface CreateUnitCommand {
  code: string;
  name: string;
  parentId?: string | null;
}

export type UpdateUnitCommand = Partial<CreateUnitCommand>;

@Injectable()
export class UnitService {
  constructor(
    private readonly units: UnitRepository,
    private readonly directory: UnitDirectory,
  ) {}

  async tree(): Promise<UnitTreeNode[]> {
    return (await this.directory.tree()).forest();
  }

  async create(command: CreateUnitCommand): Promise<UnitEntity> {
    await this.assertCodeFree(command.code);
    if (command.parentId) await this.assertParentExists(command.parentId);
    const unit = await this.units.create({ code: command.code, name: command.name, parentId: command.parentId ?? null });
    await this.directory.reload();
    return unit;
  }

  async update(id: string, command: UpdateUnitCommand): Promise<UnitEntity> {
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
    const updated = await this.units.update(id, command);
    await this.directory.reload();
    return updated;
  }

  async delete(id: string): Promise<void> {
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
    await this.units.delete(id);
    await this.directory.reload();
  }

  private async assertCodeFree(code: string): Promise<void> {
    if (await this.units.findByCode(code)) {
      throw DomainError.validation([{ field: 'code', code: 'taken', message: `unit code "${code}" is already used` }]);
    }
  }

  private async assertParentExists(parentId: string): Promise<void> {
    if (!(await this.units.findById(parentId))) {
      throw DomainError.validation([{ field: 'parentId', code: 'not_found', message: 'no unit with this id' }]);
    }
  }
}
