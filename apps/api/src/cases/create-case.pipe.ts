import { Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CASE_KINDS, DomainError } from '@app/workflow';
import { flattenValidationErrors } from '../http/validation.pipe';
import { CREATE_CASE_REQUESTS, CreateCaseRequest } from './dto/create-case.request';

/** Picks the request class by `kind`, then validates like every other body (unknown fields refused). */
@Injectable()
export class CreateCasePipe implements PipeTransform<unknown, Promise<CreateCaseRequest>> {
  async transform(body: unknown): Promise<CreateCaseRequest> {
    const kind = (body as { kind?: unknown } | null)?.kind;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw DomainError.validation([{ field: 'body', code: 'invalid_type', message: 'must be a JSON object' }]);
    }
    if (typeof kind !== 'string' || !(kind in CREATE_CASE_REQUESTS)) {
      throw DomainError.validation([{ field: 'kind', code: 'not_in_list', message: `must be one of: ${CASE_KINDS.join(', ')}` }]);
    }
    const type = CREATE_CASE_REQUESTS[kind as keyof typeof CREATE_CASE_REQUESTS] as new () => CreateCaseRequest;
    const request = plainToInstance(type, body as object);
    const errors = await validate(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length) throw DomainError.validation(flattenValidationErrors(errors));
    return request;
  }
}
