import http from 'node:http';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any;
  /** Wall-clock time from sending to the end of the response. */
  ms: number;
}

export interface HttpCall {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer is sent as it is. */
  body?: unknown;
  token?: string;
  /** The request is aborted (and rejects) after this long: a hang is a failure, not a wait. */
  timeoutMs?: number;
}

/** A request that never got an answer: refused connection, reset, timeout. */
export class NoResponseError extends Error {
  constructor(
    message: string,
    readonly ms: number,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

const agent = new http.Agent({ keepAlive: false });

/**
 * One HTTP request to 127.0.0.1 with a hard timeout; resolves with any status, rejects with
 * NoResponseError when no complete response arrived.
 */
export function httpRequest(base: string, call: HttpCall): Promise<HttpResult> {
  const url = new URL(base);
  if (url.hostname !== '127.0.0.1') throw new Error(`tests only talk to 127.0.0.1, not ${url.hostname}`);
  const headers: Record<string, string> = { ...call.headers };
  let payload: Buffer | undefined;
  if (call.body !== undefined) {
    if (Buffer.isBuffer(call.body)) payload = call.body;
    else if (typeof call.body === 'string') payload = Buffer.from(call.body, 'utf8');
    else {
      payload = Buffer.from(JSON.stringify(call.body), 'utf8');
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    headers['Content-Length'] = String(payload.length);
  }
  if (call.token) headers.Authorization = `Bearer ${call.token}`;
  const timeoutMs = call.timeoutMs ?? 30_000;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message: string, timedOut = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new NoResponseError(`${call.method ?? 'GET'} ${call.path}: ${message}`, performance.now() - started, timedOut));
    };
    const req = http.request(
      { host: '127.0.0.1', port: Number(url.port), method: call.method ?? 'GET', path: call.path, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => fail(e.message));
        res.on('aborted', () => fail('response aborted'));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body, ms: performance.now() - started });
        });
      },
    );
    const timer = setTimeout(() => {
      fail(`no response within ${timeoutMs} ms`, true);
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => fail(e.message));
    if (payload) req.write(payload);
    req.end();
  });
}

export async function login(base: string, username: string, password = 'rectify-demo'): Promise<{ token: string; user: { id: string; unitId: string } }> {
  const res = await httpRequest(base, { method: 'POST', path: '/api/auth/login', body: { username, password } });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${res.text}`);
  return { token: res.body.accessToken, user: res.body.user };
}

type UnitNode = { id: string; code: string; children: UnitNode[] };

export async function unitIds(base: string, token: string): Promise<Record<string, string>> {
  const res = await httpRequest(base, { path: '/api/units', token });
  if (res.status !== 200) throw new Error(`GET /api/units failed: ${res.status} ${res.text}`);
  const flat = (nodes: UnitNode[]): UnitNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
  return Object.fromEntries(flat(res.body).map((u) => [u.code, u.id]));
}

/** Runs `fn` over `items` with at most `limit` at a time, in order of start. */
export async function inBatches<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A rectification case body the inspector may open. */
export const rectificationBody = (unitId: string, title = '违规发放津贴补贴') => ({
  kind: 'rectification',
  title,
  description: '巡察发现违规发放津贴补贴',
  source: '巡察反馈',
  category: '限期整改',
  unitId,
});

/** The extension request/refusal pair that is valid forever on a case in rectifying.inProgress. */
export const REQUEST_EXTENSION = (reason: string) => ({ type: 'REQUEST_EXTENSION', dueAt: '2030-12-31', reason });
export const REJECT_EXTENSION = (reason?: string) => (reason ? { type: 'REJECT_EXTENSION', reason } : { type: 'REJECT_EXTENSION' });

/** A supertest parser that keeps the body as bytes (files, workbooks). */
export function bytes(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
