import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import type { HeldBackRead } from '@app/database';
import { Actor, type ChangeContext, Role } from '@app/workflow';
import { StaleSessionRetry } from './stale-session.interceptor';

export const IS_PUBLIC = 'rectify:public';
export const REQUIRED_ROLES = 'rectify:roles';

/** The route needs no bearer token (login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const SESSION_READ_IN_TRANSACTION = 'rectify:session-read-in-transaction';

/**
 * The route does its work in one transaction that reads the session user itself (SessionCheck):
 * the guard starts from this process's last read of the user instead of reading it again, and a
 * request whose user changed meanwhile starts again with a fresh read.
 */
export const SessionReadInTransaction = () => applyDecorators(SetMetadata(SESSION_READ_IN_TRANSACTION, true), UseInterceptors(StaleSessionRetry));

export type AuthenticatedRequest = Request & { actor?: Actor; id?: string; sessionCheck?: HeldBackRead };

/** The read that confirms the actor inside the route's transaction (see SessionReadInTransaction); none on other routes. */
export const SessionCheck = createParamDecorator((_: unknown, ctx: ExecutionContext): HeldBackRead | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().sessionCheck);

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
