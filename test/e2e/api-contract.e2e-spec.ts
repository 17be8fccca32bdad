import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response } from 'supertest';
import { ContractCheck } from '../support/contract';
import { createTestApp, DemoSessions, type TestApp } from '../support';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
type Operation = { operationId: string; summary?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> };

describe('the API contract (OpenAPI 3.1 at /api/docs-json)', () => {
  let t: TestApp;
  let document: { openapi: string; paths: Record<string, Record<string, Operation>> };
  const operations = () =>
    Object.entries(document.paths).flatMap(([route, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ route, method, operation: item[method] })),
    );

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http().get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t?.close());

  it('is the openapi.json published with the code (npm run openapi writes it)', () => {
    const published = JSON.parse(readFileSync(path.join(__dirname, '../../openapi.json'), 'utf8'));
    expect(document).toEqual(published);
    expect(document.openapi).toBe('3.1.0');
  });

  it('gives every operation a summary, its success body and its errors as problem+json', () => {
    expect(operations()).toHaveLength(58);
    for (const { route, method, operation } of operations()) {
      const where = `${method} ${route}`;
      expect([where, typeof operation.summary]).toEqual([where, 'string']);
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((s) => s.startsWith('2'));
      // A ledger import answers a dry run with 200, an import with 201, and with 202 a job when asked to respond async;
      // an evidence bundle is the ZIP, or a job the same way.
      const asyncAnswers: Record<string, string[]> = { 'post /api/ledger/imports': ['200', '201', '202'], 'get /api/audit/bundles': ['200', '202'] };
      expect([where, success]).toEqual([where, asyncAnswers[where] ?? [expect.any(String)]]);
      const bodies = Object.keys(operation.responses[success[0]].content ?? {});
      // A download answers with the file's own type; everything else with JSON.
      if (route === '/api/attachments/{id}') expect(bodies).toEqual(expect.arrayContaining(['application/pdf', 'image/png', 'application/ofd']));
      else if (route.startsWith('/api/audit/bundles')) expect([where, bodies]).toEqual([where, ['application/zip']]);
      else if (route.endsWith('.xlsx')) expect([where, bodies]).toEqual([where, ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']]);
      else if (route.endsWith('.csv')) expect([where, bodies]).toEqual([where, ['text/csv']]);
      else if (success[0] !== '204') expect([where, bodies]).toEqual([where, ['application/json']]);
      // The health check answers 503 with its own report, not a problem.
      const health = route === '/api/health';
      const errors = statuses.filter((s) => /^[45]/.test(s) && !(health && s === '503'));
      expect([where, errors]).toEqual([where, expect.arrayContaining(health ? ['400', '500'] : ['400', '500', '503'])]);
      for (const status of errors) expect([where, status, Object.keys(operation.responses[status].content ?? {})]).toEqual([where, status, ['application/problem+json']]);
    }
  });

  it('asks for a token everywhere except signing in and the health check', () => {
    const open = operations()
      .filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0)
      .map(({ method, route }) => `${method} ${route}`);
    expect(open.sort()).toEqual(['get /api/health', 'post /api/auth/login']);
    for (const { operation, route } of operations()) if (!open.some((o) => o.endsWith(route))) expect(operation.responses['401']).toBeDefined();
  });

  it('fails a test whose response leaves the contract: undocumented status, other body or other content type', async () => {
    const check = new ContractCheck(document as never);
    const { auth } = await new DemoSessions(t).as('inspector');
    const real = await t.http().get('/api/cases/count').set(auth).expect(200);
    const fake = (over: Partial<Response>) => ({ ...real, ...over }) as Response;
    expect(() => check.check('GET', '/api/cases/count', real)).not.toThrow();
    expect(() => check.check('GET', '/api/cases/count', fake({ body: { count: 'many' } }))).toThrow(/count must be integer/);
    expect(() => check.check('GET', '/api/cases/count', fake({ status: 418 } as never))).toThrow(/not a documented status/);
    expect(() => check.check('GET', '/api/cases/count', fake({ headers: { 'content-type': 'text/html' } } as never))).toThrow(/answered text\/html/);
    expect(() => check.check('GET', '/api/cases/not-a-uuid/events', fake({ status: 400, headers: { 'content-type': 'application/problem+json' }, body: { code: 'NOT_FOUND' } } as never))).toThrow(
      /does not match/,
    );
  });

  it('names every refused field with a stable code besides its English message', async () => {
    const sessions = new DemoSessions(t);
    const { auth } = await sessions.as('inspector');
    const open = async (body: Record<string, unknown>) => {
      const res = await t.http().post('/api/cases').set(auth).send({ kind: 'rectification', title: '问题', description: '描述', source: '巡察反馈', ...body });
      expect(res.status).toBe(400);
      return Object.fromEntries((res.body.errors as { field: string; code: string }[]).map((e) => [e.field, e.code]));
    };
    expect(await open({ title: undefined })).toMatchObject({ title: 'required' });
    expect(await open({ title: '长'.repeat(1000) })).toMatchObject({ title: 'too_long' });
    expect(await open({ source: '道听途说' })).toMatchObject({ source: 'not_in_list' });
    expect(await open({ dueAt: '2030-02-30' })).toMatchObject({ dueAt: 'invalid_date' });
    expect(await open({ colour: 'red' })).toMatchObject({ colour: 'unknown_field' });
    expect(await open({ unitId: '0b8f1f5e-5a4b-4c1e-9a57-1f0d4a0c0a01' })).toMatchObject({ unitId: 'not_found' });
    expect(await open({ dueAt: '2020-01-01' })).toMatchObject({ dueAt: 'not_in_future' });
    const taken = await t.http().post('/api/users').set((await sessions.as('admin')).auth).send({ username: 'inspector', displayName: '重名', unitId: (await t.http().get('/api/units').set(auth)).body[0].id, roles: ['inspector'], password: 'a-long-password-1' });
    expect(taken.body.errors).toEqual([expect.objectContaining({ field: 'username', code: 'taken' })]);
  });
});
