import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { z } from 'zod';
import { contract } from './response-schemas';

const REASONS: Record<number, string> = {
  400: 'the request is malformed or a field is invalid (errors name each field)',
  401: 'no valid token',
  403: 'the role or the unit scope does not allow it',
  404: 'no such resource for this caller',
  409: 'the event is not allowed in the current state, the version is stale, or the file was imported before',
  413: 'the body or file is larger than allowed',
  415: 'the body or file is not of an accepted type',
  422: 'the Idempotency-Key was used with another request, or rows of an import have errors (nothing written)',
  429: 'too many failed logins',
  500: 'an unexpected error (quote errorId)',
  503: 'the database is unavailable; retry',
};

export const refOf = (schema: z.ZodType): string => {
  const meta = contract.get(schema);
  if (!meta) throw new Error('a response schema must be registered in the contract');
  return `#/components/schemas/${meta.id}`;
};

export const problemRef = (status: number): string => `#/components/schemas/Problem${status}`;

export interface ContractOptions {
  summary: string;
  /** The success status and its body (null: no body, e.g. 204). */
  status?: number;
  response: z.ZodType | null;
  /** Instead of a JSON body: the media types a download may have. */
  files?: readonly string[];
  /** Error statuses besides those every operation can answer (400, 500, 503; 401 and 403 unless public). */
  errors?: number[];
  /** No token needed (login, health). */
  public?: boolean;
  /** The operation takes a body (adds 413 and 415). */
  body?: boolean;
}

/** One operation's contract: summary, success response and every problem it can answer with. */
export function ApiContract(options: ContractOptions): MethodDecorator {
  const status = options.status ?? 200;
  const errors = new Set([400, 500, 503, ...(options.public ? [] : [401, 403]), ...(options.body ? [413, 415] : []), ...(options.errors ?? [])]);
  return applyDecorators(
    ApiOperation({ summary: options.summary }),
    options.files
      ? ApiResponse({
          status,
          description: 'the file',
          content: Object.fromEntries(options.files.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
        })
      : options.response
        ? ApiResponse({ status, description: 'success', content: { 'application/json': { schema: { $ref: refOf(options.response) } } } })
        : ApiResponse({ status, description: 'success, no body' }),
    ...[...errors]
      .sort()
      .map((code) =>
        ApiResponse({ status: code, description: REASONS[code], content: { 'application/problem+json': { schema: { $ref: problemRef(code) } } } }),
      ),
    ...(options.public ? [ApiExtension('x-public', true)] : []),
  );
}
