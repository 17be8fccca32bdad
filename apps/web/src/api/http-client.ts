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

export interface DownloadProgress {
  /** Bytes received so far. */
  received: number;
  /** The whole size when the server says it (a streamed export may not). */
  total: number | null;
}

/**
 * A file the API streams (a large export): fetched with the bearer token, read chunk by chunk so
 * the page can show how much has arrived, and handed back as a Blob with the server's file name.
 */
export async function download(
  path: string,
  options: { query?: RequestOptions['query']; signal?: AbortSignal; onProgress?(progress: DownloadProgress): void } = {},
): Promise<{ blob: Blob; fileName: string | null; type: string }> {
  const headers: Record<string, string> = { Accept: '*/*' };
  const token = hooks.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api${path}`, options.query), { headers, signal: options.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'NETWORK', detail: String(error) });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (problem.code === 'UNAUTHENTICATED') hooks.onUnauthenticated();
    throw new ApiError(problem);
  }
  const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
  const length = Number(response.headers.get('Content-Length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const chunks: BlobPart[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  if (!reader) {
    const blob = await response.blob();
    options.onProgress?.({ received: blob.size, total });
    return { blob, fileName: fileNameOf(response), type };
  }
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    received += value.byteLength;
    options.onProgress?.({ received, total });
  }
  return { blob: new Blob(chunks, { type }), fileName: fileNameOf(response), type };
}

/** The file name of Content-Disposition (RFC 6266: filename* in UTF-8 first). */
function fileNameOf(response: Response): string | null {
  const header = response.headers.get('Content-Disposition') ?? '';
  const star = header.match(/filename\*\s*=\s*UTF-8''([^;]+)/i);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  return header.match(/filename\s*=\s*"?([^";]+)"?/i)?.[1] ?? null;
}
