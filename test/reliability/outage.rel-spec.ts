import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { freePort, runMigrations } from '@app/database';
import { migrations } from '../../migrations';
import { createTestApp, TestApp } from '../support';
import { assertBuilt, ROOT, spawnNode, Spawned, stopProcess } from '../support/processes';
import { ProcessPool } from '../support/api-process';
import { httpRequest, HttpResult, login, NoResponseError, REJECT_EXTENSION, REQUEST_EXTENSION, rectificationBody, sleep, unitIds } from '../support/http';
import { eventsByCorrelation, Sql, trailProblems } from '../support/trail';

const SERVER = path.join(ROOT, 'test/support/embedded-server.js');
/** Every request must be answered within this, database or no database. */
const ANSWER_WITHIN_MS = 5_000;
/** The client gives up (and the test calls it a hang) after this. */
const CLIENT_TIMEOUT_MS = 12_000;
const WRITERS = 8;
const READERS = 4;
/** Caps on the load, whatever happens: requests in total, and per phase time. */
const MAX_REQUESTS = 6_000;
const UP_MS = 1_500;
const DOWN_MS = 4_000;
const RECOVERED_MS = 1_500;
const RECOVERY_LIMIT_MS = 30_000;
/** A write still not acknowledged this long after the test started is reported, not waited for. */
const WRITE_GIVE_UP_MS = 90_000;

type Phase = 'up' | 'stopping' | 'down' | 'starting' | 'recovered';

interface Attempt {
  kind: 'write' | 'read' | 'health';
  what: string;
  /** The phase when the request was sent and when its answer came. */
  sentIn: Phase;
  answeredIn: Phase;
  ms: number;
  status?: number;
  code?: string;
  contentType?: string;
  error?: string;
  errorId?: string;
}

interface LogicalWrite {
  caseId: string;
  actor: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  requestId: string;
  /** The 200 that finally acknowledged it (after as many 503s as the outage took). */
  ack?: HttpResult;
  attempts: number;
}

/** If the embedded server's wrapper died without stopping PostgreSQL, stop that postmaster by its pid. */
function stopOrphanPostgres(dataDir: string | undefined): void {
  const pidFile = dataDir && path.join(dataDir, 'pg', 'postmaster.pid');
  if (!pidFile || !existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  // Only that postmaster: the pid must still be a postgres serving this very data folder.
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline) || !readFileSync(cmdline, 'utf8').includes(path.join(dataDir!, 'pg'))) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // already gone
  }
}

/** The database goes away under load and comes back: 503 fast, no 500, no hang, recovery without restart, nothing lost. */
describe('outage: the database stops under load and starts again', () => {
  const processes = new ProcessPool();
  let dataDir: string;
  let pgPort: number;
  let server: Spawned | undefined;
  let t: TestApp | undefined;
  let base: string;
  let sql: Sql;
  const tokens: Record<string, string> = {};

  const startServer = async () => {
    server = processes.track(spawnNode(SERVER, [dataDir, String(pgPort)], {}));
    const [, url] = await server.waitFor(/ready (\S+)/, 60_000);
    return url;
  };

  beforeAll(async () => {
    assertBuilt(path.join(ROOT, 'dist/libs/database/src/index.js'));
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rectify-rel-outage-'));
    chmodSync(dataDir, 0o755);
    pgPort = await freePort();
    const url = await startServer();
    if (!url.includes(`:${pgPort}/`)) throw new Error(`the embedded server did not take port ${pgPort}: ${url}`);
    await runMigrations(url, migrations);
    t = await createTestApp({ database: { name: 'rectify', url, appUrl: url, drop: async () => undefined }, seedCases: false });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    sql = (text, params) => t!.app.get(DataSource).query(text, params);
    for (const name of ['inspector', 'supervisor', 'officer.zjj', 'auditor']) tokens[name] = (await login(base, name)).token;
  }, 120_000);

  /** Like sleep, but its timer does not keep jest alive once everything else is done. */
  const deadline = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

  afterAll(async () => {
    try {
      // Bounded: a test that failed with the database down must not hang here.
      await Promise.race([t?.close().catch(() => undefined), deadline(15_000)]);
    } finally {
      if (server) await Promise.race([stopProcess(server), deadline(20_000)]);
      await processes.killAll();
      stopOrphanPostgres(dataDir);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers 503 UNAVAILABLE problem+json within 5 s while it is down, never 500 or a hang, and recovers in the same process without losing anything', async () => {
    const units = await unitIds(base, tokens.inspector);
    const caseIds: string[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const opened = await httpRequest(base, { method: 'POST', path: '/api/cases', token: tokens.inspector, body: rectificationBody(units.zjj, `断库测试${i}`) });
      expect(opened.status).toBe(201);
      for (const [actor, body] of [
        ['inspector', { type: 'ASSIGN', unitId: units.zjj }],
        ['officer.zjj', { type: 'ACCEPT' }],
      ] as const) {
        const res = await httpRequest(base, { method: 'POST', path: `/api/cases/${opened.body.id}/events`, token: tokens[actor], body });
        expect(res.status).toBe(200);
      }
      caseIds.push(opened.body.id);
    }

    const testStarted = Date.now();
    let phase: Phase = 'up';
    let stopLoad = false;
    const attempts: Attempt[] = [];
    const writes: LogicalWrite[] = [];
    const budgetLeft = () => !stopLoad && attempts.length < MAX_REQUESTS;

    const timed = async (kind: Attempt['kind'], what: string, call: Parameters<typeof httpRequest>[1]): Promise<HttpResult | undefined> => {
      const sentIn = phase;
      const started = performance.now();
      try {
        const res = await httpRequest(base, { ...call, timeoutMs: CLIENT_TIMEOUT_MS });
        attempts.push({
          kind,
          what,
          sentIn,
          answeredIn: phase,
          ms: res.ms,
          status: res.status,
          code: res.body?.code,
          contentType: String(res.headers['content-type'] ?? ''),
          errorId: res.body?.errorId,
        });
        return res;
      } catch (error) {
        if (!(error instanceof NoResponseError)) throw error;
        attempts.push({ kind, what, sentIn, answeredIn: phase, ms: performance.now() - started, error: error.message });
        return undefined;
      }
    };

    // Writers: one per case, REQUEST/REJECT_EXTENSION in turn; a refused attempt (503) is retried
    // with the same Idempotency-Key, X-Request-Id and If-Match until it is acknowledged, as a real client would.
    const writer = async (caseId: string, w: number) => {
      for (let step = 0; budgetLeft(); step++) {
        const requestId = `outage-${w}-${step}`;
        const write: LogicalWrite = {
          caseId,
          actor: step % 2 === 0 ? 'officer.zjj' : 'supervisor',
          body: step % 2 === 0 ? REQUEST_EXTENSION(`断库期间延期${step}`) : REJECT_EXTENSION(),
          headers: { 'X-Request-Id': requestId, 'Idempotency-Key': `key-${requestId}`, 'If-Match': String(3 + step) },
          requestId,
          attempts: 0,
        };
        writes.push(write);
        while (!write.ack) {
          if (Date.now() - testStarted > WRITE_GIVE_UP_MS) return;
          write.attempts++;
          const res = await timed('write', `POST /api/cases/${caseId}/events ${requestId}`, {
            method: 'POST',
            path: `/api/cases/${caseId}/events`,
            token: tokens[write.actor],
            body: write.body,
            headers: write.headers,
          });
          if (res?.status === 200) write.ack = res;
          else await sleep(100);
        }
      }
    };
    const readPaths = (i: number) => [
      '/api/cases?limit=20',
      `/api/cases/${caseIds[i % caseIds.length]}`,
      `/api/cases/${caseIds[(i + 1) % caseIds.length]}/events`,
      '/api/audit?limit=10',
      `/api/audit/verify?caseId=${caseIds[(i + 2) % caseIds.length]}`,
    ];
    const reader = async (r: number) => {
      for (let i = 0; budgetLeft(); i++) {
        const p = readPaths(i + r)[i % 5];
        await timed('read', `GET ${p}`, { path: p, token: tokens.auditor });
        await sleep(20);
      }
    };
    const health = async () => {
      while (budgetLeft()) {
        await timed('health', 'GET /api/health', { path: '/api/health' });
        await sleep(100);
      }
    };

    const load = Promise.all([...caseIds.map(writer), ...Array.from({ length: READERS }, (_, r) => reader(r)), health()]);

    await sleep(UP_MS);
    phase = 'stopping';
    const stopped = Date.now();
    await stopProcess(server!);
    phase = 'down';
    await sleep(DOWN_MS);
    phase = 'starting';
    const restarting = Date.now();
    await startServer();
    // The same process, not restarted: it must find its database again by itself.
    let healthy: HttpResult | undefined;
    while (Date.now() - restarting < RECOVERY_LIMIT_MS) {
      healthy = await httpRequest(base, { path: '/api/health', timeoutMs: CLIENT_TIMEOUT_MS });
      if (healthy.status === 200) break;
      await sleep(200);
    }
    expect(healthy?.body).toEqual({ status: 'ok', database: 'up', settings: 'loaded' });
    const recoveredAfter = Date.now() - restarting;
    phase = 'recovered';
    await sleep(RECOVERED_MS);
    stopLoad = true;
    // Writers finish the write they are on (it must succeed now), then stop.
    await load;

    const describeAttempt = (a: Attempt) =>
      `${a.what} sent ${a.sentIn}, answered ${a.answeredIn} in ${Math.round(a.ms)} ms: ${a.error ?? `${a.status} ${a.code ?? ''}`}${
        a.errorId ? `\n    log: ${t!.logs.find((l) => l.includes(a.errorId!)) ?? '(no log line)'}` : ''
      }`;

    // No hang, no 500, nothing slower than 5 s, whatever the phase.
    expect(attempts.filter((a) => a.error).map(describeAttempt)).toEqual([]);
    expect(attempts.filter((a) => a.status! >= 500 && a.status !== 503).map(describeAttempt)).toEqual([]);
    expect(attempts.filter((a) => a.ms >= ANSWER_WITHIN_MS).map(describeAttempt)).toEqual([]);
    // Every 503 is the contract's problem: UNAVAILABLE, problem+json.
    expect(
      attempts.filter((a) => a.status === 503 && a.kind !== 'health' && (a.code !== 'UNAVAILABLE' || !a.contentType?.startsWith('application/problem+json'))).map(describeAttempt),
    ).toEqual([]);

    // While the database is down, everything that needs it answers 503, and health says so.
    const whileDown = attempts.filter((a) => a.sentIn === 'down' && a.answeredIn === 'down');
    expect(whileDown.filter((a) => a.kind === 'write').length).toBeGreaterThanOrEqual(WRITERS);
    expect(whileDown.filter((a) => a.kind === 'read').length).toBeGreaterThanOrEqual(READERS);
    expect(whileDown.filter((a) => a.status !== 503).map(describeAttempt)).toEqual([]);

    // While it is up, before and after: everything succeeds.
    const whileUp = attempts.filter((a) => (a.sentIn === 'up' && a.answeredIn === 'up') || (a.sentIn === 'recovered' && a.answeredIn === 'recovered'));
    expect(whileUp.filter((a) => a.sentIn === 'recovered' && a.kind === 'write').length).toBeGreaterThan(0);
    expect(whileUp.filter((a) => a.status !== 200).map(describeAttempt)).toEqual([]);

    // Nothing acknowledged is lost, nothing is doubled: each write is in the trail once, at the version its answer named.
    const unfinished = writes.filter((w) => !w.ack);
    expect(unfinished.map((w) => w.requestId)).toEqual([]);
    const events = await eventsByCorrelation(sql, writes.map((w) => w.requestId));
    const lostOrDoubled = writes
      .map((w) => ({ w, found: events.get(w.requestId) ?? [] }))
      .filter(({ w, found }) => found.length !== 1 || found[0].seq !== w.ack!.body.version || found[0].caseId !== w.caseId)
      .map(({ w, found }) => `${w.requestId} (acknowledged as version ${w.ack!.body.version} after ${w.attempts} attempts): events ${JSON.stringify(found)}`);
    expect(lostOrDoubled).toEqual([]);
    expect(await trailProblems(sql, caseIds)).toEqual([]);
    for (const caseId of caseIds) {
      const [{ version }] = await sql(`SELECT version FROM cases WHERE id = $1`, [caseId]);
      expect({ caseId, version }).toEqual({ caseId, version: 3 + writes.filter((w) => w.caseId === caseId).length });
    }
    const verify = await httpRequest(base, { path: '/api/audit/verify', token: tokens.auditor });
    expect(verify.body).toMatchObject({ valid: true, broken: [] });
    const relogin = await httpRequest(base, { method: 'POST', path: '/api/auth/login', body: { username: 'inspector', password: 'rectify-demo' } });
    expect(relogin.status).toBe(200);

    const slowest = Math.max(...attempts.filter((a) => a.sentIn !== 'up' && a.sentIn !== 'recovered').map((a) => a.ms));
    console.log(
      `outage: ${attempts.length} requests (${whileDown.length} while down, all 503, slowest ${Math.round(slowest)} ms); ` +
        `database down for ${((restarting - stopped) / 1000).toFixed(1)} s, API healthy ${(recoveredAfter / 1000).toFixed(1)} s after it came back; ` +
        `${writes.length} writes acknowledged, ${writes.filter((w) => w.attempts > 1).length} of them after retries, none lost or doubled`,
    );
  }, 180_000);
});
