import { Injectable } from '@nestjs/common';
import { UserEntity } from '../persistence/user.entity';
import { UserRepository } from '../persistence/user.repository';

/** How long a deactivation or role change may take to reach a token already issued. */
export const USER_STATUS_TTL_MS = 15_000;

/** Users as the request guard needs them, cached for USER_STATUS_TTL_MS. */
@Injectable()
export class UserDirectory {
  private readonly cache = new Map<string, { user: Promise<UserEntity | null>; at: number }>();

  constructor(private readonly users: UserRepository) {}

  get(id: string): Promise<UserEntity | null> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at <= USER_STATUS_TTL_MS) return hit.user;
    const user = this.users.findById(id);
    this.cache.set(id, { user, at: Date.now() });
    user.catch(() => this.cache.delete(id));
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return user;
  }

  invalidate(id: string): void {
    this.cache.delete(id);
  }
}
