import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '@app/workflow';

/** `If-Match: 3` (or `"3"`, `W/"3"`): the case version the client last saw. */
export const IfMatchVersion = createParamDecorator((_: unknown, ctx: ExecutionContext): number | undefined => {
  const raw = ctx.switchToHttp().getRequest<Request>().headers['if-match'];
  if (raw === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(String(raw));
  if (!match) throw DomainError.validation([{ field: 'If-Match', code: 'invalid_format', message: 'must be the case version, a whole number' }]);
  return Number(match[1]);
});

const KEY = /^[\x21-\x7e]{1,200}$/;

/** `Idempotency-Key`: 1–200 visible ASCII characters chosen by the client. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const raw = ctx.switchToHttp().getRequest<Request>().headers['idempotency-key'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY.test(raw)) {
    throw DomainError.validation([{ field: 'Idempotency-Key', code: 'invalid_format', message: 'must be 1–200 visible ASCII characters' }]);
  }
  return raw;
});
