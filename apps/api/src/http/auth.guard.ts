import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ActorResolver } from '@app/identity';
import { DomainError, ErrorCode, Role } from '@app/workflow';
import { AuthenticatedRequest, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

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
    const header = request.headers.authorization;
    if (!header) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'missing bearer token');
    const match = BEARER.exec(header);
    if (!match) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'malformed Authorization header; expected "Bearer <token>"');
    request.actor = await this.actors.fromToken(match[1]);

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((role) => request.actor!.roles.includes(role))) {
      throw DomainError.forbidden(`this action needs one of the roles: ${required.join(', ')}`, { rule: 'role', requiredRoles: required });
    }
    return true;
  }
}
