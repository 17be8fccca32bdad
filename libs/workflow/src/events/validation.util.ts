import type { z } from 'zod';
import { DomainError, FieldError } from '../errors';

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: path ? `${path}.${key}` : key, message: 'is not an accepted field' }));
    }
    return [{ field: path || 'body', message: issue.message }];
  });
}

/** Parses with a zod schema or throws VALIDATION_FAILED naming every failing field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw DomainError.validation(fieldErrors(result.error, prefix));
  return result.data;
}
