import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode, Role } from '@app/workflow';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';
import { UserRepository } from '../persistence/user.repository';
import { PasswordHasher } from './password-hasher.service';
import { TokenService } from './token.service';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; username: string; displayName: string; unitId: string; roles: Role[] };
}

/** Each IP may fail this many times more than a single username before it is held back too. */
const IP_ALLOWANCE_FACTOR = 4;

const BAD_CREDENTIALS = 'username or password is incorrect';

@Injectable()
export class LoginService implements OnModuleInit {
  private byUsername!: RateLimiterPostgres;
  private byIp!: RateLimiterPostgres;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly dataSource: DataSource,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  onModuleInit(): void {
    const { loginMaxFailures, loginLockSeconds } = this.options.auth;
    const common = {
      storeClient: this.dataSource,
      storeType: 'typeorm',
      tableName: 'login_throttle',
      tableCreated: true,
      clearExpiredByTimeout: false,
      duration: loginLockSeconds,
    };
    this.byUsername = new RateLimiterPostgres({ ...common, keyPrefix: 'user', points: loginMaxFailures });
    this.byIp = new RateLimiterPostgres({ ...common, keyPrefix: 'ip', points: loginMaxFailures * IP_ALLOWANCE_FACTOR });
  }

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const userKey = username.toLowerCase();
    await this.assertNotThrottled(userKey, ip);
    const user = await this.users.findForLogin(username);
    const valid = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !valid || !user.active) {
      await Promise.all([this.fail(this.byUsername, userKey), this.fail(this.byIp, ip)]);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, BAD_CREDENTIALS);
    }
    await this.byUsername.delete(userKey);
    const accessToken = this.tokens.issue({
      sub: user.id,
      roles: user.roles,
      unitId: user.unitId,
      username: user.username,
      tokenVersion: user.tokenVersion,
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.tokens.expiresInSeconds,
      user: { id: user.id, username: user.username, displayName: user.displayName, unitId: user.unitId, roles: user.roles },
    };
  }

  private async assertNotThrottled(userKey: string, ip: string): Promise<void> {
    const [u, i] = await Promise.all([this.byUsername.get(userKey), this.byIp.get(ip)]);
    const blocked = [
      { res: u, limit: this.byUsername.points },
      { res: i, limit: this.byIp.points },
    ].filter(({ res, limit }) => res && res.consumedPoints >= limit);
    if (blocked.length) {
      const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...blocked.map((b) => b.res!.msBeforeNext)) / 1000));
      throw new DomainError(ErrorCode.RATE_LIMITED, `too many failed logins; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    }
  }

  private async fail(limiter: RateLimiterPostgres, key: string): Promise<void> {
    await limiter.consume(key).catch((rejection: unknown) => {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    });
  }
}
