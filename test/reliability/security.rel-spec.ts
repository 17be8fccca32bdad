import jwt from 'jsonwebtoken';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createTestApp, TEST_JWT_SECRET, TestApp } from '../support';
import { httpRequest, HttpResult, login, rectificationBody, unitIds } from '../support/http';
import { connect, dbSnapshot, Sql, snapshotDiff, trailProblems } from '../support/trail';

const PASSWORD = 'reliability-pass-1';
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A valid payload for every event people can send, so that only the policy can refuse it. */
function validPayloads(units: Record<string, string>): Record<string, Record<string, unknown>> {
  return {
    ASSIGN: { unitId: units.zjj },
    ACCEPT: {},
    RETURN: { reason: '不属于本单位' },
    SUBMIT_REPORT: { summary: '已整改' },
    REPLY: { answer: '已答复' },
    VERIFY_PASS: {},
    VERIFY_FAIL: { reason: '不合格' },
    CALLBACK: { satisfaction: 'satisfied' },
    REQUEST_EXTENSION: { dueAt: '2030-12-31', reason: '需要时间' },
    APPROVE_EXTENSION: {},
    REJECT_EXTENSION: {},
    APPROVE_CLOSURE: {},
    REJECT_CLOSURE: { reason: '不同意' },
    REOPEN: { reason: '回头看' },
    SUSPEND: { reason: '挂起' },
    RESUME: {},
    SUBMIT_FINDINGS: { summary: '查明' },
    DECIDE: { targetType: 'unit', targetUnitId: units.zjj, form: '通报', reason: '失职' },
    DISMISS: { reason: '不予问责' },
    RECORD_EXECUTION: { comment: '已执行' },
  };
}

/** Tokens, roles, unit scope, mass assignment, the append-only trail and four eyes: each refusal is total. */
describe('security', () => {
  let t: TestApp;
  let base: string;
  let sql: Sql;
  let units: Record<string, string>;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  const cases: Record<string, string> = {};

  const call = (who: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    httpRequest(base, { method, path, body, headers, token: who ? tokens[who] : undefined });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const event = (who: string, caseId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call(who, 'POST', `/api/cases/${caseId}/events`, body, headers);
  const must = async (res: Promise<HttpResult>, status: number) => {
    const r = await res;
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status} ${r.text}`);
    return r.body;
  };

  /** What `fn` changed among the things a request could write (empty when nothing). */
  async function changesBy(fn: () => Promise<void>): Promise<string[]> {
    const before = await dbSnapshot(sql);
    await fn();
    return snapshotDiff(before, await dbSnapshot(sql));
  }

  /** Runs `fn` and fails if it changed anything a request could write. */
  async function expectNothingWritten(fn: () => Promise<void>): Promise<void> {
    expect(await changesBy(fn)).toEqual([]);
  }

  const expectProblem = (res: HttpResult, status: number, code: string, what = '') => {
    expect({ what, status: res.status, code: res.body?.code, type: String(res.headers['content-type']).split(';')[0] }).toEqual({
      what,
      status,
      code,
      type: 'application/problem+json',
    });
  };

  async function openRectification(title: string, unit = 'zjj'): Promise<string> {
    return (await must(call('inspector', 'POST', '/api/cases', rectificationBody(units[unit], title)), 201)).id;
  }

  async function rectificationIn(state: 'assigned' | 'awaitingVerification' | 'verified', title: string, verifier = 'inspector'): Promise<string> {
    const id = await openRectification(title);
    await must(event('inspector', id, { type: 'ASSIGN', unitId: units.zjj }), 200);
    if (state === 'assigned') return id;
    await must(event('officer.zjj', id, { type: 'ACCEPT' }), 200);
    await must(event('officer.zjj', id, { type: 'SUBMIT_REPORT', summary: '已整改' }), 200);
    if (state === 'awaitingVerification') return id;
    await must(event(verifier, id, { type: 'VERIFY_PASS' }), 200);
    return id;
  }

  async function hotlineVerified(callbackBy = 'agent'): Promise<string> {
    const opened = await must(
      call('agent', 'POST', '/api/cases', { kind: 'hotline', title: '噪音扰民', content: '夜间施工', callerName: '王五', callerPhone: '13912345678', requestType: '投诉', priority: 'normal', channel: 'phone' }),
      201,
    );
    await must(event('agent', opened.id, { type: 'ASSIGN', unitId: units.zjj }), 200);
    await must(event('officer.zjj', opened.id, { type: 'ACCEPT' }), 200);
    await must(event('officer.zjj', opened.id, { type: 'REPLY', answer: '已处理' }), 200);
    await must(event(callbackBy, opened.id, { type: 'CALLBACK', satisfaction: 'satisfied' }), 200);
    return opened.id;
  }

  async function createUser(username: string, unit: string, roles: string[]): Promise<void> {
    const created = await must(call('admin', 'POST', '/api/users', { username, displayName: username, unitId: units[unit], roles, password: PASSWORD }), 201);
    userIds[username] = created.id;
    tokens[username] = (await login(base, username, PASSWORD)).token;
  }

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    sql = (text, params) => t.app.get(DataSource).query(text, params);
    for (const name of ['admin', 'inspector', 'supervisor', 'auditor', 'agent', 'officer.zjj', 'officer.scj']) {
      const session = await login(base, name);
      tokens[name] = session.token;
      userIds[name] = session.user.id;
    }
    units = await unitIds(base, tokens.admin);
    cases.opened = await openRectification('已立案事项');
    cases.awaiting = await rectificationIn('awaitingVerification', '待核查事项');
    cases.verified = await rectificationIn('verified', '待销号事项');
    cases.hotlineVerified = await hotlineVerified();
    cases.zjjSecret = await rectificationIn('assigned', '住建局机密整改事项');
    cases.scj = await openRectification('市场监管局事项', 'scj');
    cases.accountability = (
      await must(call('inspector', 'POST', '/api/cases', { kind: 'accountability', title: '问责事项', description: '未按期整改', parentCaseId: cases.awaiting, targetUnitId: units.zjj }), 201)
    ).id;
    const duty = { key: 'annual-plan', title: '年初专题研究工作计划', schedule: { type: 'once', due: '03-31' }, appliesTo: [units.zjj] };
    await must(call('admin', 'PUT', '/api/responsibility-lists/2031', { status: 'published', items: [{ no: 4, text: '年初专题研究机关党建工作计划', obligations: [duty] }] }), 200);
    cases.obligation = (await sql(`SELECT case_id FROM obligation_cases WHERE list_year = 2031`))[0].case_id;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const adminId = () => userIds.admin;
  const adminClaims = () => ({ roles: ['admin'], unitId: units.county, username: 'admin' });

  /** A token must be refused on reads and writes alike, and the writes must leave nothing behind. */
  async function expectTokenRefused(token: string, label: string): Promise<void> {
    await expectNothingWritten(async () => {
      const attempts: [string, string, unknown][] = [
        ['GET', '/api/cases', undefined],
        ['GET', '/api/users', undefined],
        ['POST', '/api/cases', rectificationBody(units.zjj, '伪造令牌')],
        ['POST', `/api/cases/${cases.awaiting}/events`, { type: 'VERIFY_PASS' }],
        ['POST', '/api/units', { code: 'forged-unit', name: '伪造单位' }],
      ];
      for (const [method, path, body] of attempts) {
        const res = await httpRequest(base, { method, path, body, headers: bearer(token) });
        expectProblem(res, 401, 'UNAUTHENTICATED', `${label}: ${method} ${path}`);
      }
    });
  }

  it('refuses tokens signed with another secret (and HS/RS algorithm confusion) with 401', async () => {
    await expectTokenRefused(jwt.sign(adminClaims(), 'some-other-secret-some-other-secret-0123', { subject: adminId(), issuer: 'rectify', expiresIn: 3600 }), 'other secret');
    // RS256 claimed, HMAC-signed with the server's own secret: must not be accepted as either.
    const rs = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ ...adminClaims(), sub: adminId(), exp: Math.floor(Date.now() / 1000) + 3600 })}`;
    const hmac = createHmac('sha256', TEST_JWT_SECRET).update(rs).digest('base64url');
    await expectTokenRefused(`${rs}.${hmac}`, 'RS256 header, HMAC signature');
  });

  it('refuses an expired token with 401 saying so', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign({ ...adminClaims(), iat: now - 7200, exp: now - 60 }, TEST_JWT_SECRET, { subject: adminId(), issuer: 'rectify' });
    await expectTokenRefused(expired, 'expired');
    const res = await httpRequest(base, { path: '/api/cases', headers: bearer(expired) });
    expect(res.body.detail).toMatch(/expired/);
  });

  it('refuses alg "none" tokens with 401, whatever the spelling', async () => {
    const payload = b64({ ...adminClaims(), sub: adminId(), iss: 'rectify', exp: Math.floor(Date.now() / 1000) + 3600 });
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      await expectTokenRefused(`${b64({ alg, typ: 'JWT' })}.${payload}.`, `alg ${alg}`);
      await expectTokenRefused(`${b64({ alg, typ: 'JWT' })}.${payload}.${tokens.admin.split('.')[2]}`, `alg ${alg} with a signature`);
    }
  });

  it('refuses truncated tokens with 401', async () => {
    const token = tokens.admin;
    const [header, payload, signature] = token.split('.');
    for (const [label, truncated] of [
      ['signature dropped', `${header}.${payload}.`],
      ['signature cut short', `${header}.${payload}.${signature.slice(0, -3)}`],
      ['one character less', token.slice(0, -1)],
      ['header and payload only', `${header}.${payload}`],
      ['payload cut in half', `${header}.${payload.slice(0, payload.length / 2)}.${signature}`],
      ['header only', header],
    ] as const) {
      await expectTokenRefused(truncated, label);
    }
  });

  it('takes roles from the user record, not from the token: inflated claims with a valid signature gain nothing', async () => {
    const inflated = jwt.sign({ roles: ['admin', 'supervisor', 'inspector'], unitId: units.county, username: 'officer.zjj', tv: 0 }, TEST_JWT_SECRET, {
      subject: userIds['officer.zjj'],
      issuer: 'rectify',
      audience: 'rectify-api',
      expiresIn: 3600,
    });
    await expectNothingWritten(async () => {
      expectProblem(await httpRequest(base, { path: '/api/users', headers: bearer(inflated) }), 403, 'FORBIDDEN', 'list users');
      expectProblem(await httpRequest(base, { method: 'POST', path: '/api/units', headers: bearer(inflated), body: { code: 'x-unit', name: '越权' } }), 403, 'FORBIDDEN', 'create unit');
      expectProblem(await httpRequest(base, { method: 'POST', path: `/api/cases/${cases.awaiting}/events`, headers: bearer(inflated), body: { type: 'VERIFY_PASS' } }), 403, 'FORBIDDEN', 'VERIFY_PASS');
      expectProblem(await httpRequest(base, { path: `/api/cases/${cases.scj}`, headers: bearer(inflated) }), 404, 'NOT_FOUND', 'case of another unit');
    });
  });

  it('refuses a unit_officer sending VERIFY_PASS with 403 and writes nothing', async () => {
    await expectNothingWritten(async () => {
      const res = await event('officer.zjj', cases.awaiting, { type: 'VERIFY_PASS', comment: '自己核查自己' });
      expectProblem(res, 403, 'FORBIDDEN');
      expect(res.body.rule).toBe('role');
    });
  });

  it('refuses a unit_officer sending APPROVE_CLOSURE with 403 and writes nothing', async () => {
    await expectNothingWritten(async () => {
      const res = await event('officer.zjj', cases.verified, { type: 'APPROVE_CLOSURE', comment: '自己销号' });
      expectProblem(res, 403, 'FORBIDDEN');
      expect(res.body.rule).toBe('role');
    });
  });

  it('refuses a hotline_agent approving closure with 403 and writes nothing', async () => {
    await expectNothingWritten(async () => {
      const res = await event('agent', cases.hotlineVerified, { type: 'APPROVE_CLOSURE' });
      expectProblem(res, 403, 'FORBIDDEN');
    });
  });

  it.each(['auditor', 'admin'])('refuses every case event from %s with 403 and writes nothing', async (who) => {
    const payloads = validPayloads(units);
    const workflows = await must(call('auditor', 'GET', '/api/workflows'), 200);
    const caseOf: Record<string, string> = { rectification: cases.awaiting, hotline: cases.hotlineVerified, accountability: cases.accountability, obligation: cases.obligation };
    const wrong: string[] = [];
    let tried = 0;
    await expectNothingWritten(async () => {
      for (const workflow of workflows.items as { kind: string; events: { type: string; system: boolean }[] }[]) {
        for (const { type } of workflow.events.filter((e) => !e.system)) {
          expect({ type, payload: payloads[type] !== undefined }).toEqual({ type, payload: true });
          const res = await event(who, caseOf[workflow.kind], { type, ...payloads[type] });
          tried++;
          if (res.status !== 403 || res.body.code !== 'FORBIDDEN') wrong.push(`${workflow.kind} ${type}: ${res.status} ${res.text}`);
        }
      }
    });
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(20);
  });

  it('hides a zjj case from officer.scj: 404 on get, events, timeline and verify; absent from lists, filters, text and audit search', async () => {
    const id = cases.zjjSecret;
    const ghost = await call('officer.scj', 'GET', '/api/cases/00000000-0000-4000-8000-000000000000');
    await expectNothingWritten(async () => {
      for (const [method, path, body] of [
        ['GET', `/api/cases/${id}`, undefined],
        ['GET', `/api/cases/${id}/events`, undefined],
        ['GET', `/api/audit/verify?caseId=${id}`, undefined],
        ['POST', `/api/cases/${id}/events`, { type: 'ACCEPT' }],
        ['POST', `/api/cases/${id}/events`, { type: 'RETURN', reason: '不是我们的' }],
      ] as const) {
        const res = await call('officer.scj', method, path, body);
        expectProblem(res, 404, 'NOT_FOUND', `${method} ${path}`);
        // The same answer as for a case that does not exist: nothing is disclosed.
        expect({ path, body: res.body }).toEqual({ path, body: ghost.body });
      }
    });
    const lists = await Promise.all(
      ['/api/cases?limit=100', `/api/cases?unitId=${units.zjj}`, `/api/cases?text=${encodeURIComponent('住建局机密')}`, '/api/cases?state=assigned&limit=100'].map((p) =>
        call('officer.scj', 'GET', p),
      ),
    );
    for (const list of lists) {
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    }
    expect(lists[2].body.items).toEqual([]);
    const search = await call('officer.scj', 'GET', `/api/audit?caseId=${id}`);
    expect(search.status).toBe(200);
    expect(search.body.items).toEqual([]);
    const everything = await call('officer.scj', 'GET', '/api/audit?limit=100');
    expect(everything.body.items.map((e: { caseId: string }) => e.caseId)).not.toContain(id);
    const verifyAll = await call('officer.scj', 'GET', '/api/audit/verify');
    expect(verifyAll.body.broken).toEqual([]);
    // While its own officer sees it.
    expect((await call('officer.zjj', 'GET', `/api/cases/${id}`)).status).toBe(200);
  });

  it('refuses mass assignment in case bodies, event bodies, user, unit and login bodies with 400 naming the field, writing nothing', async () => {
    const createBodies: Record<string, Record<string, unknown>> = {
      rectification: rectificationBody(units.zjj, '批量赋值'),
      hotline: { kind: 'hotline', title: '批量赋值', content: '内容', callerName: '张三', callerPhone: '13812345678', requestType: '咨询', priority: 'normal', channel: 'phone' },
      accountability: { kind: 'accountability', title: '批量赋值', description: '描述' },
    };
    const smuggled: Record<string, unknown> = {
      state: 'closed',
      stateDetail: 'closed',
      version: 99,
      code: 'ZG-2026-999999',
      escalationLevel: 3,
      openedBy: userIds.admin,
      chainHead: '0'.repeat(64),
      id: '00000000-0000-4000-8000-000000000001',
      machineVersion: 99,
      suspended: true,
      closedAt: '2026-01-01T00:00:00Z',
      snapshot: { value: 'closed', context: {} },
    };
    const userBody = { username: 'mass.assign', displayName: '批量赋值', unitId: units.zjj, roles: ['unit_officer'], password: PASSWORD };
    const attempts: [string, string, string, Record<string, unknown>, string][] = [];
    for (const [kind, body] of Object.entries(createBodies)) {
      for (const [field, value] of Object.entries(smuggled)) attempts.push([`create ${kind}`, 'POST', '/api/cases', { ...body, [field]: value }, field]);
    }
    for (const [field, value] of Object.entries({ ...smuggled, actorId: userIds.supervisor, actorRole: 'supervisor', seq: 1, hash: 'x', correlationId: 'x', type2: 'VERIFY_PASS' })) {
      attempts.push(['ASSIGN', 'POST', `/api/cases/${cases.opened}/events`, { type: 'ASSIGN', unitId: units.zjj, [field]: value }, field]);
      attempts.push(['REQUEST_EXTENSION', 'POST', `/api/cases/${cases.awaiting}/events`, { type: 'REQUEST_EXTENSION', dueAt: '2030-12-31', reason: '延期', [field]: value }, field]);
    }
    for (const [field, value] of Object.entries({ passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$x$y', password_hash: 'x', id: '00000000-0000-4000-8000-000000000002', createdAt: '2020-01-01T00:00:00Z', lastLogin: 'x' })) {
      attempts.push(['create user', 'POST', '/api/users', { ...userBody, [field]: value }, field]);
    }
    for (const [field, value] of Object.entries({ passwordHash: 'x', username: 'renamed', id: '00000000-0000-4000-8000-000000000003', createdAt: '2020-01-01T00:00:00Z' })) {
      attempts.push(['update user', 'PATCH', `/api/users/${userIds['officer.zjj']}`, { displayName: '改名', [field]: value }, field]);
    }
    for (const [field, value] of Object.entries({ roles: ['admin'], unitId: units.county, passwordHash: 'x', isAdmin: true })) {
      attempts.push(['login', 'POST', '/api/auth/login', { username: 'officer.zjj', password: 'rectify-demo', [field]: value }, field]);
    }
    for (const [field, value] of Object.entries({ id: '00000000-0000-4000-8000-000000000004', children: [], createdAt: '2020-01-01T00:00:00Z' })) {
      attempts.push(['create unit', 'POST', '/api/units', { code: 'mass-unit', name: '批量', parentId: units.county, [field]: value }, field]);
      attempts.push(['update unit', 'PATCH', `/api/units/${units.scj}`, { name: '改名', [field]: value }, field]);
    }
    attempts.push(['calendar', 'PUT', '/api/calendar/2027', { holidays: ['2027-01-01'], workdays: [], updatedBy: userIds.admin }, 'updatedBy']);
    const who = (what: string) =>
      what.startsWith('create ') && !['create user', 'create unit'].includes(what)
        ? what === 'create hotline'
          ? 'agent'
          : 'inspector'
        : what === 'ASSIGN'
          ? 'inspector'
          : what === 'REQUEST_EXTENSION'
            ? 'officer.zjj'
            : what === 'login'
              ? undefined
              : 'admin';
    const wrong: string[] = [];
    await expectNothingWritten(async () => {
      for (const [what, method, path, body, field] of attempts) {
        const res = await call(who(what), method, path, body);
        const named = (res.body?.errors ?? []).some((e: { field: string }) => e.field === field || e.field.startsWith(`${field}.`));
        if (res.status !== 400 || res.body.code !== 'VALIDATION_FAILED' || !named) wrong.push(`${what} with ${field}: ${res.status} ${res.text.slice(0, 200)}`);
      }
    });
    expect(wrong).toEqual([]);
    expect(attempts.length).toBeGreaterThan(60);
    // The lawful version of a refused request works: the refusal was about the smuggled field.
    expect((await call(undefined, 'POST', '/api/auth/login', { username: 'officer.zjj', password: 'rectify-demo' })).status).toBe(200);
  });

  it('lets no one but an admin change roles, units or passwords of users, their own included', async () => {
    await expectNothingWritten(async () => {
      for (const who of ['officer.zjj', 'supervisor', 'inspector', 'auditor', 'agent']) {
        for (const body of [{ roles: ['admin'] }, { roles: ['supervisor', 'inspector'] }, { unitId: units.county }, { password: 'taken-over-123' }, { active: true }]) {
          const res = await call(who, 'PATCH', `/api/users/${userIds[who]}`, body);
          expectProblem(res, 403, 'FORBIDDEN', `${who} PATCH own user ${JSON.stringify(body)}`);
        }
        const create = await call(who, 'POST', '/api/users', { username: `sneaky.${who}`, displayName: 'x', unitId: units.county, roles: ['admin'], password: PASSWORD });
        expectProblem(create, 403, 'FORBIDDEN', `${who} POST /api/users`);
      }
    });
  });

  it('refuses fields an SLA policy body does not have (version, createdBy, anything else) with 400, publishing nothing', async () => {
    const current = await must(call('admin', 'GET', '/api/sla-policies'), 200);
    const wrong: string[] = [];
    const changes = await changesBy(async () => {
      for (const [field, value] of Object.entries({ version: 99, createdBy: userIds.supervisor, createdAt: '2020-01-01T00:00:00Z', junk: 1 })) {
        const res = await call('admin', 'PUT', '/api/sla-policies', { rules: current.rules, [field]: value });
        if (res.status !== 400) wrong.push(`PUT /api/sla-policies with ${field}: ${res.status} ${res.text.slice(0, 160)}`);
      }
    });
    expect(wrong).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('never lets prototype-pollution keys reach Object.prototype or a stored row', async () => {
    const polluted = '{"polluted":"yes","isAdmin":true,"roles":["admin"]}';
    const bodies: [string | undefined, string, string, string][] = [
      ['inspector', 'POST', '/api/cases', JSON.stringify(rectificationBody(units.zjj, '原型污染')).replace(/^\{/, `{"__proto__":${polluted},"constructor":{"prototype":${polluted}},`)],
      ['admin', 'POST', '/api/users', `{"__proto__":${polluted},"username":"proto.user","displayName":"原型","unitId":"${units.zjj}","roles":["unit_officer"],"password":"${PASSWORD}"}`],
      ['admin', 'PATCH', `/api/users/${userIds['officer.scj']}`, `{"constructor":{"prototype":${polluted}},"displayName":"原型"}`],
      ['admin', 'POST', '/api/units', `{"__proto__":${polluted},"code":"proto-unit","name":"原型"}`],
      [undefined, 'POST', '/api/auth/login', `{"__proto__":${polluted},"username":"officer.scj","password":"rectify-demo"}`],
      ['inspector', 'POST', `/api/cases/${cases.opened}/events`, `{"__proto__":${polluted},"type":"ASSIGN","unitId":"${units.zjj}"}`],
      ['admin', 'PUT', '/api/calendar/2027', `{"__proto__":${polluted},"holidays":[],"workdays":[]}`],
    ];
    for (const [who, method, path, body] of bodies) {
      const res = await call(who, method, path, body, { 'Content-Type': 'application/json' });
      expect({ path, status: res.status < 500 }).toEqual({ path, status: true });
    }
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [{ n }] = await sql(
      `SELECT (SELECT count(*) FROM cases WHERE fields::text LIKE '%polluted%' OR snapshot::text LIKE '%polluted%')
            + (SELECT count(*) FROM case_events WHERE payload::text LIKE '%polluted%')
            + (SELECT count(*) FROM users WHERE 'admin' = ANY(roles) AND username <> 'admin') AS n`,
    );
    expect(Number(n)).toBe(0);
    const me = await call(undefined, 'POST', '/api/auth/login', { username: 'officer.scj', password: 'rectify-demo' });
    expect(me.body.user.roles).toEqual(['unit_officer']);
  });

  it('refuses prototype-pollution keys (__proto__, constructor, hasOwnProperty) like any other unknown field: 400, nothing written', async () => {
    const wrong: string[] = [];
    const changes = await changesBy(async () => {
      for (const key of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
        const value = key === 'constructor' ? '{"prototype":{"polluted":"yes"}}' : '{"polluted":"yes"}';
        const attempts: [string | undefined, string, string, string][] = [
          ['inspector', 'POST', '/api/cases', JSON.stringify(rectificationBody(units.zjj, '原型键')).replace(/^\{/, `{"${key}":${value},`)],
          ['admin', 'POST', '/api/users', `{"${key}":${value},"username":"proto.${key.replace(/_/g, '')}","displayName":"原型","unitId":"${units.zjj}","roles":["unit_officer"],"password":"${PASSWORD}"}`],
          ['admin', 'PATCH', `/api/users/${userIds['officer.scj']}`, `{"${key}":${value},"displayName":"原型键"}`],
          ['admin', 'POST', '/api/units', `{"${key}":${value},"code":"proto-${key.replace(/_/g, '').toLowerCase()}","name":"原型"}`],
          ['admin', 'PATCH', `/api/units/${units.scj}`, `{"${key}":${value},"name":"原型键"}`],
          [undefined, 'POST', '/api/auth/login', `{"${key}":${value},"username":"officer.scj","password":"rectify-demo"}`],
          ['inspector', 'POST', `/api/cases/${cases.opened}/events`, `{"${key}":${value},"type":"ASSIGN","unitId":"${units.zjj}"}`],
          ['admin', 'PUT', '/api/calendar/2027', `{"${key}":${value},"holidays":[],"workdays":[]}`],
        ];
        for (const [who, method, path, body] of attempts) {
          const res = await call(who, method, path, body, { 'Content-Type': 'application/json' });
          if (res.status !== 400) wrong.push(`${method} ${path} with "${key}": ${res.status} ${res.text.slice(0, 120)}`);
        }
      }
    });
    expect(wrong).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('has the database refuse UPDATE, DELETE and TRUNCATE of the audit trail from the application’s own database user, and even from the owner', async () => {
    const ds = t.app.get(DataSource);
    const [{ current_user: appUser }] = await ds.query('SELECT current_user');
    const [{ n: before }] = await sql(`SELECT count(*)::int AS n FROM case_events`);
    const attempts = [
      [`UPDATE case_events SET type = 'TAMPERED' WHERE case_id = $1`, [cases.verified]],
      [`UPDATE case_events SET payload = '{}'::jsonb`, []],
      [`DELETE FROM case_events WHERE case_id = $1`, [cases.verified]],
      [`DELETE FROM case_events`, []],
      [`TRUNCATE case_events CASCADE`, []],
    ] as const;
    const outcomes: string[] = [];
    for (const [statement, params] of attempts) {
      const error = await ds.query(statement, [...params]).then(
        () => undefined,
        (e: { driverError?: { code?: string }; code?: string; message: string }) => e,
      );
      outcomes.push(`${statement}: ${error ? `${error.driverError?.code ?? error.code} ${/permission denied/.test(error.message) ? 'permission denied' : error.message}` : 'ACCEPTED'}`);
    }
    // The app role holds no UPDATE, DELETE or TRUNCATE privilege on the trail at all.
    expect({ appUser, outcomes }).toEqual({ appUser, outcomes: attempts.map(([s]) => `${s}: 42501 permission denied`) });
    // The tables' owner has the privileges, and the append-only trigger still refuses it.
    const own = await connect(t.database.url);
    try {
      await expect(own.sql(`DELETE FROM case_events WHERE case_id = $1`, [cases.verified])).rejects.toThrow(/append-only/);
      await expect(own.sql(`TRUNCATE case_events CASCADE`)).rejects.toThrow(/append-only/);
    } finally {
      await own.close();
    }
    const [{ n: after }] = await sql(`SELECT count(*)::int AS n FROM case_events`);
    expect(after).toBe(before);
    expect(await trailProblems(sql)).toEqual([]);
    const verify = await call('auditor', 'GET', '/api/audit/verify');
    expect(verify.body).toMatchObject({ valid: true, broken: [] });
  });

  it('enforces four eyes: whoever verified a case cannot approve its closure; the next verification moves the rule on', async () => {
    await createUser('dual.rect', 'jw', ['inspector', 'supervisor']);
    await createUser('inspector.2', 'jw', ['inspector']);
    const id = await rectificationIn('verified', '四眼原则', 'dual.rect');
    await expectNothingWritten(async () => {
      const refused = await event('dual.rect', id, { type: 'APPROVE_CLOSURE', comment: '自己核查自己销号' });
      expectProblem(refused, 403, 'FORBIDDEN');
      expect(refused.body.rule).toBe('four-eyes');
      const view = await call('dual.rect', 'GET', `/api/cases/${id}`);
      expect(view.body.availableEvents.map((e: { type: string }) => e.type)).not.toContain('APPROVE_CLOSURE');
    });
    await must(event('supervisor', id, { type: 'APPROVE_CLOSURE' }), 200);
    // Reopened and verified again by someone else: now the first verifier may approve.
    await must(event('supervisor', id, { type: 'REOPEN', reason: '回头看发现反弹' }), 200);
    await must(event('officer.zjj', id, { type: 'SUBMIT_REPORT', summary: '再次整改' }), 200);
    await must(event('inspector.2', id, { type: 'VERIFY_PASS' }), 200);
    await must(event('dual.rect', id, { type: 'APPROVE_CLOSURE' }), 200);
    const timeline = await call('auditor', 'GET', `/api/cases/${id}/events`);
    const closures = timeline.body.items.filter((e: { type: string }) => e.type === 'APPROVE_CLOSURE');
    const verifications = timeline.body.items.filter((e: { type: string }) => e.type === 'VERIFY_PASS');
    for (const [i, closure] of closures.entries()) expect(closure.actorId).not.toBe(verifications[i].actorId);
  });

  it('enforces four eyes on 12345 work orders: whoever recorded the satisfied callback cannot approve closure', async () => {
    await createUser('dual.hotline', 'hotline', ['hotline_agent', 'supervisor']);
    const id = await hotlineVerified('dual.hotline');
    await expectNothingWritten(async () => {
      const refused = await event('dual.hotline', id, { type: 'APPROVE_CLOSURE' });
      expectProblem(refused, 403, 'FORBIDDEN');
      expect(refused.body.rule).toBe('four-eyes');
    });
    await must(event('supervisor', id, { type: 'APPROVE_CLOSURE' }), 200);
  });
});
