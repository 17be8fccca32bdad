import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError, FieldErrorCode } from '@app/workflow';

/** class-validator's constraint names, as the API's stable field error codes. */
const CODES: Record<string, FieldErrorCode> = {
  whitelistValidation: 'unknown_field',
  isDefined: 'required',
  isString: 'invalid_type',
  isInt: 'invalid_type',
  isNumber: 'invalid_type',
  isBoolean: 'invalid_type',
  isArray: 'invalid_type',
  isObject: 'invalid_type',
  isUuid: 'invalid_format',
  matches: 'invalid_format',
  isEmail: 'invalid_format',
  isIn: 'not_in_list',
  isEnum: 'not_in_list',
  arrayUnique: 'conflict',
  isIso8601: 'invalid_date',
  isDateString: 'invalid_date',
  maxLength: 'too_long',
  arrayMaxSize: 'too_long',
  minLength: 'too_short',
  arrayMinSize: 'too_short',
  max: 'too_large',
  min: 'too_small',
};

function codeOf(constraint: string, message: string, e: ValidationError): FieldErrorCode {
  if (constraint === 'whitelistValidation') return 'unknown_field';
  if (e.value === undefined || e.value === null || e.value === '') return 'required';
  if (constraint === 'isLength') return /longer than/.test(message) ? 'too_short' : 'too_long';
  return CODES[constraint] ?? 'invalid_format';
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, message]) => ({ field, code: codeOf(constraint, message, e), message }));
    return own.concat(flattenValidationErrors(e.children ?? [], field));
  });
}

/** class-validator at the edge: unknown properties refused, every failing field named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // The value is read to tell a missing field from a wrong one; it is never echoed back.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => DomainError.validation(flattenValidationErrors(errors)),
  });
}
