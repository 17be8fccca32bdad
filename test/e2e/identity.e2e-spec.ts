import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createTestApp, DemoSessions, TEST_JWT_SECRET, TestApp } from '../support';

const DEMO = [
  ['admin', 'admin'],
  ['inspector', 'inspector'],
  ['supervisor', 'supervisor'],
  ['auditor', 'auditor'],
  ['agent', 'hotline_agent'],
  ['officer.zjj', 'unit_officer'],
  ['officer.scj', 'unit_officer'],
] as const;

const IDP_ISSUER = 'https://idp.county.example';
const IDP_AUDIENCE = 'rectify';

type Node = { id: string; code: string; name: string; parentId: string | null; children: Node[] };
const flatten = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe('identity and access', () => {
  let t: TestApp;
  let sessions: DemoSessions;
  let units: Record<string, Node>;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        JWT_PUBLIC_KEY: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        JWT_ISSUER: IDP_ISSUER,
        JWT_AUDIENCE: IDP_AUDIENCE,
      },
    });
    sessions = new DemoSessions(t);
    const admin = await sessions.as('admin');
    const res = await t.http().get('/api/units').set(admin.auth);
    units = Object.fromEntries(flatten(res.body).map((u) => [u.code, u]));
  });
  afterAll(() => t.close());

  describe('login', () => {
    it.each(DEMO)('logs in %s with role %s', async (username, role) => {
      const res = await t.http().post('/api/auth/login').send({ username, password: 'rectify-demo' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 8 * 3600,
        user: { id: expect.any(String), username, displayName: expect.any(String), unitId: expect.any(String), roles: [role] },
      });
      const claims = jwt.verify(res.body.accessToken, TEST_JWT_SECRET) as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: res.body.user.id, roles: [role], unitId: res.body.user.unitId });
      const me = await t.http().get('/api/units').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.status).toBe(200);
    });

    it('treats the username case-insensitively', async () => {
      const res = await t.http().post('/api/auth/login').send({ username: 'Inspector', password: 'rectify-demo' });
      expect(res.status).toBe(200);
      expect(res.body.user.username).toBe('inspector');
    });

    it('gives the same 401 for a wrong password and an unknown user', async () => {
      const wrong = await t.http().post('/api/auth/login').send({ username: 'auditor', password: 'not-the-password' });
      const unknown = await t.http().post('/api/auth/login').send({ username: 'nobody-here', password: 'not-the-password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a login body with missing fields', async () => {
      const res = await t.http().post('/api/auth/login').send({ username: 'admin' });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('password');
    });
  });

  describe('bearer tokens', () => {
    const payload = async () => {
      const { user } = await sessions.as('inspector');
      return { sub: user.id, roles: user.roles, unitId: user.unitId };
    };

    it.each([
      ['missing', async () => undefined],
      ['another secret', async () => `Bearer ${jwt.sign(await payload(), 'another-secret-another-secret-another-secret')}`],
      ['expired', async () => `Bearer ${jwt.sign({ ...(await payload()), exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET)}`],
      ['alg none', async () => `Bearer ${jwt.sign(await payload(), '', { algorithm: 'none' })}`],
      ['truncated', async () => `Bearer ${(await sessions.as('inspector')).token.slice(0, -12)}`],
      ['garbage', async () => 'Bearer not.a.token'],
      ['another scheme', async () => `Basic ${Buffer.from('inspector:rectify-demo').toString('base64')}`],
      ['RS256 with an unknown key', async () => {
        const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return `Bearer ${jwt.sign(await payload(), other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { algorithm: 'RS256' })}`;
      }],
    ])('refuses a %s token with 401 UNAUTHENTICATED', async (_, header) => {
      const value = await header();
      const req = t.http().get('/api/units');
      const res = await (value ? req.set('Authorization', value) : req);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('accepts RS256 tokens from an identity provider holding the configured key', async () => {
      const token = jwt.sign(await payload(), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
        algorithm: 'RS256',
        expiresIn: 60,
        issuer: IDP_ISSUER,
        audience: IDP_AUDIENCE,
      });
      const res = await t.http().get('/api/units').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
    });

    it('leaves login, health and docs open', async () => {
      expect((await t.http().get('/api/health')).status).toBe(200);
      expect((await t.http().get('/api/docs-json')).status).toBe(200);
    });
  });

  describe('admin-only routes', () => {
    const nonAdmins = DEMO.filter(([u]) => u !== 'admin').map(([u]) => u);
    const routes = [
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['PATCH', '/api/users/00000000-0000-4000-8000-000000000000'],
      ['POST', '/api/units'],
      ['PATCH', '/api/units/00000000-0000-4000-8000-000000000000'],
    ] as const;

    it.each(nonAdmins)('refuses %s with 403 FORBIDDEN on every admin route', async (username) => {
      const { auth } = await sessions.as(username);
      for (const [method, path] of routes) {
        const req = method === 'GET' ? t.http().get(path) : method === 'POST' ? t.http().post(path) : t.http().patch(path);
        const res = await req.set(auth).send({});
        expect({ method, path, status: res.status, code: res.body.code }).toEqual({ method, path, status: 403, code: 'FORBIDDEN' });
      }
    });
  });

  describe('units', () => {
    it('gives the unit tree to any signed-in user', async () => {
      const { auth } = await sessions.as('officer.scj');
      const res = await t.http().get('/api/units').set(auth);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(1);
      const [county] = res.body;
      expect(county).toMatchObject({ code: 'county', name: '某县', parentId: null });
      expect(county.children.map((c: Node) => c.code)).toEqual(['hotline', 'jw', 'scj', 'zjj']);
      const zjj = county.children.find((c: Node) => c.code === 'zjj');
      expect(zjj.children).toEqual([expect.objectContaining({ code: 'zjj-cj', parentId: zjj.id, children: [] })]);
    });

    it('creates, renames and deletes a unit', async () => {
      const { auth } = await sessions.as('admin');
      const created = await t.http().post('/api/units').set(auth).send({ code: 'cgj', name: '县城管局', parentId: units.county.id });
      expect(created.status).toBe(201);
      const renamed = await t.http().patch(`/api/units/${created.body.id}`).set(auth).send({ name: '县城市管理局' });
      expect(renamed.body).toMatchObject({ code: 'cgj', name: '县城市管理局', parentId: units.county.id });
      expect((await t.http().delete(`/api/units/${created.body.id}`).set(auth)).status).toBe(204);
      const tree = flatten((await t.http().get('/api/units').set(auth)).body);
      expect(tree.map((u) => u.code)).not.toContain('cgj');
    });

    it.each([
      ['a duplicate code', () => ({ code: 'zjj', name: 'x', parentId: units.county.id }), 'code'],
      ['an unknown parent', () => ({ code: 'new-unit', name: 'x', parentId: '00000000-0000-4000-8000-000000000000' }), 'parentId'],
      ['a malformed code', () => ({ code: 'Bad Code!', name: 'x' }), 'code'],
      ['a parent that is not a uuid', () => ({ code: 'ok-code', name: 'x', parentId: 'county' }), 'parentId'],
    ])('refuses %s with 400 naming the field', async (_, body, field) => {
      const { auth } = await sessions.as('admin');
      const res = await t.http().post('/api/units').set(auth).send(body());
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses to move a unit under itself or its own descendant (a cycle), and changes nothing', async () => {
      const { auth } = await sessions.as('admin');
      for (const parent of [units['zjj-cj'].id, units.zjj.id]) {
        const res = await t.http().patch(`/api/units/${units.zjj.id}`).set(auth).send({ parentId: parent });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toBe('parentId');
      }
      const cycleFromRoot = await t.http().patch(`/api/units/${units.county.id}`).set(auth).send({ parentId: units['zjj-cj'].id });
      expect(cycleFromRoot.status).toBe(400);
      const tree = flatten((await t.http().get('/api/units').set(auth)).body);
      expect(tree.find((u) => u.code === 'zjj')!.parentId).toBe(units.county.id);
      expect(tree.find((u) => u.code === 'county')!.parentId).toBeNull();
    });

    it('moves a unit elsewhere in the tree', async () => {
      const { auth } = await sessions.as('admin');
      const created = await t.http().post('/api/units').set(auth).send({ code: 'scj-a', name: '市场监管所', parentId: units.scj.id });
      const moved = await t.http().patch(`/api/units/${created.body.id}`).set(auth).send({ parentId: units.zjj.id });
      expect(moved.status).toBe(200);
      expect(moved.body.parentId).toBe(units.zjj.id);
    });

    it('refuses to delete a unit that still has users or sub-units', async () => {
      const { auth } = await sessions.as('admin');
      const res = await t.http().delete(`/api/units/${units.scj.id}`).set(auth);
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/1 user/);
      const parent = await t.http().delete(`/api/units/${units.zjj.id}`).set(auth);
      expect(parent.status).toBe(400);
      expect(parent.body.detail).toMatch(/sub-unit/);
    });

    it('deactivates a unit only once nothing works in it; nothing new is assigned to it until it is reactivated', async () => {
      const { auth } = await sessions.as('admin');
      const busy = await t.http().patch(`/api/units/${units.scj.id}`).set(auth).send({ active: false });
      expect(busy.status).toBe(400);
      expect(busy.body.errors[0]).toMatchObject({ field: 'active', code: 'conflict' });
      expect(busy.body.errors[0].message).toMatch(/1 active user/);

      const merged = (await t.http().post('/api/units').set(auth).send({ code: 'ghj', name: '县规划局', parentId: units.county.id })).body;
      const leaver = (await t.http().post('/api/users').set(auth).send({ username: 'ghj.leaver', displayName: '规划局原联络员', unitId: merged.id, roles: ['unit_officer'], password: 'a-long-password-2026' })).body;
      expect((await t.http().patch(`/api/units/${merged.id}`).set(auth).send({ active: false })).status).toBe(400);
      await t.http().patch(`/api/users/${leaver.id}`).set(auth).send({ active: false }).expect(200);
      const off = await t.http().patch(`/api/units/${merged.id}`).set(auth).send({ active: false });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id: merged.id, active: false });
      expect(flatten((await t.http().get('/api/units').set(auth)).body).find((u) => u.code === 'ghj')).toMatchObject({ active: false });
      const under = await t.http().post('/api/units').set(auth).send({ code: 'ghj-a', name: '规划股', parentId: merged.id });
      expect([under.status, under.body.errors?.[0]?.field]).toEqual([400, 'parentId']);

      const inspector = (await sessions.as('inspector')).auth;
      const item = await t.http().post('/api/cases').set(inspector).send({ kind: 'rectification', title: '停用单位测试', description: '内容', source: '自查', category: '限期整改', dueAt: '2031-06-30' });
      const assign = await t.http().post(`/api/cases/${item.body.id}/events`).set(inspector).send({ type: 'ASSIGN', unitId: merged.id });
      expect(assign.status).toBe(400);
      expect(assign.body.errors[0]).toMatchObject({ field: 'unitId', code: 'conflict' });
      const user = await t.http().post('/api/users').set(auth).send({ username: 'ghj.officer', displayName: '规划局联络员', unitId: merged.id, roles: ['unit_officer'], password: 'a-long-password-2026' });
      expect(user.status).toBe(400);
      expect(user.body.errors[0].field).toBe('unitId');
      // Nor does someone come back to life in it.
      const back = await t.http().patch(`/api/users/${leaver.id}`).set(auth).send({ active: true });
      expect([back.status, back.body.errors?.[0]?.field]).toEqual([400, 'unitId']);

      expect((await t.http().patch(`/api/units/${merged.id}`).set(auth).send({ active: true })).body.active).toBe(true);
      expect((await t.http().post(`/api/cases/${item.body.id}/events`).set(inspector).send({ type: 'ASSIGN', unitId: merged.id })).status).toBe(200);
      const chain = (await t.http().get('/api/audit?scope=admin').set((await sessions.as('auditor')).auth)).body.items;
      expect(chain.filter((e: { subjectId: string }) => e.subjectId === merged.id).map((e: { type: string }) => e.type)).toEqual(['UNIT_REACTIVATED', 'UNIT_DEACTIVATED', 'UNIT_CREATED']);
    });

    it('lists whom a unit\'s case can be given to, by name, to those who assign it and to the unit itself only', async () => {
      const inspector = (await sessions.as('inspector')).auth;
      const res = await t.http().get(`/api/units/${units.zjj.id}/users`).set(inspector);
      expect(res.status).toBe(200);
      const officerId = (await sessions.as('officer.zjj')).user.id;
      const officer = res.body.items.find((u: { id: string }) => u.id === officerId);
      expect(officer).toMatchObject({ displayName: expect.any(String), unitId: units.zjj.id });
      // Names and units only: login names, roles and secrets are for admins.
      expect(res.body.items.every((u: Record<string, unknown>) => Object.keys(u).sort().join() === 'displayName,id,unitId')).toBe(true);
      expect((await t.http().get(`/api/units/${units.zjj.id}/users`).set((await sessions.as('officer.zjj')).auth)).status).toBe(200);
      expect((await t.http().get(`/api/units/${units.zjj.id}/users`).set((await sessions.as('officer.scj')).auth)).status).toBe(404);
      expect((await t.http().get('/api/units/00000000-0000-4000-8000-000000000000/users').set(inspector)).status).toBe(404);

      const item = await t.http().post('/api/cases').set(inspector).send({ kind: 'rectification', title: '承办人测试', description: '内容', source: '自查', category: '限期整改', dueAt: '2031-06-30' });
      await t.http().post(`/api/cases/${item.body.id}/events`).set(inspector).send({ type: 'ASSIGN', unitId: units.zjj.id, assigneeId: officer.id }).expect(200);
      expect((await t.http().get(`/api/cases/${item.body.id}`).set(inspector)).body.assignee).toEqual({ id: officer.id, displayName: officer.displayName });
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      const { auth } = await sessions.as('admin');
      expect((await t.http().patch('/api/units/not-a-uuid').set(auth).send({ name: 'x' })).status).toBe(400);
      expect((await t.http().patch('/api/units/00000000-0000-4000-8000-000000000000').set(auth).send({ name: 'x' })).status).toBe(404);
    });
  });

  describe('users', () => {
    it('creates a user who can log in; no password or hash ever comes back', async () => {
      const { auth } = await sessions.as('admin');
      const created = await t
        .http()
        .post('/api/users')
        .set(auth)
        .send({ username: 'Officer.Cj', displayName: '城建股联络员', unitId: units['zjj-cj'].id, roles: ['unit_officer'], password: 'long-enough-1' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        username: 'Officer.Cj',
        displayName: '城建股联络员',
        unitId: units['zjj-cj'].id,
        roles: ['unit_officer'],
        active: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const list = await t.http().get('/api/users').set(auth);
      expect(list.body.items.map((u: { username: string }) => u.username)).toContain('Officer.Cj');
      expect(JSON.stringify(list.body)).not.toMatch(/password|argon2/i);
      const login = await t.http().post('/api/auth/login').send({ username: 'officer.cj', password: 'long-enough-1' });
      expect(login.status).toBe(200);
      expect(t.logs.some((l) => l.includes('long-enough-1') || l.includes('$argon2'))).toBe(false);
    });

    it.each([
      ['a username taken in another case', { username: 'INSPECTOR' }, 'username'],
      ['a short password', { password: 'short' }, 'password'],
      ['an unknown role', { roles: ['king'] }, 'roles'],
      ['an unknown unit', { unitId: '00000000-0000-4000-8000-000000000000' }, 'unitId'],
      ['a password hash smuggled in', { passwordHash: 'x' }, 'passwordHash'],
    ])('refuses %s with 400 naming the field', async (_, change, field) => {
      const { auth } = await sessions.as('admin');
      const body = { username: 'new.user', displayName: '新用户', unitId: units.jw.id, roles: ['inspector'], password: 'long-enough-1', ...change };
      const res = await t.http().post('/api/users').set(auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('resets a password and changes roles', async () => {
      const { auth } = await sessions.as('admin');
      const created = await t
        .http()
        .post('/api/users')
        .set(auth)
        .send({ username: 'temp.user', displayName: '临时', unitId: units.jw.id, roles: ['auditor'], password: 'first-password' });
      const patched = await t
        .http()
        .patch(`/api/users/${created.body.id}`)
        .set(auth)
        .send({ password: 'second-password', roles: ['inspector', 'auditor'] });
      expect(patched.status).toBe(200);
      expect(patched.body.roles).toEqual(['inspector', 'auditor']);
      expect((await t.http().post('/api/auth/login').send({ username: 'temp.user', password: 'first-password' })).status).toBe(401);
      expect((await t.http().post('/api/auth/login').send({ username: 'temp.user', password: 'second-password' })).status).toBe(200);
    });

    it('refuses a deactivated user at login and on the tokens they already hold', async () => {
      const { auth } = await sessions.as('admin');
      await t.http().post('/api/users').set(auth).send({ username: 'leaving', displayName: '调离人员', unitId: units.jw.id, roles: ['inspector'], password: 'leaving-password' });
      const before = await t.http().post('/api/auth/login').send({ username: 'leaving', password: 'leaving-password' });
      const token = `Bearer ${before.body.accessToken}`;
      expect((await t.http().get('/api/units').set('Authorization', token)).status).toBe(200);

      const off = await t.http().patch(`/api/users/${before.body.user.id}`).set(auth).send({ active: false });
      expect(off.body.active).toBe(false);
      const refused = await t.http().get('/api/units').set('Authorization', token);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
      const login = await t.http().post('/api/auth/login').send({ username: 'leaving', password: 'leaving-password' });
      expect(login.status).toBe(401);
    });
  });
});

describe('login rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: '2' } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After after the configured failures for a username, then recovers', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await t.http().post('/api/auth/login').send({ username: 'supervisor', password: 'wrong-' + i })).status).toBe(401);
    }
    const limited = await t.http().post('/api/auth/login').send({ username: 'supervisor', password: 'rectify-demo' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Another user from the same address is not held back yet.
    expect((await t.http().post('/api/auth/login').send({ username: 'auditor', password: 'rectify-demo' })).status).toBe(200);

    await new Promise((r) => setTimeout(r, 2200));
    expect((await t.http().post('/api/auth/login').send({ username: 'supervisor', password: 'rectify-demo' })).status).toBe(200);
  });

  it('limits one address that tries many usernames', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      statuses.push((await t.http().post('/api/auth/login').send({ username: `ghost-${i}`, password: 'whatever' })).status);
    }
    expect(statuses.slice(0, 12).every((s) => s === 401)).toBe(true);
    expect(statuses[12]).toBe(429);
  });
});
