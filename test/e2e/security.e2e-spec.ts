import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { CaseDriver, createTestApp, DemoSessions, TEST_JWT_SECRET, TestApp } from '../support';

const IDP_ISSUER = 'https://idp.county.example';
const IDP_AUDIENCE = 'rectify';
const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

describe('security: a shared PC, tokens, sessions, logs and hostile admin input', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let driver: CaseDriver;
  let ds: DataSource;
  const idp = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const idpKey = idp.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  beforeAll(async () => {
    t = await createTestApp({
      env: { JWT_PUBLIC_KEY: idp.publicKey.export({ type: 'spki', format: 'pem' }).toString(), JWT_ISSUER: IDP_ISSUER, JWT_AUDIENCE: IDP_AUDIENCE },
    });
    sessions = new DemoSessions(t);
    driver = new CaseDriver(t, sessions);
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  describe('a browser shared by several staff', () => {
    it('gives the next user their own view of a case, never a 304 on the first user’s ETag', async () => {
      const units = await driver.units();
      const order = await driver.openHotline({ callerName: '刘芳', callerPhone: '13955556666' });
      await driver.must('agent', order.id, { type: 'ASSIGN', unitId: units.zjj });
      const agent = await t.http().get(`/api/cases/${order.id}`).set((await sessions.as('agent')).auth);
      expect(agent.body.fields).toMatchObject({ callerName: '刘芳', callerPhone: '13955556666' });
      const etag = agent.headers.etag;

      const officer = await t.http().get(`/api/cases/${order.id}`).set((await sessions.as('officer.zjj')).auth).set('If-None-Match', etag);
      expect(officer.status).toBe(200);
      expect(officer.body.fields).toMatchObject({ callerName: '刘*', callerPhone: '139****6666' });
      expect(officer.body.availableEvents.map((e: { type: string }) => e.type)).toContain('ACCEPT');
    });

    it.each([
      ['a case', async () => `/api/cases/${(await driver.openRectification()).id}`],
      ['a list', async () => '/api/cases?limit=5'],
      ['the unit tree', async () => '/api/units'],
      ['a refusal', async () => '/api/cases/00000000-0000-4000-8000-000000000000'],
    ])('lets no browser or proxy keep %s', async (_, path) => {
      const res = await t.http().get(await path()).set((await sessions.as('inspector')).auth);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers.vary).toMatch(/Authorization/);
    });
  });

  describe('tokens of the external identity provider', () => {
    const claims = async () => {
      const { user } = await sessions.as('inspector');
      return { sub: user.id, roles: user.roles, unitId: user.unitId };
    };
    const rs256 = async (options: jwt.SignOptions, extra: Record<string, unknown> = {}) =>
      `Bearer ${jwt.sign({ ...(await claims()), ...extra }, idpKey, { algorithm: 'RS256', ...options })}`;
    const now = () => Math.floor(Date.now() / 1000);

    it('accepts a token with the configured issuer and audience', async () => {
      const res = await t.http().get('/api/cases/count').set('Authorization', await rs256({ issuer: IDP_ISSUER, audience: IDP_AUDIENCE, expiresIn: 300 }));
      expect(res.status).toBe(200);
    });

    it('allows a minute of clock skew on expiry', async () => {
      const token = await rs256({ issuer: IDP_ISSUER, audience: IDP_AUDIENCE }, { exp: now() - 20 });
      expect((await t.http().get('/api/cases/count').set('Authorization', token)).status).toBe(200);
    });

    it.each([
      ['another issuer', { issuer: 'https://evil.example', audience: IDP_AUDIENCE, expiresIn: 300 }, {}, /issuer/],
      ['another audience', { issuer: IDP_ISSUER, audience: 'payroll-app', expiresIn: 300 }, {}, /audience/],
      ['no audience', { issuer: IDP_ISSUER, expiresIn: 300 }, {}, /audience/],
      ['no expiry', { issuer: IDP_ISSUER, audience: IDP_AUDIENCE }, {}, /expiry/],
      ['expiry past the skew', { issuer: IDP_ISSUER, audience: IDP_AUDIENCE }, { exp: now() - 120 }, /expired/],
    ])('refuses a token with %s', async (_, options, extra, detail) => {
      const res = await t.http().get('/api/cases/count').set('Authorization', await rs256(options as jwt.SignOptions, extra));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.body.detail).toMatch(detail);
    });

    it('checks issuer and audience on our own tokens too', async () => {
      const { user } = await sessions.as('inspector');
      const own = (options: jwt.SignOptions) => `Bearer ${jwt.sign({ roles: user.roles, unitId: user.unitId, tv: 0 }, TEST_JWT_SECRET, { subject: user.id, expiresIn: 300, ...options })}`;
      expect((await t.http().get('/api/cases/count').set('Authorization', own({ issuer: 'rectify', audience: 'rectify-api' }))).status).toBe(200);
      expect((await t.http().get('/api/cases/count').set('Authorization', own({ issuer: 'rectify' }))).status).toBe(401);
      expect((await t.http().get('/api/cases/count').set('Authorization', own({ issuer: 'someone-else', audience: 'rectify-api' }))).status).toBe(401);
      const login = await t.http().post('/api/auth/login').send({ username: 'auditor', password: 'rectify-demo' });
      expect(jwt.decode(login.body.accessToken)).toMatchObject({ iss: 'rectify', aud: 'rectify-api', exp: expect.any(Number) });
    });
  });

  describe('ending sessions', () => {
    let n = 0;
    const newUser = async () => {
      const { auth } = await sessions.as('admin');
      const username = `session.user${++n}`;
      const units = await driver.units();
      const created = await t.http().post('/api/users').set(auth).send({ username, displayName: '会话测试', unitId: units.jw, roles: ['inspector'], password: 'first-password' });
      const login = await t.http().post('/api/auth/login').send({ username, password: 'first-password' });
      return { id: created.body.id as string, username, token: `Bearer ${login.body.accessToken}` };
    };
    const patch = async (id: string, body: Record<string, unknown>) =>
      t.http().patch(`/api/users/${id}`).set((await sessions.as('admin')).auth).send(body);

    it.each([
      ['a password reset', { password: 'second-password' }],
      ['a deactivation', { active: false }],
      ['a role change', { roles: ['auditor'] }],
    ])('ends every earlier session at once after %s', async (_, change) => {
      const user = await newUser();
      expect((await t.http().get('/api/cases/count').set('Authorization', user.token)).status).toBe(200);
      expect((await patch(user.id, change)).status).toBe(200);
      const res = await t.http().get('/api/cases/count').set('Authorization', user.token);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('ends the session on another API process within the same request', async () => {
      const other = await createTestApp({ database: t.database, seed: false });
      try {
        const user = await newUser();
        expect((await other.http().get('/api/cases/count').set('Authorization', user.token)).status).toBe(200);
        await patch(user.id, { password: 'second-password' });
        expect((await other.http().get('/api/cases/count').set('Authorization', user.token)).status).toBe(401);
        const again = await other.http().post('/api/auth/login').send({ username: user.username, password: 'second-password' });
        expect((await other.http().get('/api/cases/count').set('Authorization', `Bearer ${again.body.accessToken}`)).status).toBe(200);
      } finally {
        await other.close();
      }
    });

    // The events route reads its user inside its own transaction, from this process's last read.
    const openAs = async (user: { token: string }) => {
      const units = await driver.units();
      const res = await t
        .http()
        .post('/api/cases')
        .set('Authorization', user.token)
        .send({ kind: 'rectification', title: '会话测试问题', description: '测试', source: '自查', unitId: units.zjj, dueAt: '2030-06-30' });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, zjj: units.zjj };
    };
    const versionOf = async (caseId: string) => (await t.http().get(`/api/cases/${caseId}`).set((await sessions.as('admin')).auth)).body.version as number;

    it.each([
      ['a deactivation', { active: false }, 'this account is deactivated'],
      ['a password reset', { password: 'second-password' }, 'this session has ended'],
    ])('refuses an event after %s, and the case does not move', async (_, change, detail) => {
      const user = await newUser();
      const c = await openAs(user);
      expect((await patch(user.id, change)).status).toBe(200);
      const res = await t.http().post(`/api/cases/${c.id}/events`).set('Authorization', user.token).send({ type: 'ASSIGN', unitId: c.zjj });
      expect(res.status).toBe(401);
      expect(res.body.detail).toContain(detail);
      expect(await versionOf(c.id)).toBe(1);
    });

    it('applies an event as the user now is when they changed after this process last read them', async () => {
      const user = await newUser();
      const c = await openAs(user);
      await patch(user.id, { displayName: '改名之后' });
      const res = await t.http().post(`/api/cases/${c.id}/events`).set('Authorization', user.token).send({ type: 'ASSIGN', unitId: c.zjj });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(2);
      const trail = await t.http().get(`/api/cases/${c.id}/events`).set('Authorization', user.token);
      expect(trail.body.items.map((e: { type: string }) => e.type)).toEqual(['OPENED', 'ASSIGN']);
    });

    it('refuses an event on another API process right after the session ended there', async () => {
      const other = await createTestApp({ database: t.database, seed: false });
      try {
        const user = await newUser();
        const c = await openAs(user);
        // The other process reads the user once (and keeps that read), then the session ends.
        expect((await other.http().get('/api/cases/count').set('Authorization', user.token)).status).toBe(200);
        await patch(user.id, { active: false });
        const res = await other.http().post(`/api/cases/${c.id}/events`).set('Authorization', user.token).send({ type: 'ASSIGN', unitId: c.zjj });
        expect(res.status).toBe(401);
        expect(await versionOf(c.id)).toBe(1);
      } finally {
        await other.close();
      }
    });

    it('keeps the session through a change that grants nothing (display name)', async () => {
      const user = await newUser();
      await patch(user.id, { displayName: '改名之后' });
      expect((await t.http().get('/api/cases/count').set('Authorization', user.token)).status).toBe(200);
    });
  });

  describe('refused requests in the log', () => {
    it('logs a probe of another unit’s case at warn with who made it', async () => {
      const own = await driver.openRectification();
      const probe = await t.http().get(`/api/cases/${own.id}`).set((await sessions.as('officer.scj')).auth).set('X-Request-Id', 'probe-scj-1');
      expect(probe.status).toBe(404);
      const scj = await sessions.as('officer.scj');
      const line = t.logs.map((l) => JSON.parse(l)).find((l) => l.req?.id === 'probe-scj-1' && l.res);
      expect(line).toMatchObject({ level: 40, userId: scj.user.id, username: 'officer.scj', ip: expect.any(String), res: { statusCode: 404 } });
    });

    it('logs an unauthenticated request at warn with the client address', async () => {
      await t.http().get('/api/cases').set('Authorization', 'Bearer a.b.c').set('X-Request-Id', 'probe-anon-1');
      const line = t.logs.map((l) => JSON.parse(l)).find((l) => l.req?.id === 'probe-anon-1' && l.res);
      expect(line).toMatchObject({ level: 40, ip: expect.any(String), res: { statusCode: 401 } });
      expect(line.userId).toBeUndefined();
    });
  });

  describe('null in admin writes', () => {
    it.each(['displayName', 'unitId', 'active', 'roles', 'password'])('refuses PATCH /api/users/:id {%s: null} with 400 naming it, changing nothing', async (field) => {
      const { auth, user } = await sessions.as('auditor');
      const before = await ds.query(`SELECT display_name, unit_id, active, roles, updated_at FROM users WHERE id = $1`, [user.id]);
      const res = await t.http().patch(`/api/users/${user.id}`).set((await sessions.as('admin')).auth).send({ [field]: null });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fields(res)).toContain(field);
      expect(await ds.query(`SELECT display_name, unit_id, active, roles, updated_at FROM users WHERE id = $1`, [user.id])).toEqual(before);
      expect((await t.http().get('/api/units').set(auth)).status).toBe(200);
    });

    it.each(['code', 'name'])('refuses PATCH /api/units/:id {%s: null} with 400 naming it', async (field) => {
      const units = await driver.units();
      const res = await t.http().patch(`/api/units/${units.scj}`).set((await sessions.as('admin')).auth).send({ [field]: null });
      expect(res.status).toBe(400);
      expect(fields(res)).toContain(field);
    });

    it('refuses null for an optional case field', async () => {
      const res = await t.http().post('/api/cases').set((await sessions.as('inspector')).auth).send({ kind: 'rectification', title: 't', description: 'd', source: '自查', category: null });
      expect(res.status).toBe(400);
      expect(fields(res)).toContain('category');
    });
  });

  describe('opening a case with an Idempotency-Key', () => {
    const body = { kind: 'hotline', title: '噪音扰民', content: '夜间施工', callerName: '王五', callerPhone: '13700001111', requestType: '投诉', priority: 'normal', channel: 'phone' };
    const count = async () => (await ds.query(`SELECT count(*)::int AS n FROM cases WHERE title = '噪音扰民'`))[0].n as number;
    const open = async (key: string, payload: Record<string, unknown> = body) =>
      t.http().post('/api/cases').set((await sessions.as('agent')).auth).set('Idempotency-Key', key).send(payload);

    it('answers a retry with the first 201 and opens no duplicate work order', async () => {
      const before = await count();
      const first = await open('open-once-1');
      const retry = await open('open-once-1');
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await count()).toBe(before + 1);
    });

    it('refuses the same key with another body with 422', async () => {
      await open('open-once-2');
      const res = await open('open-once-2', { ...body, title: '另一件事' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IDEMPOTENCY_MISMATCH');
    });

    it('opens one case when two retries race', async () => {
      const before = await count();
      const [a, b] = await Promise.all([open('open-race-1'), open('open-race-1')]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).toBe(b.body.id);
      expect(await count()).toBe(before + 1);
    });
  });

  describe('an accountability investigation', () => {
    let caseId: string;

    beforeAll(async () => {
      const units = await driver.units();
      const opened = await driver.open('inspector', { kind: 'accountability', title: '住建局整改不力问责', description: '多次催办未整改', targetUnitId: units.zjj });
      caseId = opened.id;
      await driver.must('inspector', caseId, { type: 'ASSIGN' });
    });

    it('is invisible to the officers of the unit it investigates', async () => {
      const officer = (await sessions.as('officer.zjj')).auth;
      expect((await t.http().get(`/api/cases/${caseId}`).set(officer)).status).toBe(404);
      expect((await t.http().get(`/api/cases/${caseId}/events`).set(officer)).status).toBe(404);
      expect((await t.http().get(`/api/audit/verify?caseId=${caseId}`).set(officer)).status).toBe(404);
      expect((await t.http().post(`/api/cases/${caseId}/events`).set(officer).send({ type: 'SUBMIT_FINDINGS', summary: 'x' })).status).toBe(404);
      expect((await t.http().get(`/api/audit?caseId=${caseId}`).set(officer)).body.items).toEqual([]);
      const list = await t.http().get('/api/cases?limit=100').set(officer);
      expect(list.body.items.map((c: { kind: string }) => c.kind)).not.toContain('accountability');
      const assigned = await t.http().get('/api/cases/count?state=assigned&kind=accountability').set(officer);
      expect(assigned.body.count).toBe(0);
      const search = await t.http().get(`/api/cases?text=${encodeURIComponent('问责')}`).set(officer);
      expect(search.body.items).toEqual([]);
    });

    it.each(['inspector', 'supervisor', 'auditor'] as const)('is readable by the %s', async (who) => {
      expect((await t.http().get(`/api/cases/${caseId}`).set((await sessions.as(who)).auth)).status).toBe(200);
    });

    it('sends the target unit a notice of the executed decision, not the file', async () => {
      const units = await driver.units();
      await driver.must('inspector', caseId, { type: 'SUBMIT_FINDINGS', summary: '情况属实' });
      await driver.must('supervisor', caseId, { type: 'DECIDE', targetType: 'unit', targetUnitId: units.zjj, form: '通报', reason: '整改不力' });
      const executed = await driver.must('inspector', caseId, { type: 'RECORD_EXECUTION', comment: '已通报' });
      const [notice] = await ds.query(`SELECT topic, payload FROM outbox WHERE payload->>'code' = $1 AND topic = 'unit.notice'`, [executed.code]);
      expect(notice.payload).toMatchObject({ notice: 'accountability-executed', recipientUnitId: units.zjj, code: executed.code, form: '通报' });
      expect(notice.payload.caseId).toBeUndefined();
    });
  });

  describe('audit search by username', () => {
    it('answers an unknown name exactly like a known name without events', async () => {
      const auth = (await sessions.as('auditor')).auth;
      const unknown = await t.http().get('/api/audit?actor=nobody-x').set(auth);
      const known = await t.http().get('/api/audit?actor=auditor').set(auth);
      expect(unknown.status).toBe(200);
      expect(unknown.body).toEqual(known.body);
      expect(unknown.body).toEqual({ items: [], nextCursor: null });
      const badUnknown = await t.http().get('/api/audit?actor=nobody-x&cursor=not-a-cursor').set(auth);
      const badKnown = await t.http().get('/api/audit?actor=auditor&cursor=not-a-cursor').set(auth);
      expect([badUnknown.status, badKnown.status]).toEqual([400, 400]);
      expect(badUnknown.body.errors).toEqual(badKnown.body.errors);
    });
  });

  describe('text that is not valid Unicode', () => {
    const raw = async (method: 'post' | 'patch', path: string, json: string) =>
      t.http()[method](path).set((await sessions.as('admin')).auth).set('Content-Type', 'application/json').send(json);

    it.each([
      ['post', '/api/users', '{"username":"lone.surrogate","displayName":"a\\ud800b","unitId":"UNIT","roles":["auditor"],"password":"long-enough"}', 'displayName'],
      ['post', '/api/units', '{"code":"lone-surrogate","name":"a\\udc00b"}', 'name'],
      ['patch', '/api/units/UNIT', '{"name":"x\\ud800"}', 'name'],
      ['patch', '/api/users/USER', '{"displayName":"\\udfff"}', 'displayName'],
    ] as const)('refuses a lone surrogate: %s %s', async (method, path, json, field) => {
      const units = await driver.units();
      const { user } = await sessions.as('auditor');
      const res = await raw(method, path.replace('UNIT', units.scj).replace('USER', user.id), json.replace('UNIT', units.jw));
      expect(res.status).toBe(400);
      expect(fields(res)).toContain(field);
      const stored = await ds.query(`SELECT 1 FROM units WHERE name LIKE '%' || chr(65533) || '%' UNION ALL SELECT 1 FROM users WHERE display_name LIKE '%' || chr(65533) || '%'`);
      expect(stored).toEqual([]);
    });
  });
});
