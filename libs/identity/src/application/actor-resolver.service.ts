import { Injectable } from '@nestjs/common';
import { Actor, DomainError, ErrorCode, scopeFor } from '@app/workflow';
import { TokenService } from './token.service';
import { UnitDirectory } from './unit-directory.service';
import { UserDirectory } from './user-directory.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Bearer token → the acting user with fresh roles, unit and case scope. */
@Injectable()
export class ActorResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UserDirectory,
    private readonly units: UnitDirectory,
  ) {}

  async fromToken(token: string): Promise<Actor> {
    const claims = this.tokens.verify(token);
    return this.forUser(claims.sub);
  }

  /** The actor for a user id (tokens, and server-side work done on someone's behalf such as seeding). */
  async forUser(userId: string): Promise<Actor> {
    const user = UUID.test(userId) ? await this.users.get(userId) : null;
    if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'the token names no known user');
    if (!user.active) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'this account is deactivated');
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
