import { Injectable } from '@nestjs/common';
import { type HeldBackRead, SettingsVersions } from '@app/database';
import { Actor, DomainError, ErrorCode, scopeFor } from '@app/workflow';
import { SessionUser, sessionUserQuery, UserRepository } from '../persistence/user.repository';
import { TokenService } from './token.service';
import { UnitDirectory } from './unit-directory.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unauthenticated = (detail: string) => new DomainError(ErrorCode.UNAUTHENTICATED, detail);
const SESSION_ENDED = 'this session has ended (the password, roles or account changed); sign in again';

/**
 * The user, roles or settings changed after the actor was made from this process's copy: the
 * request must start again with a fresh one (see ActorResolver.fromTokenCheckedLater).
 */
export class StaleSessionError extends Error {
  constructor() {
    super('the session user changed since it was last read; start the request again');
  }
}

/** An actor made without reading the database yet, and the read that confirms it inside the request's transaction. */
export interface ProvisionalActor {
  actor: Actor;
  confirm: HeldBackRead;
}

/** Bearer token → the acting user with fresh roles, unit and case scope. */
@Injectable()
export class ActorResolver {
  /** The session users this process last read, so a route that reads its user in its own transaction can start from them. */
  private readonly lastRead = new Map<string, SessionUser>();

  constructor(
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
    private readonly units: UnitDirectory,
    private readonly settings: SettingsVersions,
  ) {}

  async fromToken(token: string): Promise<Actor> {
    const claims = this.tokens.verify(token);
    const user = await this.activeUser(claims.sub);
    if (claims.tokenVersion !== undefined && claims.tokenVersion !== user.tokenVersion) throw unauthenticated(SESSION_ENDED);
    return this.actorOf(user);
  }

  /**
   * For a route whose work is one transaction: the actor from the user as this process last read
   * it, with the read that must agree inside that transaction (it travels with the transaction's
   * first statement, so it costs no round trip of its own). The read sees every change committed
   * before it: an ended session is refused there; any other change throws StaleSessionError, and
   * the request starts again with a fresh read. Null when this process has not read the user yet.
   */
  async fromTokenCheckedLater(token: string): Promise<ProvisionalActor | null> {
    const claims = this.tokens.verify(token);
    const user = this.lastRead.get(claims.sub);
    if (!user || (claims.tokenVersion !== undefined && claims.tokenVersion !== user.tokenVersion)) return null;
    const seen = JSON.stringify(user);
    return {
      actor: await this.actorOf(user),
      confirm: {
        query: sessionUserQuery(user.id),
        check: (rows) => {
          const now = rows[0] as SessionUser | undefined;
          if (now && JSON.stringify(now) === seen) return;
          this.lastRead.delete(user.id);
          if (!now) throw unauthenticated('the token names no known user');
          if (!now.active) throw unauthenticated('this account is deactivated');
          if (claims.tokenVersion !== undefined && claims.tokenVersion !== now.tokenVersion) throw unauthenticated(SESSION_ENDED);
          throw new StaleSessionError();
        },
      },
    };
  }

  /** The actor for a user id (server-side work done on someone's behalf, such as seeding). */
  async forUser(userId: string): Promise<Actor> {
    return this.actorOf(await this.activeUser(userId));
  }

  private async activeUser(userId: string): Promise<SessionUser> {
    const user = UUID.test(userId) ? await this.users.findSessionUser(userId) : null;
    if (!user?.active) {
      this.lastRead.delete(userId);
      throw unauthenticated(user ? 'this account is deactivated' : 'the token names no known user');
    }
    await this.settings.observe(user.settings);
    this.lastRead.set(user.id, user);
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
