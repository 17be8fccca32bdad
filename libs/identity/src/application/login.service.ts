import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, Role } from '@app/workflow';
import { LoginThrottle } from '../persistence/login-throttle';
import { UserRepository } from '../persistence/user.repository';
import { PasswordHasher } from './password-hasher.service';
import { TokenService } from './token.service';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; username: string; displayName: string; unitId: string; roles: Role[] };
}

const BAD_CREDENTIALS = 'username or password is incorrect';

@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const userKey = username.toLowerCase();
    await this.assertNotThrottled(userKey, ip);
    const user = await this.users.findForLogin(username);
    const valid = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !valid || !user.active) {
      await this.throttle.recordFailure(userKey, ip);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, BAD_CREDENTIALS);
    }
    await this.throttle.clear(userKey);
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
    const waitMs = await this.throttle.heldBackMs(userKey, ip);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new DomainError(ErrorCode.RATE_LIMITED, `too many failed logins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
  }
}
