import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { isDatabaseUnavailable } from '@app/database';
import { DomainError, ErrorCode } from '@app/workflow';
import { Problem, problem } from './problem';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.UNAVAILABLE,
};

interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  const x = e as Partial<BodyParserError>;
  return typeof x?.type === 'string' && typeof x.status === 'number' && x.status >= 400 && x.status < 500;
}

function isPgDataException(e: unknown): boolean {
  const code = (e as { driverError?: { code?: unknown }; code?: unknown })?.driverError?.code ?? (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^22/.test(code);
}

type RequestLine = Pick<Request, 'method' | 'path' | 'originalUrl'> & { id?: string };
const logger = new Logger('ProblemExceptionFilter');

/** Uploads have their own limits: a ledger workbook 10 MB, an evidence file 20 MB. */
function uploadLimit(request: RequestLine): string {
  return request.path.startsWith('/api/ledger/') ? 'the file is larger than 10 MB' : 'a file is larger than 20 MB';
}

/** The problem an error answers with; also what a job records when its work fails after the request. */
export function problemOf(exception: unknown, request: RequestLine): Problem {
  if (exception instanceof DomainError) {
    return problem(exception.code, exception.message, { status: exception.status, errors: exception.errors, extensions: exception.extensions });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED);
    if (code === ErrorCode.INTERNAL) return internal(exception, request);
    if (status === 413) {
      // The upload interceptor's limit or the JSON parser's.
      const detail = exception.message === 'File too large' ? uploadLimit(request) : 'request body is larger than 1 MB';
      return problem(code, detail, { status, title: 'Payload too large' });
    }
    const detail =
      status === 404 ? `no route ${request.method} ${request.originalUrl.split('?')[0]}` : (exception.message || 'request refused');
    return problem(code, detail, { status });
  }
  if (isBodyParserError(exception)) {
    if (exception.status === 413) {
      return problem(ErrorCode.VALIDATION_FAILED, 'request body is larger than 1 MB', {
        status: 413,
        title: 'Payload too large',
      });
    }
    const detail = exception.type === 'entity.parse.failed' ? 'request body is not valid JSON' : exception.message;
    return problem(ErrorCode.VALIDATION_FAILED, detail, { status: exception.status === 415 ? 415 : 400 });
  }
  if (isDatabaseUnavailable(exception)) {
    logger.warn({ err: exception, req: { id: request.id } }, 'database unavailable');
    return problem(ErrorCode.UNAVAILABLE, 'the database is unavailable; retry shortly', {
      extensions: { retryAfterSeconds: 5 },
    });
  }
  if (isPgDataException(exception)) {
    return problem(ErrorCode.VALIDATION_FAILED, 'a value in the request is out of range or malformed');
  }
  return internal(exception, request);
}

function internal(exception: unknown, request: RequestLine): Problem {
  const errorId = randomUUID();
  logger.error({ err: exception, errorId, req: { id: request.id }, method: request.method, path: request.path }, `unhandled error ${errorId}`);
  return problem(ErrorCode.INTERNAL, `unexpected error; quote errorId ${errorId} when reporting it`, {
    extensions: { errorId },
  });
}

/** The one place where every error becomes an application/problem+json response. */
@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const body = problemOf(exception, http.getRequest<Request>());
    // A streamed answer (an export) failed midway: cut it off so the client sees a broken download, not a hang.
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (typeof body.retryAfterSeconds === 'number') {
      response.setHeader('Retry-After', String(body.retryAfterSeconds));
    }
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
