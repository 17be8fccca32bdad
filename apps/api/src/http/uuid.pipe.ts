import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@app/workflow';

/** Path ids must be UUIDs; anything else is a 400 naming the parameter, never a database error. */
export const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () => DomainError.validation([{ field: 'id', code: 'invalid_format', message: 'id must be a UUID' }]),
});
