import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Raw, Repository } from 'typeorm';
import { UserEntity } from './user.entity';

export type NewUser = Pick<UserEntity, 'username' | 'displayName' | 'unitId' | 'roles' | 'active' | 'passwordHash'>;
export type UserChanges = Partial<Pick<UserEntity, 'displayName' | 'unitId' | 'roles' | 'active' | 'passwordHash'>>;

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

  /** Case-insensitive. */
  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy(byUsername(username));
  }

  /** Case-insensitive, with the password hash (for login only). */
  findForLogin(username: string): Promise<UserEntity | null> {
    return this.users.findOne({
      where: byUsername(username),
      select: { id: true, username: true, displayName: true, unitId: true, roles: true, active: true, passwordHash: true },
    });
  }

  async usernameTaken(username: string): Promise<boolean> {
    return this.users.exists({ where: byUsername(username) });
  }

  async create(user: NewUser): Promise<UserEntity> {
    const saved = await this.users.save(this.users.create(user));
    return this.users.findOneByOrFail({ id: saved.id });
  }

  async update(id: string, changes: UserChanges): Promise<UserEntity> {
    await this.users.update({ id }, changes);
    return this.users.findOneByOrFail({ id });
  }
}
