import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryRunner, Raw, Repository } from 'typeorm';
import { runPrepared, SETTINGS_STAMP_COLUMN, type SettingsStamp, type SqlQuery } from '@app/database';
import type { Role } from '@app/workflow';
import { UserEntity } from './user.entity';

/** What every request needs to know of its user. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  active: boolean;
  tokenVersion: number;
  /** The cached settings' versions at the moment the user was read. */
  settings: SettingsStamp | null;
}

export type NewUser = Pick<UserEntity, 'username' | 'displayName' | 'unitId' | 'roles' | 'active' | 'passwordHash'>;
export type UserChanges = Partial<Pick<UserEntity, 'displayName' | 'unitId' | 'roles' | 'active' | 'passwordHash'>> & {
  /** Ends every session of the user (their tokens carry the old version). */
  endSessions?: boolean;
};

/** The session user and the settings' versions, read together (see findSessionUser). */
export function sessionUserQuery(id: string): SqlQuery {
  return [
    `SELECT id, username, display_name AS "displayName", unit_id AS "unitId", roles, active, token_version AS "tokenVersion",
            ${SETTINGS_STAMP_COLUMN}
     FROM users WHERE id = $1`,
    [id],
  ];
}

const byUsername = (username: string) => ({ username: Raw((column) => `lower(${column}) = lower(:username)`, { username }) });

@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findAll(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** Active users of these units, by display name: whom a case of theirs can be given to. */
  activeIn(unitIds: readonly string[]): Promise<Pick<UserEntity, 'id' | 'displayName' | 'unitId'>[]> {
    return this.users.query(
      `SELECT id, display_name AS "displayName", unit_id AS "unitId" FROM users
       WHERE active AND unit_id = ANY($1::uuid[]) ORDER BY display_name, username`,
      [unitIds],
    );
  }

  async idsByName(name: string): Promise<string[]> {
    const rows: { id: string }[] = await this.users.query(`SELECT id FROM users WHERE lower(username) = lower($1) OR display_name = $1 ORDER BY id`, [name.trim()]);
    return rows.map((r) => r.id);
  }

  /** Display names by id (names on a case page). */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; displayName: string }[] = await this.users.query(`SELECT id, display_name AS "displayName" FROM users WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }

  /** The row, locked until the caller's transaction ends: what an admin change is computed from. */
  lockById(id: string, runner: QueryRunner): Promise<UserEntity | null> {
    return this.on(runner).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Case-insensitive. */
  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy(byUsername(username));
  }

  /** Case-insensitive, with the password hash (for login only). */
  findForLogin(username: string): Promise<UserEntity | null> {
    return this.users.findOne({
      where: byUsername(username),
      select: { id: true, username: true, displayName: true, unitId: true, roles: true, active: true, passwordHash: true, tokenVersion: true },
    });
  }

  async usernameTaken(username: string): Promise<boolean> {
    return this.users.exists({ where: byUsername(username) });
  }

  /** The repository itself, or the same on the caller's transaction. */
  private on(runner?: QueryRunner): Repository<UserEntity> {
    return runner ? runner.manager.getRepository(UserEntity) : this.users;
  }

  async create(user: NewUser, runner?: QueryRunner): Promise<UserEntity> {
    const users = this.on(runner);
    const saved = await users.save(users.create(user));
    return users.findOneByOrFail({ id: saved.id });
  }

  /**
   * Read on every request, never trusted from memory: a revoked session must end on every process
   * at once. The settings' versions come with it, so a request sees every change committed before
   * it began. (A route that does its work in one transaction reads it there instead: see
   * ActorResolver.fromTokenCheckedLater.)
   */
  async findSessionUser(id: string): Promise<SessionUser | null> {
    const [row] = await runPrepared<SessionUser>(this.users.manager.connection, sessionUserQuery(id));
    return row ?? null;
  }

  /** The unit and active flag of a user a case may be assigned to; on the caller's transaction when given one. */
  async findAssignable(id: string, runner?: QueryRunner): Promise<{ unitId: string; active: boolean } | null> {
    const [row] = await runPrepared<{ unitId: string; active: boolean }>(runner ?? this.users.manager.connection, [
      `SELECT unit_id AS "unitId", active FROM users WHERE id = $1`,
      [id],
    ]);
    return row ?? null;
  }

  async update(id: string, { endSessions, ...changes }: UserChanges, runner?: QueryRunner): Promise<UserEntity> {
    const users = this.on(runner);
    await users.update({ id }, endSessions ? { ...changes, tokenVersion: () => 'token_version + 1' } : changes);
    return users.findOneByOrFail({ id });
  }
}
