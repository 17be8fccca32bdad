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

/**
 * What is wrong with a field, as a stable code a client maps to its own words (the message is
 * English, for people and logs).
 */
export const FIELD_ERROR_CODES = [
  /** Missing, or null where a value is needed. */
  'required',
  /** Not a string, number, boolean, list or object as the field needs. */
  'invalid_type',
  /** Not a UUID, username, code, duration… of the expected form. */
  'invalid_format',
  /** Not a date (or date-time) of the accepted forms, or not a real day. */
  'invalid_date',
  /** Not one of the listed values. */
  'not_in_list',
  'too_long',
  'too_short',
  'too_large',
  'too_small',
  /** A field the request does not accept. */
  'unknown_field',
  /** Names a unit, user or case that does not exist (for this caller). */
  'not_found',
  /** A deadline that has already passed, or not later than the current one. */
  'not_in_future',
  /** Already taken (a username, a unit code). */
  'taken',
  /** Valid alone, but not together with the rest of the request or the case. */
  'conflict',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldError {
  field: string;
  code: FieldErrorCode;
  message: string;
}

export type RefusedInputStatus = 409 | 413 | 415 | 422;

const detailOf = (errors: FieldError[]) => errors.map((e) => `${e.field}: ${e.message}`).join('; ');

/** An expected refusal, raised by domain and application code; never an HTTP exception. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members of the problem body (e.g. allowedEvents, currentVersion). */
    readonly extensions: Record<string, unknown> = {},
    readonly errors?: FieldError[],
    /**
     * A status other than the code's own, for input refused as a whole: 409 (already taken, e.g. a
     * file imported before), 413 (too large), 415 (a type not accepted), 422 (rows with errors).
     */
    readonly status?: RefusedInputStatus,
  ) {
    super(message);
  }

  /** A file or body refused as input, with the HTTP status that says why. */
  static refusedContent(status: RefusedInputStatus, errors: FieldError[], extensions: Record<string, unknown> = {}): DomainError {
    return new DomainError(ErrorCode.VALIDATION_FAILED, detailOf(errors), extensions, errors, status);
  }

  static validation(errors: FieldError[]): DomainError {
    return new DomainError(ErrorCode.VALIDATION_FAILED, detailOf(errors), {}, errors);
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static forbidden(message: string, extensions: Record<string, unknown> = {}): DomainError {
    return new DomainError(ErrorCode.FORBIDDEN, message, extensions);
  }
}
