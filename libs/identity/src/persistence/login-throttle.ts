import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { IDENTITY_OPTIONS, IdentityOptions } from '../identity.options';

/** Each IP may fail this many times more than a single username before it is held back too. */
const IP_ALLOWANCE_FACTOR = 4;

/** Failed logins per username and per IP, counted in PostgreSQL so every API process sees them. */
@Injectable()
export class LoginThrottle implements OnModuleInit {
  private byUsername!: RateLimiterPostgres;
  private byIp!: RateLimiterPostgres;

  constructor(
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

  /** Milliseconds until the username or the IP may try again; 0 when neither is held back. */
  async heldBackMs(userKey: string, ip: string): Promise<number> {
    const [u, i] = await Promise.all([this.byUsername.get(userKey), this.byIp.get(ip)]);
    const blocked = [
      { res: u, limit: this.byUsername.points },
      { res: i, limit: this.byIp.points },
    ].filter(({ res, limit }) => res && res.consumedPoints >= limit);
    return blocked.length ? Math.max(...blocked.map((b) => b.res!.msBeforeNext)) : 0;
  }

  async recordFailure(userKey: string, ip: string): Promise<void> {
    await Promise.all([consume(this.byUsername, userKey), consume(this.byIp, ip)]);
  }

  async clear(userKey: string): Promise<void> {
    await this.byUsername.delete(userKey);
  }
}

async function consume(limiter: RateLimiterPostgres, key: string): Promise<void> {
  await limiter.consume(key).catch((rejection: unknown) => {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  });
}
