import type { Problem } from './types';

/** A refused or failed request, carrying the problem+json body (or a synthetic one for network failures). */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.problem.code;
  }
}

interface ClientHooks {
  token: () => string | null;
  onUnauthenticated: () => void;
}

let hooks: ClientHooks = { token: () => null, onUnauthenticated: () => undefined };

export function configureClient(next: ClientHooks): void {
  hooks = next;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** Login answers 401 for wrong credentials: that is not an expired session. */
  anonymous?: boolean;
  /** A file comes back as a Blob (downloads need the token, so no plain link). */
  as?: 'json' | 'blob';
}

export function withQuery(path: string, query: RequestOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function statusCode(status: number): Problem['code'] {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'UNAVAILABLE';
  return status >= 500 ? 'INTERNAL' : 'HTTP_ERROR';
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    return { ...body, status: body.status ?? response.status, code: body.code ?? statusCode(response.status) };
  } catch {
    return { status: response.status, code: statusCode(response.status), detail: text.slice(0, 300) };
  }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = options.anonymous ? null : hooks.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  const form = options.body instanceof FormData;
  // A multipart body sets its own Content-Type (with the boundary).
  if (options.body !== undefined && !form) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(withQuery(`/api${path}`, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : form ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK', detail: String(error) });
  }

  if (!response.ok) {
    const problem = await problemOf(response);
    const retryAfter = Number(response.headers.get('Retry-After'));
    if (problem.code === 'UNAUTHENTICATED' && !options.anonymous) hooks.onUnauthenticated();
    throw new ApiError(problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
  return (options.as === 'blob' ? await response.blob() : await response.json()) as T;
}
