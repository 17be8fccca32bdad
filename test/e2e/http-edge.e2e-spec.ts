import { UnitService } from '@app/identity';
import { createTestApp, DemoSessions, TestApp } from '../support';

describe('HTTP edge', () => {
  let t: TestApp;
  let sessions: DemoSessions;

  beforeAll(async () => {
    t = await createTestApp();
    sessions = new DemoSessions(t);
  });
  afterAll(() => t.close());

  const expectProblem = (res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  };

  it('answers health with the database up', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', settings: 'loaded' });
  });

  it('refuses a malformed JSON body with 400 problem+json', async () => {
    const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username": ');
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await t.http().get('/api/no-such-thing');
    expectProblem(res, 404, 'NOT_FOUND');
  });

  it('refuses a body over 1 MB with 413', async () => {
    const body = JSON.stringify({ username: 'x'.repeat(1024 * 1024), password: 'y' });
    const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(body);
    expectProblem(res, 413, 'VALIDATION_FAILED');
    expect(res.body.detail).toContain('1 MB');
  });

  it('refuses unknown properties, naming them', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'a', password: 'b', admin: true });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'admin', code: 'unknown_field', message: 'property admin should not exist' }]);
  });

  it('turns an unexpected exception into 500 INTERNAL with an errorId that is also in the log', async () => {
    const { auth } = await sessions.as('inspector');
    const spy = jest.spyOn(t.app.get(UnitService), 'tree').mockRejectedValueOnce(new TypeError('boom: something broke'));
    const res = await t.http().get('/api/units').set(auth);
    spy.mockRestore();
    expectProblem(res, 500, 'INTERNAL');
    expect(res.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.detail).not.toContain('boom');
    const line = t.logs.find((l) => l.includes(res.body.errorId) && l.includes('boom'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!).level).toBe(50);
  });

  it('echoes a caller X-Request-Id and puts it on every log line of the request', async () => {
    const res = await t.http().get('/api/nope').set('X-Request-Id', 'trace-abc-123');
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    const lines = t.logs.filter((l) => l.includes('trace-abc-123')).map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.req?.id === 'trace-abc-123')).toBe(true);
  });

  it('generates a request id when none (or a malformed one) is given', async () => {
    const a = await t.http().get('/api/health');
    const b = await t.http().get('/api/health').set('X-Request-Id', 'bad id with spaces');
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await t.http().get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/health', '/api/units']));
    const ui = await t.http().get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('never logs the bearer token', async () => {
    const { auth, token } = await sessions.as('admin');
    await t.http().get('/api/units').set(auth);
    expect(t.logs.some((l) => l.includes(token))).toBe(false);
  });
});
