import type { UserEntity } from '@app/identity';

/** A user as the API shows it: never the password or its hash. */
export function toUserResponse(user: UserEntity) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    unitId: user.unitId,
    roles: user.roles,
    active: user.active,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
