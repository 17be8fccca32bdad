import type { Request } from 'express';
import { DomainError, ErrorCode } from '@app/workflow';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** The token of the Authorization header, or 401 saying what is wrong with the header. */
export function bearerToken(request: Pick<Request, 'headers'>): string {
  const header = request.headers.authorization;
  if (!header) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'missing bearer token');
  const match = BEARER.exec(header);
  if (!match) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'malformed Authorization header; expected "Bearer <token>"');
  return match[1];
}
