/** The error codes of the API contract (DESIGN.md §5); the HTTP edge maps each to one status. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  IDEMPOTENCY_MISMATCH = 'IDEMPOTENCY_MISMATCH',
  RATE_LIMITED = 'RATE_LIMITED',
  UNAVAILABLE = 'UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export interface FieldError {
  field: string;
  message: string;
}

/** An expected refusal, raised by domain and application code; never an HTTP exception. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members of the problem body (e.g. allowedEvents, currentVersion). */
    readonly extensions: Record<string, unknown> = {},
    readonly errors?: FieldError[],
  ) {
    super(message);
  }

  static validation(errors: FieldError[]): DomainError {
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return new DomainError(ErrorCode.VALIDATION_FAILED, detail, {}, errors);
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static forbidden(message: string, extensions: Record<string, unknown> = {}): DomainError {
    return new DomainError(ErrorCode.FORBIDDEN, message, extensions);
  }
}
