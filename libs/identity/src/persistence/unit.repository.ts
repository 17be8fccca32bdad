import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryRunner, Repository } from 'typeorm';
import { UnitEntity } from './unit.entity';

@Injectable()
export class UnitRepository {
  constructor(@InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>) {}

  findAll(): Promise<UnitEntity[]> {
    return this.units.find({ order: { code: 'ASC' } });
  }

  findById(id: string): Promise<UnitEntity | null> {
    return this.units.findOneBy({ id });
  }

  /** The row, locked until the caller's transaction ends: what an admin change is computed from. */
  lockById(id: string, runner: QueryRunner): Promise<UnitEntity | null> {
    return this.on(runner).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByCode(code: string): Promise<UnitEntity | null> {
    return this.units.findOneBy({ code });
  }

  /** The repository itself, or the same on the caller's transaction. */
  private on(runner?: QueryRunner): Repository<UnitEntity> {
    return runner ? runner.manager.getRepository(UnitEntity) : this.units;
  }

  create(unit: Pick<UnitEntity, 'code' | 'name' | 'parentId'>, runner?: QueryRunner): Promise<UnitEntity> {
    const units = this.on(runner);
    return units.save(units.create(unit));
  }

  async update(id: string, changes: Partial<Pick<UnitEntity, 'code' | 'name' | 'parentId' | 'active'>>, runner?: QueryRunner): Promise<UnitEntity> {
    const units = this.on(runner);
    await units.update({ id }, changes);
    return units.findOneByOrFail({ id });
  }

  async delete(id: string, runner?: QueryRunner): Promise<void> {
    await this.on(runner).delete({ id });
  }

  /** What still works in a unit: active sub-units, active users, open cases (on the caller's transaction). */
  async activeDependents(id: string, runner: QueryRunner): Promise<{ children: number; users: number; cases: number }> {
    const [row] = (await runner.query(
      `SELECT (SELECT count(*) FROM units WHERE parent_id = $1 AND active)::int AS children,
              (SELECT count(*) FROM users WHERE unit_id = $1 AND active)::int AS users,
              (SELECT count(*) FROM cases WHERE (unit_id = $1 OR reviewer_unit_id = $1) AND state <> 'closed')::int AS cases`,
      [id],
    )) as { children: number; users: number; cases: number }[];
    return row;
  }

  /** What still hangs on a unit: sub-units, users and cases. */
  async dependents(id: string): Promise<{ children: number; users: number; cases: number }> {
    const [row] = (await this.units.query(
      `SELECT (SELECT count(*) FROM units WHERE parent_id = $1)::int AS children,
              (SELECT count(*) FROM users WHERE unit_id = $1)::int AS users,
              (SELECT count(*) FROM cases WHERE unit_id = $1)::int AS cases`,
      [id],
    )) as { children: number; users: number; cases: number }[];
    return row;
  }
}
