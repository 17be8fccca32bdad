import { isDeepStrictEqual } from 'node:util';
import { createTestDatabase, TestDatabase } from '../support';
import { ApiProcess, errorLines, ProcessPool, startApi } from '../support/api-process';
import { httpRequest, HttpResult, inBatches, login, NoResponseError, REJECT_EXTENSION, REQUEST_EXTENSION, rectificationBody, unitIds } from '../support/http';
import { connect, eventsByCorrelation, Sql, trailProblems } from '../support/trail';

const CASES = 12;
/** Each case's client stops after this many events, or when the API dies, whichever comes first. */
const MAX_STEPS_PER_CASE = 60;
/** Kill when this many events were acknowledged... */
const KILL_AFTER_ACKS = 150;
/** ...or after this long, so a slow machine still kills in the middle of the stream. */
const KILL_AFTER_MS = 6_000;
const STREAM_TIME_LIMIT_MS = 30_000;

interface Sent {
  caseId: string;
  step: number;
  actor: 'officer.zjj' | 'supervisor';
  body: Record<string, unknown>;
  headers: Record<string, string>;
  requestId: string;
  /** The 2xx answer, if the client got one before the kill. */
  ack?: HttpResult;
  refused?: HttpResult;
  lost?: string;
}

/** kill -9 in the middle of a stream of events: what was acknowledged stays, nothing is half there, retries apply nothing twice. */
describe('crash: the API process is killed with SIGKILL under load and restarted on the same database', () => {
  const processes = new ProcessPool();
  let db: TestDatabase;
  let sql: Sql;
  let closeSql: () => Promise<void>;
  let api: ApiProcess;
  const tokens: Record<string, string> = {};
  const env = () => ({ DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.url, SEED_DEMO: 'true', SWEEPER: 'off' });

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startApi(processes, env());
    ({ sql, close: closeSql } = await connect(db.url));
    for (const name of ['inspector', 'supervisor', 'officer.zjj', 'auditor']) tokens[name] = (await login(api.base, name)).token;
  }, 120_000);

  afterAll(async () => {
    await processes.killAll();
    await closeSql?.();
    await db?.drop();
  });

  const post = (base: string, s: Pick<Sent, 'caseId' | 'body' | 'headers'> & { actor: string }, timeoutMs = 15_000) =>
    httpRequest(base, { method: 'POST', path: `/api/cases/${s.caseId}/events`, token: tokens[s.actor], body: s.body, headers: s.headers, timeoutMs });

  it('keeps every acknowledged event exactly once, leaves no half-written request, and replays retries without applying them twice', async () => {
    const units = await unitIds(api.base, tokens.inspector);
    const caseIds = await inBatches(Array.from({ length: CASES }, (_, i) => i), 4, async (i) => {
      const opened = await httpRequest(api.base, { method: 'POST', path: '/api/cases', token: tokens.inspector, body: rectificationBody(units.zjj, `崩溃测试${i}`) });
      if (opened.status !== 201) throw new Error(`open failed: ${opened.status} ${opened.text}`);
      for (const [actor, body] of [
        ['inspector', { type: 'ASSIGN', unitId: units.zjj }],
        ['officer.zjj', { type: 'ACCEPT' }],
      ] as const) {
        const res = await post(api.base, { actor, caseId: opened.body.id, body, headers: {} });
        if (res.status !== 200) throw new Error(`${body.type} failed: ${res.status} ${res.text}`);
      }
      return opened.body.id as string;
    });

    // One client per case, each sending REQUEST_EXTENSION / REJECT_EXTENSION in turn, with If-Match,
    // its own X-Request-Id and Idempotency-Key; all twelve at once.
    const sent: Sent[] = [];
    let acks = 0;
    const streamStarted = Date.now();
    let killedAt = 0;
    const clients = caseIds.map(async (caseId, c) => {
      for (let step = 0; step < MAX_STEPS_PER_CASE && Date.now() - streamStarted < STREAM_TIME_LIMIT_MS; step++) {
        const requestId = `crash-${c}-${step}`;
        const s: Sent = {
          caseId,
          step,
          actor: step % 2 === 0 ? 'officer.zjj' : 'supervisor',
          body: step % 2 === 0 ? REQUEST_EXTENSION(`第${step}次延期申请`) : REJECT_EXTENSION(`第${step}次不予延期`),
          headers: { 'X-Request-Id': requestId, 'Idempotency-Key': `key-${requestId}`, 'If-Match': String(3 + step) },
          requestId,
        };
        sent.push(s);
        try {
          const res = await post(api.base, s);
          if (res.status >= 200 && res.status < 300) {
            s.ack = res;
            acks++;
          } else {
            s.refused = res;
            return;
          }
        } catch (error) {
          if (!(error instanceof NoResponseError)) throw error;
          s.lost = error.message;
          return;
        }
      }
    });
    const killer = (async () => {
      while (acks < KILL_AFTER_ACKS && Date.now() - streamStarted < KILL_AFTER_MS) await new Promise((r) => setTimeout(r, 5));
      killedAt = Date.now();
      api.process.child.kill('SIGKILL');
      return api.process.exited;
    })();
    await Promise.all(clients);
    const exit = await killer;

    const acknowledged = sent.filter((s) => s.ack);
    const lost = sent.filter((s) => s.lost);
    const refused = sent.filter((s) => s.refused);
    expect(killedAt).toBeGreaterThan(0);
    expect(exit.signal).toBe('SIGKILL');
    // Before the kill, nothing but 200s: the stream is sequential per case and If-Match is always current.
    expect(refused.map((s) => `${s.requestId}: ${s.refused!.status} ${s.refused!.text}`)).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(0);
    // The kill landed in the middle of the stream: requests were in flight and lost their answer.
    expect(lost.length).toBeGreaterThan(0);

    // 1. Straight from the database, before anything else touches it.
    const beforeRestart = await eventsByCorrelation(sql, sent.map((s) => s.requestId));
    const problems: string[] = [];
    for (const s of acknowledged) {
      const events = beforeRestart.get(s.requestId) ?? [];
      if (events.length !== 1 || events[0].seq !== s.ack!.body.version || events[0].caseId !== s.caseId) {
        problems.push(`acknowledged ${s.requestId} (version ${s.ack!.body.version}) has audit events ${JSON.stringify(events)}`);
      }
    }
    const committedButUnanswered = lost.filter((s) => (beforeRestart.get(s.requestId) ?? []).length === 1);
    for (const s of lost) {
      const events = beforeRestart.get(s.requestId) ?? [];
      if (events.length > 1) problems.push(`in-flight ${s.requestId} left ${events.length} audit events`);
    }
    expect(problems).toEqual([]);
    // All or nothing: seq 1..n, version = n, chain intact, one outbox row per event, for every case.
    expect(await trailProblems(sql)).toEqual([]);
    const [{ n: eventsAfterCrash }] = await sql(`SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[])`, [caseIds]);
    expect(eventsAfterCrash).toBe(CASES * 3 + acknowledged.length + committedButUnanswered.length);

    // 2. Restart on the same database; the tokens issued before the crash still work.
    api = await startApi(processes, env());
    const verify = await httpRequest(api.base, { path: '/api/audit/verify', token: tokens.auditor });
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ valid: true, broken: [] });

    // 3. Retry everything, per case in the original order, with the same key, body and headers.
    const retries = new Map<string, HttpResult>();
    await Promise.all(
      caseIds.map(async (caseId) => {
        for (const s of sent.filter((x) => x.caseId === caseId)) retries.set(s.requestId, await post(api.base, s));
      }),
    );
    const retryProblems: string[] = [];
    for (const s of sent) {
      const retry = retries.get(s.requestId)!;
      if (retry.status !== 200) {
        retryProblems.push(`retry of ${s.requestId} answered ${retry.status} ${retry.text.slice(0, 300)}`);
        continue;
      }
      const committedBefore = (beforeRestart.get(s.requestId) ?? []).length === 1;
      const replayed = retry.headers['idempotent-replayed'] === 'true';
      if (s.ack && (!replayed || !isDeepStrictEqual(retry.body, s.ack.body))) {
        retryProblems.push(`retry of acknowledged ${s.requestId}: replayed=${String(replayed)}, same answer=${String(isDeepStrictEqual(retry.body, s.ack.body))}`);
      }
      if (!s.ack && replayed !== committedBefore) {
        retryProblems.push(`retry of in-flight ${s.requestId}: committed before the crash=${String(committedBefore)} but replayed=${String(replayed)}`);
      }
    }
    expect(retryProblems).toEqual([]);

    // 4. Every request of the stream is now in the trail exactly once, with the version its answer named.
    const afterRetry = await eventsByCorrelation(sql, sent.map((s) => s.requestId));
    for (const s of sent) {
      const events = afterRetry.get(s.requestId) ?? [];
      expect({ request: s.requestId, events: events.length, seq: events[0]?.seq }).toEqual({
        request: s.requestId,
        events: 1,
        seq: retries.get(s.requestId)!.body.version,
      });
    }
    const [{ n: eventsAfterRetry }] = await sql(`SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[])`, [caseIds]);
    expect(eventsAfterRetry).toBe(CASES * 3 + sent.length);
    expect(await trailProblems(sql)).toEqual([]);

    // 5. A second round of retries is pure replay: nothing changes.
    const again = await inBatches(sent, 8, (s) => post(api.base, s));
    expect(again.filter((r) => r.status !== 200 || r.headers['idempotent-replayed'] !== 'true').map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([]);
    const [{ n: eventsAfterReplay }] = await sql(`SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[])`, [caseIds]);
    expect(eventsAfterReplay).toBe(eventsAfterRetry);
    for (const caseId of caseIds) {
      const [detail, check] = await Promise.all([
        httpRequest(api.base, { path: `/api/cases/${caseId}`, token: tokens.auditor }),
        httpRequest(api.base, { path: `/api/audit/verify?caseId=${caseId}`, token: tokens.auditor }),
      ]);
      const steps = sent.filter((s) => s.caseId === caseId).length;
      expect({ caseId, version: detail.body.version, verify: check.body }).toEqual({ caseId, version: 3 + steps, verify: { caseId, valid: true, checked: 3 + steps } });
    }
    expect(errorLines(api.process)).toEqual([]);
    console.log(
      `crash: killed after ${acknowledged.length} acknowledged events (${((killedAt - streamStarted) / 1000).toFixed(1)} s into the stream); ` +
        `${lost.length} in flight, of which ${committedButUnanswered.length} had committed; ${sent.length} retried after restart, none applied twice`,
    );
  }, 180_000);
});
