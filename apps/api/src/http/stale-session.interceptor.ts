import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, defer, Observable, switchMap, throwError } from 'rxjs';
import { ActorResolver, StaleSessionError } from '@app/identity';
import type { AuthenticatedRequest } from './auth.decorators';
import { bearerToken } from './bearer-token';

/** A request whose user changed while it ran starts again, once, with the user read afresh. */
@Injectable()
export class StaleSessionRetry implements NestInterceptor {
  constructor(private readonly actors: ActorResolver) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof StaleSessionError)) return throwError(() => error);
        const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
        return defer(async () => {
          request.actor = await this.actors.fromToken(bearerToken(request));
          request.sessionCheck = undefined;
        }).pipe(switchMap(() => next.handle()));
      }),
    );
  }
}
