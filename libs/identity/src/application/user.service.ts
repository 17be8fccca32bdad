import { Inject, Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { Transactions } from '@app/database';
import { type Actor, ADMIN_TRAIL, type AdminChange, type AdminTrail, type ChangeContext, DomainError, Role } from '@app/workflow';
import { UserEntity } from '../persistence/user.entity';
import { UserChanges, UserRepository } from '../persistence/user.repository';
import { UnitRepository } from '../persistence/unit.repository';
import { PasswordHasher } from './password-hasher.service';
import { UnitDirectory } from './unit-directory.service';

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
    private readonly transactions: Transactions,
    @Inject(ADMIN_TRAIL) private readonly trail: AdminTrail,
    private readonly directory: UnitDirectory,
  ) {}

  list(): Promise<UserEntity[]> {
    return this.users.findAll();
  }

  /**
   * The people a case of `unitId` can be given to (承办人): active users of the unit and its
   * sub-units. A unit officer asks only for units in their own scope.
   */
  async assignableIn(actor: Actor, unitId: string) {
    const tree = await this.directory.tree();
    if (!tree.has(unitId)) throw DomainError.notFound('unit');
    if (!actor.scope.all && !actor.scope.unitIds.includes(unitId)) throw DomainError.notFound('unit');
    return this.users.activeIn(tree.subtreeIds(unitId));
  }

  namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    return this.users.namesOf(ids);
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

  /** Everyone a name means: the username (any letter case), or a display name several may share. */
  idsOf(name: string): Promise<string[]> {
    return this.users.idsByName(name);
  }

  async create(command: CreateUserCommand, by: ChangeContext): Promise<UserEntity> {
    if (await this.users.usernameTaken(command.username)) {
      throw DomainError.validation([{ field: 'username', code: 'taken', message: `username "${command.username}" is already taken` }]);
    }
    await this.assertUnitExists(command.unitId);
    const passwordHash = await this.hasher.hash(command.password);
    return this.transactions.run(async (runner) => {
      const user = await this.users.create(
        {
          username: command.username,
          displayName: command.displayName,
          unitId: command.unitId,
          roles: [...new Set(command.roles)],
          active: command.active ?? true,
          passwordHash,
        },
        runner,
      );
      await this.trail.record(runner, [{ type: 'USER_CREATED', subject: { type: 'user', id: user.id }, before: null, after: userFacts(user), ...by }]);
      return user;
    });
  }

  async update(id: string, command: UpdateUserCommand, by: ChangeContext): Promise<UserEntity> {
    const current = await this.users.findById(id);
    if (!current) throw DomainError.notFound('user');
    if (Object.values(command).every((v) => v === undefined)) {
      throw DomainError.validation([{ field: 'body', code: 'required', message: 'names nothing to change' }]);
    }
    if (command.unitId) await this.assertUnitExists(command.unitId);
    // Reactivated where they are: their unit must still be active too.
    else if (command.active === true && !current.active) await this.assertUnitExists(current.unitId);
    const changes: UserChanges = {
      displayName: command.displayName,
      unitId: command.unitId,
      roles: command.roles ? [...new Set(command.roles)] : undefined,
      active: command.active,
      passwordHash: command.password ? await this.hasher.hash(command.password) : undefined,
    };
    return this.transactions.run(async (runner) => {
      // Before and after from the locked row: a concurrent change cannot slip between them unrecorded.
      const locked = await this.users.lockById(id, runner);
      if (!locked) throw DomainError.notFound('user');
      const rolesChanged = changes.roles !== undefined && [...changes.roles].sort().join() !== [...locked.roles].sort().join();
      const endSessions = changes.passwordHash !== undefined || changes.active === false || rolesChanged;
      const updated = await this.users.update(id, { ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)), endSessions }, runner);
      await this.trail.record(runner, userChanges(locked, updated, changes.passwordHash !== undefined).map((c) => ({ ...c, ...by })));
      return updated;
    });
  }

  private async assertUnitExists(unitId: string): Promise<void> {
    const unit = await this.units.findById(unitId);
    if (!unit) throw DomainError.validation([{ field: 'unitId', code: 'not_found', message: 'no unit with this id' }]);
    if (!unit.active) throw DomainError.validation([{ field: 'unitId', code: 'conflict', message: 'this unit is deactivated' }]);
  }
}

/** What the admin chain keeps of a user: never the password hash. */
function userFacts(user: UserEntity): Record<string, unknown> {
  return { username: user.username, displayName: user.displayName, unitId: user.unitId, roles: [...user.roles].sort(), active: user.active };
}

/** One admin event per kind of change a PATCH made, so a role grant is found as ROLES_CHANGED. */
function userChanges(before: UserEntity, after: UserEntity, passwordReset: boolean): Omit<AdminChange, 'actor' | 'correlationId'>[] {
  const subject = { type: 'user' as const, id: after.id };
  const out: Omit<AdminChange, 'actor' | 'correlationId'>[] = [];
  const was = userFacts(before);
  const now = userFacts(after);
  if (was.displayName !== now.displayName || was.unitId !== now.unitId) {
    out.push({ type: 'USER_UPDATED', subject, before: { displayName: was.displayName, unitId: was.unitId }, after: { displayName: now.displayName, unitId: now.unitId } });
  }
  const roles = (u: Record<string, unknown>) => u.roles as string[];
  if (roles(was).join() !== roles(now).join()) {
    out.push({
      type: 'ROLES_CHANGED',
      subject,
      before: { roles: roles(was) },
      after: { roles: roles(now), granted: roles(now).filter((r) => !roles(was).includes(r)), removed: roles(was).filter((r) => !roles(now).includes(r)) },
    });
  }
  if (was.active !== now.active) out.push({ type: now.active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED', subject, before: { active: was.active }, after: { active: now.active } });
  if (passwordReset) out.push({ type: 'PASSWORD_RESET', subject, before: null, after: null });
  return out;
}
