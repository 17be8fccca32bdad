import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, type ChangeContext, Role } from '@app/workflow';

export const IS_PUBLIC = 'rectify:public';
export const REQUIRED_ROLES = 'rectify:roles';

/** The route needs no bearer token (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export type AuthenticatedRequest = Request & { actor?: Actor; id?: string };

/** The authenticated caller, set by the AuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route');
  return actor;
});

/** The request's correlation id (X-Request-Id), for the audit trail. */
export const CorrelationId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string => String(ctx.switchToHttp().getRequest<AuthenticatedRequest>().id ?? ''),
);

/** Who makes an admin change and in which request: what the admin chain records with it. */
export const ChangedBy = createParamDecorator((_: unknown, ctx: ExecutionContext): ChangeContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('ChangedBy used on a public route');
  return { actor: request.actor, correlationId: String(request.id ?? '') };
});
