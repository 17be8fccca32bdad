import { ErrorCode, FieldError } from '@app/workflow';

/** An RFC 9457 problem body as the API contract shapes it (DESIGN.md §5). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  errorId?: string;
  [extension: string]: unknown;
}

const TITLES: Record<ErrorCode, string> = {
  [ErrorCode.VALIDATION_FAILED]: 'Validation failed',
  [ErrorCode.UNAUTHENTICATED]: 'Authentication required',
  [ErrorCode.FORBIDDEN]: 'Forbidden',
  [ErrorCode.NOT_FOUND]: 'Not found',
  [ErrorCode.INVALID_TRANSITION]: 'Invalid transition',
  [ErrorCode.VERSION_CONFLICT]: 'Version conflict',
  [ErrorCode.IDEMPOTENCY_MISMATCH]: 'Idempotency key reused with another request',
  [ErrorCode.RATE_LIMITED]: 'Too many requests',
  [ErrorCode.UNAVAILABLE]: 'Service unavailable',
  [ErrorCode.INTERNAL]: 'Internal error',
};

function assertUnreachable(value: never): never {
  throw new Error(`unmapped error code ${String(value)}`);
}

export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.VERSION_CONFLICT:
      return 409;
    case ErrorCode.IDEMPOTENCY_MISMATCH:
      return 422;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.UNAVAILABLE:
      return 503;
    case ErrorCode.INTERNAL:
      return 500;
    default:
      return assertUnreachable(code);
  }
}

export function problem(
  code: ErrorCode,
  detail: string,
  extra: { status?: number; title?: string; errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
): Problem {
  return {
    ...extra.extensions,
    type: `urn:rectify:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: extra.title ?? TITLES[code],
    status: extra.status ?? statusOf(code),
    code,
    detail,
    ...(extra.errors ? { errors: extra.errors } : {}),
  };
}
