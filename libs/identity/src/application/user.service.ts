import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { DomainError, Role } from '@app/workflow';
import { UserEntity } from '../persistence/user.entity';
import { UserChanges, UserRepository } from '../persistence/user.repository';
import { UnitRepository } from '../persistence/unit.repository';
import { PasswordHasher } from './password-hasher.service';

export interface CreateUserCommand {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  password: string;
  active?: boolean;
}

export interface UpdateUserCommand {
  displayName?: string;
  unitId?: string;
  roles?: Role[];
  active?: boolean;
  password?: string;
}

@Injectable()
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly units: UnitRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  list(): Promise<UserEntity[]> {
    return this.users.findAll();
  }

  /** The id behind a username (any letter case), for searches by the name people know. */
  /**
   * The unit of an active user (whom a case may be assigned to), or null. Pass the transaction
   * that holds a case lock, so a request never waits for a second pooled connection.
   */
  async activeUnitOf(id: string, runner?: QueryRunner): Promise<string | null> {
    const user = await this.users.findAssignable(id, runner);
    return user?.active ? user.unitId : null;
  }

  async idOf(username: string): Promise<string | null> {
    return (await this.users.findByUsername(username))?.id ?? null;
  }

  async create(command: CreateUserCommand): Promise<UserEntity> {
    if (await this.users.usernameTaken(command.username)) {
      throw DomainError.validation([{ field: 'username', code: 'taken', message: `username "${command.username}" is already taken` }]);
    }
    await this.assertUnitExists(command.unitId);
    return this.users.create({
      username: command.username,
      displayName: command.displayName,
      unitId: command.unitId,
      roles: [...new Set(command.roles)],
      active: command.active ?? true,
      passwordHash: await this.hasher.hash(command.password),
    });
  }

  async update(id: string, command: UpdateUserCommand): Promise<UserEntity> {
    const current = await this.users.findById(id);
    if (!current) throw DomainError.notFound('user');
    if (Object.values(command).every((v) => v === undefined)) {
      throw DomainError.validation([{ field: 'body', code: 'required', message: 'names nothing to change' }]);
    }
    if (command.unitId) await this.assertUnitExists(command.unitId);
    const changes: UserChanges = {
      displayName: command.displayName,
      unitId: command.unitId,
      roles: command.roles ? [...new Set(command.roles)] : undefined,
      active: command.active,
      passwordHash: command.password ? await this.hasher.hash(command.password) : undefined,
    };
    const rolesChanged = changes.roles !== undefined && [...changes.roles].sort().join() !== [...current.roles].sort().join();
    const endSessions = changes.passwordHash !== undefined || changes.active === false || rolesChanged;
    return this.users.update(id, {
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      endSessions,
    });
  }

  private async assertUnitExists(unitId: string): Promise<void> {
    if (!(await this.units.findById(unitId))) {
      throw DomainError.validation([{ field: 'unitId', code: 'not_found', message: 'no unit with this id' }]);
    }
  }
}
