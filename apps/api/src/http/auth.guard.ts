import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ActorResolver } from '@app/identity';
import { DomainError, Role } from '@app/workflow';
import { bearerToken } from './bearer-token';
import { AuthenticatedRequest, IS_PUBLIC, REQUIRED_ROLES, SESSION_READ_IN_TRANSACTION } from './auth.decorators';

/** Every route needs a valid bearer token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request);
    const provisional = this.reflector.getAllAndOverride<boolean>(SESSION_READ_IN_TRANSACTION, targets) ? await this.actors.fromTokenCheckedLater(token) : null;
    request.actor = provisional?.actor ?? (await this.actors.fromToken(token));
    request.sessionCheck = provisional?.confirm;

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => request.actor!.roles.includes(role))) {
      throw DomainError.forbidden(`this action needs one of the roles: ${required.join(', ')}`, { rule: 'role', requiredRoles: required });
    }
    return true;
  }
}
