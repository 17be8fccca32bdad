import { Injectable } from '@nestjs/common';
import { SettingsVersions } from '@app/database';
import { Actor, DomainError, ErrorCode, scopeFor } from '@app/workflow';
import { SessionUser, UserRepository } from '../persistence/user.repository';
import { TokenService } from './token.service';
import { UnitDirectory } from './unit-directory.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unauthenticated = (detail: string) => new DomainError(ErrorCode.UNAUTHENTICATED, detail);

/** Bearer token → the acting user with fresh roles, unit and case scope. */
@Injectable()
export class ActorResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
    private readonly units: UnitDirectory,
    private readonly settings: SettingsVersions,
  ) {}

  async fromToken(token: string): Promise<Actor> {
    const claims = this.tokens.verify(token);
    const user = await this.activeUser(claims.sub);
    if (claims.tokenVersion !== undefined && claims.tokenVersion !== user.tokenVersion) {
      throw unauthenticated('this session has ended (the password, roles or account changed); sign in again');
    }
    return this.actorOf(user);
  }

  /** The actor for a user id (server-side work done on someone's behalf, such as seeding). */
  async forUser(userId: string): Promise<Actor> {
    return this.actorOf(await this.activeUser(userId));
  }

  private async activeUser(userId: string): Promise<SessionUser> {
    const user = UUID.test(userId) ? await this.users.findSessionUser(userId) : null;
    if (!user) throw unauthenticated('the token names no known user');
    if (!user.active) throw unauthenticated('this account is deactivated');
    await this.settings.observe(user.settings);
    return user;
  }

  private async actorOf(user: SessionUser): Promise<Actor> {
    const tree = await this.units.tree();
    const unitSubtree = tree.subtreeIds(user.unitId);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      unitId: user.unitId,
      scope: scopeFor(user.roles, unitSubtree),
      unitSubtree,
    };
  }
}
