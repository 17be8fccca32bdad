import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type FieldError } from '@app/workflow';

export const MAX_BODY_DEPTH = 32;

// A UTF-16 half without its other half: PostgreSQL's jsonb refuses it, while text columns
// would silently store U+FFFD in its place.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses request bodies PostgreSQL or the validators cannot take: NUL characters (text and jsonb
 * refuse them), text that is not valid Unicode (lone surrogates), keys that name Object.prototype
 * members (`__proto__`, `constructor`, … which class-transformer skips, so they would slip past "unknown fields are refused"), and nesting
 * deeper than MAX_BODY_DEPTH. Iterative, so hostile depth costs no stack.
 */
@Injectable()
export class BodyGuardMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const problem = inspect(req.body, 'body') ?? inspect(req.query, 'query');
    next(problem ? DomainError.validation([problem]) : undefined);
  }
}

function inspect(root: unknown, rootName: string): FieldError | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    const field = path || rootName;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field, code: 'invalid_format', message: 'must not contain NUL characters' };
      if (LONE_SURROGATE.test(value)) return { field, code: 'invalid_format', message: 'must be valid Unicode text (it contains a lone surrogate)' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return { field, code: 'too_large', message: `is nested more than ${MAX_BODY_DEPTH} levels deep` };
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key.includes('\u0000')) return { field, code: 'invalid_format', message: 'has a key with NUL characters' };
      if (LONE_SURROGATE.test(key)) return { field, code: 'invalid_format', message: 'has a key that is not valid Unicode text' };
      if (key in Object.prototype) return { field: path ? `${path}.${key}` : key, code: 'unknown_field', message: 'is not an accepted field' };
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
}
