import { UserEntity } from '../persistence/user.entity';
import { UserRepository } from '../persistence/user.repository';
import { USER_STATUS_TTL_MS, UserDirectory } from './user-directory.service';

describe('UserDirectory', () => {
  const user = (active: boolean) => ({ id: 'u1', active }) as UserEntity;

  afterEach(() => jest.useRealTimers());

  it('sees a deactivation made by another process within the TTL, well under a minute', async () => {
    jest.useFakeTimers({ now: 0 });
    const findById = jest.fn().mockResolvedValueOnce(user(true)).mockResolvedValueOnce(user(false));
    const directory = new UserDirectory({ findById } as unknown as UserRepository);

    expect((await directory.get('u1'))!.active).toBe(true);
    jest.setSystemTime(USER_STATUS_TTL_MS - 1);
    expect((await directory.get('u1'))!.active).toBe(true);
    expect(findById).toHaveBeenCalledTimes(1);

    jest.setSystemTime(USER_STATUS_TTL_MS + 1);
    expect((await directory.get('u1'))!.active).toBe(false);
    expect(findById).toHaveBeenCalledTimes(2);
    expect(USER_STATUS_TTL_MS).toBeLessThanOrEqual(60_000);
  });

  it('forgets a user at once when this process changes them', async () => {
    const findById = jest.fn().mockResolvedValueOnce(user(true)).mockResolvedValueOnce(user(false));
    const directory = new UserDirectory({ findById } as unknown as UserRepository);
    await directory.get('u1');
    directory.invalidate('u1');
    expect((await directory.get('u1'))!.active).toBe(false);
  });
});
