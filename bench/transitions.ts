import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { chain } from '@app/audit';
import { lockCasesQuery, writeTransitionsQuery, type CaseUpdate, type LockedCaseRow } from '@app/cases';
import { named, pipeline, type SqlQuery } from '@app/database';
import type { CaseScope } from '@app/workflow';
import { api, login } from './server';
import { Latency, percentiles } from './stats';

export interface Fixture {
  databaseUrl: string;
  caseIds: string[];
  /** Which cases have an extension request pending: every leg reads and updates it. */
  pending: Map<string, boolean>;
  officerToken: string;
  supervisorToken: string;
  officer: { id: string; unitId: string; scope: CaseScope };
  supervisor: { id: string; unitId: string };
}

export interface Throughput {
  perSecond: number;
  latency: Latency;
  count: number;
  errors: number;
}

const EXTENSION = { type: 'REQUEST_EXTENSION', dueAt: '2030-12-31', reason: '需协调多个部门' };
const REJECTION = { type: 'REJECT_EXTENSION', reason: '不予延期' };

/** As the engine runs them: named prepared statements, BEGIN sent with the lock and COMMIT with the write. */
const prepared = ([text, values]: SqlQuery) => named(text, values);

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/** Cases in rectifying.inProgress at unit zjj, made through the API itself. */
export async function seedCases(url: string, databaseUrl: string, count: number): Promise<Fixture> {
  const [inspector, officerToken, supervisorToken] = await Promise.all(['inspector', 'officer.zjj', 'supervisor'].map((u) => login(url, u)));
  type Node = { id: string; code: string; children: Node[] };
  const flat = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
  const units = flat(await api<Node[]>(url, inspector, 'GET', '/api/units'));
  const zjj = units.find((u) => u.code === 'zjj')!;
  const caseIds: string[] = [];
  await pool(Array.from({ length: count }, (_, i) => i), 16, async (i) => {
    const c = await api<{ id: string }>(url, inspector, 'POST', '/api/cases', {
      kind: 'rectification', title: `基准测试问题 ${i}`, description: '基准测试', source: '自查', unitId: zjj.id, dueAt: '2027-06-30',
    });
    await api(url, inspector, 'POST', `/api/cases/${c.id}/events`, { type: 'ASSIGN', unitId: zjj.id });
    await api(url, officerToken, 'POST', `/api/cases/${c.id}/events`, { type: 'ACCEPT' });
    caseIds.push(c.id);
  });
  const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string; unitId: string };
  const officer = claims(officerToken);
  const supervisor = claims(supervisorToken);
  const subtree = units.filter((u) => u.code === 'zjj' || u.code === 'zjj-cj').map((u) => u.id);
  return {
    databaseUrl,
    caseIds,
    pending: new Map(caseIds.map((id) => [id, false])),
    officerToken,
    supervisorToken,
    officer: { id: officer.sub, unitId: officer.unitId, scope: { all: false, unitIds: subtree } },
    supervisor: { id: supervisor.sub, unitId: supervisor.unitId },
  };
}

/**
 * Leg a: the statements the engine runs for one transition, sent as it sends them (its own SQL
 * builders; BEGIN with the lock, then case, audit event and outbox in one statement with the
 * COMMIT: two round trips), driven by plain node-postgres clients with nothing else in the way.
 */
export async function baseline(databaseUrl: string, fx: Fixture, clients: number, seconds: number): Promise<Throughput> {
  const latencies: number[] = [];
  let errors = 0;
  const stopAt = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, k) => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      const mine = fx.caseIds.filter((_, i) => i % clients === k);
      try {
        for (let n = 0; Date.now() < stopAt; n++) {
          const caseId = mine[n % mine.length];
          const request = !fx.pending.get(caseId);
          const started = performance.now();
          try {
            const [, { rows }] = await pipeline<LockedCaseRow>(client, [named('BEGIN'), prepared(lockCasesQuery([caseId], request ? fx.officer.scope : { all: true }))]);
            const row = rows[0];
            const at = new Date();
            const context = {
              ...row.snapshot.context,
              extension: request ? { dueAt: '2030-12-31T16:00:00.000Z', reason: EXTENSION.reason, requestedBy: fx.officer.id, requestedAt: at.toISOString() } : null,
            };
            const actor = request ? fx.officer : fx.supervisor;
            const record = chain(row.chainHead, {
              caseId, seq: row.version + 1, type: request ? EXTENSION.type : REJECTION.type,
              payload: request ? { dueAt: '2030-12-31T16:00:00.000Z', reason: EXTENSION.reason } : { reason: REJECTION.reason },
              fromState: row.stateDetail, toState: row.stateDetail, actorId: actor.id, actorRole: request ? 'unit_officer' : 'supervisor',
              actorUnitId: actor.unitId, machineVersion: row.machineVersion, correlationId: randomUUID(), at: at.toISOString(),
            });
            const next: CaseUpdate = {
              ...row, snapshot: { ...row.snapshot, context }, version: row.version + 1, chainHead: record.hash, updatedAt: at, expectedVersion: row.version,
            };
            await pipeline(client, [prepared(writeTransitionsQuery([next], [{ ...record, outbox: { topic: `case.${record.type.toLowerCase()}`, payload: { caseId } }, unitId: null }])), named('COMMIT')]);
            fx.pending.set(caseId, request);
            latencies.push(performance.now() - started);
          } catch (error) {
            errors++;
            await client.query('ROLLBACK').catch(() => undefined);
            if (errors < 3) console.error('baseline error:', (error as Error).message);
          }
        }
      } finally {
        await client.end();
      }
    }),
  );
  return { perSecond: latencies.length / seconds, latency: percentiles(latencies), count: latencies.length, errors };
}

/**
 * Leg b/c: the same transitions through HTTP on keep-alive connections. Each request takes an idle
 * case and sends the event that case accepts next (REQUEST_EXTENSION by its unit's officer, or
 * REJECT_EXTENSION by a supervisor), so no two requests race on one case.
 */
export async function engine(url: string, fx: Fixture, connections: number, seconds: number): Promise<Throughput> {
  type Ctx = { caseId?: string };
  const idle = [...fx.caseIds];
  const latencies: number[] = [];
  const result = await load(
    {
      url,
      connections,
      duration: seconds,
      requests: [
        {
          setupRequest: (req, ctx: Ctx) => {
            const caseId = idle.shift()!;
            const pending = fx.pending.get(caseId);
            ctx.caseId = caseId;
            return {
              ...req,
              method: 'POST',
              path: `/api/cases/${caseId}/events`,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${pending ? fx.supervisorToken : fx.officerToken}` },
              body: JSON.stringify(pending ? REJECTION : EXTENSION),
            };
          },
          onResponse: (status: number, _body: string, ctx: Ctx) => {
            const caseId = ctx.caseId!;
            if (status === 200) fx.pending.set(caseId, !fx.pending.get(caseId));
            idle.push(caseId);
          },
        },
      ],
    } as autocannon.Options,
    latencies,
  );
  await syncPending(fx);
  const errors = result.non2xx + result.errors + result.timeouts;
  return { perSecond: latencies.length / seconds, latency: percentiles(latencies), count: latencies.length, errors };
}

/**
 * Requests cut off when a run stops are still being applied by the server: let them finish, then
 * read the cases' real state back.
 */
async function syncPending(fx: Fixture): Promise<void> {
  await new Promise((r) => setTimeout(r, 1000));
  const client = new Client({ connectionString: fx.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; pending: boolean }>(
      `SELECT id, snapshot #> '{context,extension}' <> 'null'::jsonb AS pending FROM cases WHERE id = ANY($1::uuid[])`,
      [fx.caseIds],
    );
    for (const row of rows) fx.pending.set(row.id, row.pending);
  } finally {
    await client.end();
  }
}

/** Runs autocannon, collecting the latency of every 2xx response (for exact percentiles). */
export function load(options: autocannon.Options, latencies: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}
