import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../support';
import { httpRequest, HttpResult, inBatches, login, REJECT_EXTENSION, REQUEST_EXTENSION, rectificationBody, unitIds } from '../support/http';
import { seededRandom, seedFromEnv } from '../support/random';
import { eventsByCorrelation, Sql, trailProblems } from '../support/trail';

const CASES = 20;
const REQUESTS_PER_CASE = 10;
const PASSWORD = 'reliability-pass-1';
const REQUEST_TIMEOUT_MS = 30_000;

type Kind =
  | 'request'
  | 'reject'
  | 'suspend'
  | 'resume'
  | 'dup'
  | 'verify-in-progress'
  | 'closure-by-officer'
  | 'other-unit'
  | 'sub-unit'
  | 'past-due';

/** What each kind of request may answer while 200 requests race on 20 cases. */
const ALLOWED: Record<Kind, number[]> = {
  request: [200, 409],
  reject: [200, 409],
  suspend: [200, 409],
  resume: [200, 409],
  dup: [200, 409],
  'verify-in-progress': [409],
  'closure-by-officer': [403],
  'other-unit': [404],
  'sub-unit': [404],
  'past-due': [400, 409],
};

interface Planned {
  caseId: string;
  kind: Kind;
  actor: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  /** X-Request-Id; shared by the copies of one idempotent request. */
  requestId: string;
  ifMatch?: number;
}

interface Outcome extends Planned {
  res?: HttpResult;
  error?: string;
}

const describeOutcome = (o: Outcome) =>
  `${o.kind} ${String(o.body.type)} by ${o.actor} on ${o.caseId} [${o.requestId}${o.ifMatch !== undefined ? ` If-Match ${o.ifMatch}` : ''}] → ${
    o.res ? `${o.res.status} ${o.res.text.slice(0, 300)}` : `no response: ${o.error}`
  }`;

/** Many actors, many cases, all at once: the database decides, nothing is lost or doubled. */
describe('concurrency: 200 racing events over 20 cases', () => {
  let t: TestApp;
  let base: string;
  let sql: Sql;
  const tokens: Record<string, string> = {};
  let units: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    sql = (text, params) => t.app.get(DataSource).query(text, params);
    for (const name of ['admin', 'inspector', 'supervisor', 'auditor', 'agent', 'officer.zjj', 'officer.scj']) tokens[name] = (await login(base, name)).token;
    units = await unitIds(base, tokens.admin);
    const extra = [
      ...['officer.zjj.2', 'officer.zjj.3', 'officer.zjj.4'].map((username) => ({ username, unitId: units.zjj, roles: ['unit_officer'] })),
      { username: 'officer.cj', unitId: units['zjj-cj'], roles: ['unit_officer'] },
      ...['supervisor.2', 'supervisor.3'].map((username) => ({ username, unitId: units.jw, roles: ['supervisor'] })),
    ];
    for (const user of extra) {
      const res = await httpRequest(base, {
        method: 'POST',
        path: '/api/users',
        token: tokens.admin,
        body: { ...user, displayName: user.username, password: PASSWORD },
      });
      if (res.status !== 201) throw new Error(`creating ${user.username} failed: ${res.status} ${res.text}`);
      tokens[user.username] = (await login(base, user.username, PASSWORD)).token;
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const send = (actor: string, caseId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    httpRequest(base, { method: 'POST', path: `/api/cases/${caseId}/events`, token: tokens[actor], body, headers, timeoutMs: REQUEST_TIMEOUT_MS });

  /** A rectification case in rectifying.inProgress (version 3), assigned to zjj. */
  async function caseInProgress(i: number): Promise<string> {
    const opened = await httpRequest(base, { method: 'POST', path: '/api/cases', token: tokens.inspector, body: rectificationBody(units.zjj, `并发整改事项${i}`) });
    if (opened.status !== 201) throw new Error(`open failed: ${opened.status} ${opened.text}`);
    for (const [actor, body] of [
      ['inspector', { type: 'ASSIGN', unitId: units.zjj }],
      ['officer.zjj', { type: 'ACCEPT' }],
    ] as const) {
      const res = await send(actor, opened.body.id, body);
      if (res.status !== 200) throw new Error(`${body.type} failed: ${res.status} ${res.text}`);
    }
    return opened.body.id;
  }

  it('keeps every chain valid and gap-free, version = number of events, one audit event per acknowledged request and none per refusal', async () => {
    const seed = seedFromEnv();
    const rnd = seededRandom(seed);
    const caseIds = await inBatches(Array.from({ length: CASES }, (_, i) => i), 5, (i) => caseInProgress(i));
    const officers = ['officer.zjj', 'officer.zjj.2', 'officer.zjj.3', 'officer.zjj.4'];
    const supervisors = ['supervisor', 'supervisor.2', 'supervisor.3'];
    const weights: [Kind, number][] = [
      ['request', 30],
      ['reject', 25],
      ['suspend', 4],
      ['resume', 4],
      ['dup', 8],
      ['verify-in-progress', 5],
      ['closure-by-officer', 5],
      ['other-unit', 5],
      ['sub-unit', 5],
      ['past-due', 5],
    ];

    const plan: Planned[] = [];
    let n = 0;
    for (const caseId of caseIds) {
      let left = REQUESTS_PER_CASE;
      while (left > 0) {
        let kind = rnd.weighted(weights);
        if (kind === 'dup' && left < 3) kind = 'request';
        const requestId = `conc-${seed}-${n++}`;
        const ifMatch = (kind === 'request' || kind === 'reject') && rnd.chance(0.5) ? rnd.int(3, 7) : undefined;
        const headers: Record<string, string> = { 'X-Request-Id': requestId };
        if (ifMatch !== undefined) headers['If-Match'] = String(ifMatch);
        const common = { caseId, kind, headers, requestId, ifMatch };
        switch (kind) {
          case 'request':
            plan.push({ ...common, actor: rnd.pick(officers), body: REQUEST_EXTENSION(`延期理由${requestId}`) });
            break;
          case 'reject':
            plan.push({ ...common, actor: rnd.pick(supervisors), body: REJECT_EXTENSION(rnd.chance(0.5) ? `不予延期${requestId}` : undefined) });
            break;
          case 'suspend':
            plan.push({ ...common, actor: rnd.pick(supervisors), body: { type: 'SUSPEND', reason: '等待上级答复' } });
            break;
          case 'resume':
            plan.push({ ...common, actor: rnd.pick(supervisors), body: { type: 'RESUME' } });
            break;
          case 'dup': {
            // One request sent three times at once with one Idempotency-Key (a client retrying eagerly).
            const actor = rnd.pick(officers);
            const copy = { ...common, actor, body: REQUEST_EXTENSION(`幂等重试${requestId}`), headers: { ...headers, 'Idempotency-Key': `dup-${requestId}` } };
            plan.push(copy, { ...copy }, { ...copy });
            left -= 2;
            break;
          }
          case 'verify-in-progress':
            plan.push({ ...common, actor: 'inspector', body: { type: 'VERIFY_PASS', comment: '尚未提交报告' } });
            break;
          case 'closure-by-officer':
            plan.push({ ...common, actor: rnd.pick(officers), body: { type: 'APPROVE_CLOSURE' } });
            break;
          case 'other-unit':
            plan.push({ ...common, actor: 'officer.scj', body: REQUEST_EXTENSION('别的单位') });
            break;
          case 'sub-unit':
            plan.push({ ...common, actor: 'officer.cj', body: REQUEST_EXTENSION('下级单位不能代上级') });
            break;
          case 'past-due':
            plan.push({ ...common, actor: rnd.pick(officers), body: { type: 'REQUEST_EXTENSION', dueAt: '2020-01-01', reason: '日期已过' } });
            break;
        }
        left--;
      }
    }
    expect(plan).toHaveLength(CASES * REQUESTS_PER_CASE);
    // Shuffle so that requests for one case do not arrive in plan order.
    for (let i = plan.length - 1; i > 0; i--) {
      const j = rnd.int(0, i);
      [plan[i], plan[j]] = [plan[j], plan[i]];
    }

    const [{ n: eventsBefore }] = await sql(`SELECT count(*)::int AS n FROM case_events`);
    const started = Date.now();
    const outcomes: Outcome[] = await Promise.all(
      plan.map((p) =>
        send(p.actor, p.caseId, p.body, p.headers).then(
          (res): Outcome => ({ ...p, res }),
          (error: Error): Outcome => ({ ...p, error: error.message }),
        ),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    const context = `(seed ${seed}; replay with REL_SEED=${seed})`;

    // Every request got an answer, none of them a server error, each one an answer its kind allows.
    const unanswered = outcomes.filter((o) => !o.res).map(describeOutcome);
    expect({ context, unanswered }).toEqual({ context, unanswered: [] });
    const serverErrors = outcomes.filter((o) => o.res!.status >= 500).map((o) => `${describeOutcome(o)}${logLine(t, o.res!)}`);
    expect({ context, serverErrors }).toEqual({ context, serverErrors: [] });
    const unexpected = outcomes.filter((o) => !ALLOWED[o.kind].includes(o.res!.status)).map(describeOutcome);
    expect({ context, unexpected }).toEqual({ context, unexpected: [] });
    for (const o of outcomes.filter((x) => x.res!.status >= 400)) {
      expect(o.res!.headers['content-type']).toMatch(/^application\/problem\+json/);
    }

    const ok = outcomes.filter((o) => o.res!.status === 200);
    const conflicts = outcomes.filter((o) => o.res!.body?.code === 'VERSION_CONFLICT');
    const invalid = outcomes.filter((o) => o.res!.body?.code === 'INVALID_TRANSITION');
    // The mix really raced: some writes won, some lost on the version, some hit a state that refused them.
    expect(ok.length).toBeGreaterThanOrEqual(CASES);
    expect(conflicts.length + invalid.length).toBeGreaterThan(0);

    // A stale If-Match never wins; a fresh one wins with exactly the next version.
    for (const o of outcomes.filter((x) => x.ifMatch !== undefined)) {
      if (o.res!.status === 200) expect({ request: o.requestId, version: o.res!.body.version }).toEqual({ request: o.requestId, version: o.ifMatch! + 1 });
      if (o.res!.body?.code === 'VERSION_CONFLICT') expect(o.res!.body.currentVersion).not.toBe(o.ifMatch);
    }

    // Match acknowledged requests to audit events by correlation id (= X-Request-Id).
    const requestIds = [...new Set(outcomes.map((o) => o.requestId))];
    const events = await eventsByCorrelation(sql, requestIds);
    const mismatches: string[] = [];
    for (const requestId of requestIds) {
      const group = outcomes.filter((o) => o.requestId === requestId);
      const acknowledged = group.filter((o) => o.res!.status === 200);
      const found = events.get(requestId) ?? [];
      if (!acknowledged.length) {
        if (found.length) mismatches.push(`refused request left ${found.length} audit event(s): ${group.map(describeOutcome).join(' | ')}`);
        continue;
      }
      if (found.length !== 1) {
        mismatches.push(`acknowledged request has ${found.length} audit events instead of 1: ${group.map(describeOutcome).join(' | ')}`);
        continue;
      }
      const [event] = found;
      for (const o of acknowledged) {
        if (event.caseId !== o.caseId || event.type !== o.body.type || event.seq !== o.res!.body.version) {
          mismatches.push(`audit event ${JSON.stringify(event)} does not match the answer: ${describeOutcome(o)}`);
        }
      }
      // Idempotent copies: one applied, the others replay its stored answer.
      if (group[0].kind === 'dup') {
        const fresh = acknowledged.filter((o) => o.res!.headers['idempotent-replayed'] !== 'true');
        if (fresh.length !== 1) mismatches.push(`${fresh.length} copies of ${requestId} were applied (expected 1)`);
        for (const o of acknowledged) {
          // Compared as values: a replay comes from jsonb, which orders keys its own way.
          if (!isDeepStrictEqual(o.res!.body, acknowledged[0].res!.body)) {
            mismatches.push(`copies of ${requestId} were answered differently: ${o.res!.text.slice(0, 300)} vs ${acknowledged[0].res!.text.slice(0, 300)}`);
          }
        }
      }
    }
    expect({ context, mismatches }).toEqual({ context, mismatches: [] });

    // Two writers never won the same version of a case.
    const applied = ok.filter((o) => o.res!.headers['idempotent-replayed'] !== 'true');
    for (const caseId of caseIds) {
      const versions = applied.filter((o) => o.caseId === caseId).map((o) => o.res!.body.version as number).sort((a, b) => a - b);
      const [{ version }] = await sql(`SELECT version FROM cases WHERE id = $1`, [caseId]);
      expect({ caseId, versions }).toEqual({ caseId, versions: Array.from({ length: version - 3 }, (_, i) => i + 4) });
    }
    const [{ n: eventsAfter }] = await sql(`SELECT count(*)::int AS n FROM case_events`);
    expect(eventsAfter - eventsBefore).toBe(applied.length);

    // Chains, seq, versions, outbox: by recomputation in the test and by the API's own verifier.
    expect(await trailProblems(sql, caseIds)).toEqual([]);
    const verifyAll = await httpRequest(base, { path: '/api/audit/verify', token: tokens.auditor });
    expect(verifyAll.status).toBe(200);
    expect(verifyAll.body).toMatchObject({ valid: true, broken: [] });
    for (const caseId of caseIds) {
      const [detail, timeline, verify] = await Promise.all([
        httpRequest(base, { path: `/api/cases/${caseId}`, token: tokens.auditor }),
        httpRequest(base, { path: `/api/cases/${caseId}/events?limit=100`, token: tokens.auditor }),
        httpRequest(base, { path: `/api/audit/verify?caseId=${caseId}`, token: tokens.auditor }),
      ]);
      expect(timeline.body.items.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: detail.body.version }, (_, i) => i + 1));
      expect(verify.body).toEqual({ caseId, valid: true, checked: detail.body.version });
    }
    console.log(
      `concurrency: ${outcomes.length} requests on ${CASES} cases in ${seconds.toFixed(1)} s — ${applied.length} applied, ` +
        `${ok.length - applied.length} idempotent replays, ${conflicts.length} version conflicts, ${invalid.length} invalid transitions, ` +
        `${outcomes.length - ok.length - conflicts.length - invalid.length} other refusals ${context}`,
    );
  }, 180_000);

  it('opens 60 cases at once with unique, gap-free codes and one OPENED event each', async () => {
    const openers = [
      { actor: 'inspector', body: (i: number) => rectificationBody(units.zjj, `并发立案${i}`) },
      { actor: 'supervisor', body: (i: number) => rectificationBody(units.scj, `并发立案${i}`) },
      {
        actor: 'agent',
        body: (i: number) => ({ kind: 'hotline', title: `并发工单${i}`, content: '路灯不亮', callerName: '张三', callerPhone: '13812345678', requestType: '投诉', priority: 'normal', channel: 'phone' }),
      },
    ];
    const requests = Array.from({ length: 60 }, (_, i) => ({ ...openers[i % 3], i, requestId: `open-${i}-${Date.now()}` }));
    const responses = await Promise.all(
      requests.map((r) =>
        httpRequest(base, { method: 'POST', path: '/api/cases', token: tokens[r.actor], body: r.body(r.i), headers: { 'X-Request-Id': r.requestId }, timeoutMs: REQUEST_TIMEOUT_MS }),
      ),
    );
    expect(responses.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.text}${logLine(t, r)}`)).toEqual([]);
    const codes = responses.map((r) => r.body.code as string);
    expect(new Set(codes).size).toBe(60);
    for (const prefix of new Set(codes.map((c) => c.replace(/-\d+$/, '')))) {
      const numbers = codes.filter((c) => c.startsWith(`${prefix}-`)).map((c) => Number(c.split('-').pop()));
      const sorted = [...numbers].sort((a, b) => a - b);
      expect({ prefix, numbers: sorted }).toEqual({ prefix, numbers: Array.from({ length: sorted.length }, (_, i) => sorted[0] + i) });
    }
    const events = await eventsByCorrelation(sql, requests.map((r) => r.requestId));
    requests.forEach((r, i) => {
      expect({ request: r.requestId, events: events.get(r.requestId) }).toEqual({
        request: r.requestId,
        events: [expect.objectContaining({ caseId: responses[i].body.id, seq: 1, type: 'OPENED' })],
      });
    });
    expect(await trailProblems(sql, responses.map((r) => r.body.id))).toEqual([]);
  }, 120_000);
});

/** The server's log line for a 500 (its errorId), so a failure shows the real error. */
function logLine(t: TestApp, res: HttpResult): string {
  const errorId = (res.body as { errorId?: string } | undefined)?.errorId;
  return errorId ? `\n    log: ${t.logs.find((l) => l.includes(errorId)) ?? '(no log line)'}` : '';
}
