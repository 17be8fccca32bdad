import type { z } from 'zod';
import { DomainError, FieldError, FieldErrorCode } from '../errors';

type Issue = z.core.$ZodIssue;

/** The stable code of a zod issue (the message stays zod's or the schema's own). */
function codeOf(issue: Issue): FieldErrorCode {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? 'required' : 'invalid_type';
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set' ? 'too_long' : 'too_large';
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return 'required';
      return issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set' ? 'too_short' : 'too_small';
    case 'invalid_value':
    case 'invalid_union':
      return 'not_in_list';
    case 'invalid_format':
      return issue.format === 'date' || issue.format === 'datetime' ? 'invalid_date' : 'invalid_format';
    case 'unrecognized_keys':
      return 'unknown_field';
    case 'custom':
      return (issue.params?.code as FieldErrorCode | undefined) ?? 'conflict';
    default:
      return 'invalid_format';
  }
}

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: path ? `${path}.${key}` : key, code: 'unknown_field' as const, message: 'is not an accepted field' }));
    }
    return [{ field: path || 'body', code: codeOf(issue), message: issue.message }];
  });
}

/** Parses with a zod schema or throws VALIDATION_FAILED naming every failing field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw DomainError.validation(fieldErrors(result.error, prefix));
  return result.data;
}
