import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client, Pool } from 'pg';
import PgBoss from 'pg-boss';
import { nodeFlagsOf, ROOT } from './server';

export interface SweepRate {
  count: number;
  seconds: number;
  perSecond: number;
}

async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/**
 * Waits for the worker to catch up with what earlier legs left it (audit-log leaves to append,
 * outbox rows to deliver), so the sweep is timed alone rather than against that backlog.
 */
async function settled(url: string): Promise<void> {
  const backlog = async () =>
    (
      await query<{ n: number }>(url, `SELECT (SELECT count(*) FROM audit_pending) + (SELECT count(*) FROM outbox WHERE delivered_at IS NULL) AS n`)
    )[0].n;
  let last = Number(await backlog());
  for (const giveUpAt = Date.now() + 300_000; last > 0 && Date.now() < giveUpAt; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = Number(await backlog());
    if (now === last) break;
    last = now;
  }
}

/**
 * Leg d, engine side: `count` escalation timers on cases in rectifying.inProgress, drained by the
 * worker process with its default batch size. The clock starts when the timers become due.
 */
export async function engineSweep(url: string, caseIds: string[], count: number): Promise<SweepRate> {
  const ids = (
    await query<{ id: string }>(
      url,
      `INSERT INTO case_timers (case_id, purpose, level, due_at, clock, state_entered, policy_version)
       SELECT ($1::uuid[])[1 + (g % cardinality($1::uuid[]))], 'escalate', 1 + (g % 2), now() + interval '1 day', 'wall',
              'rectifying.inProgress', 1
       FROM generate_series(0, $2 - 1) g
       RETURNING id::text AS id`,
      [caseIds, count],
    )
  ).map((r) => r.id);
  const worker = spawn(process.execPath, [...nodeFlagsOf('worker'), path.join(ROOT, 'dist/apps/worker/src/main.js')], {
    env: { PATH: process.env.PATH, DATABASE_URL: url, LOG_LEVEL: 'warn', SWEEP_INTERVAL_MS: '100' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  worker.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  worker.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  try {
    await new Promise((r) => setTimeout(r, 3000));
    if (worker.exitCode !== null) throw new Error(`worker exited: ${output}`);
    await settled(url);
    const started = performance.now();
    await query(url, `UPDATE case_timers SET due_at = now() - interval '1 second' WHERE id = ANY($1::bigint[])`, [ids]);
    for (;;) {
      const [{ n }] = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM case_timers WHERE id = ANY($1::bigint[]) AND status = 'pending'`, [ids]);
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const seconds = (performance.now() - started) / 1000;
    const [{ fired }] = await query<{ fired: number }>(url, `SELECT count(*)::int AS fired FROM case_timers WHERE id = ANY($1::bigint[]) AND status = 'fired'`, [ids]);
    if (fired !== count) throw new Error(`expected ${count} fired timers, found ${fired}: ${output}`);
    return { count, seconds, perSecond: count / seconds };
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
  }
}

/**
 * Leg d, pg-boss side: the same number of due jobs on the same database, drained by one pg-boss
 * worker (same batch size) whose handler does one equivalent UPDATE of the case per job.
 */
export async function pgBossSweep(url: string, caseIds: string[], count: number, workers = 1): Promise<SweepRate> {
  const boss = new PgBoss({ connectionString: url, schema: `pgboss_${workers}`, max: 10 });
  boss.on('error', (error) => console.error('pg-boss:', error.message));
  await boss.start();
  const queue = 'escalate';
  await boss.createQueue(queue);
  for (let i = 0; i < count; i += 1000) {
    await boss.insert(
      Array.from({ length: Math.min(1000, count - i) }, (_, k) => ({
        name: queue,
        data: { caseId: caseIds[(i + k) % caseIds.length], level: 1 + ((i + k) % 2) },
      })),
    );
  }
  const pool = new Pool({ connectionString: url, max: 4 });
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const started = performance.now();
  for (let w = 0; w < workers; w++) {
    await boss.work<{ caseId: string; level: number }>(queue, { batchSize: 200, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) {
        await pool.query(`UPDATE cases SET escalation_level = GREATEST(escalation_level, $2), updated_at = now() WHERE id = $1`, [
          job.data.caseId,
          job.data.level,
        ]);
      }
      done += jobs.length;
      if (done >= count) finish();
    });
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  await pool.end();
  return { count, seconds, perSecond: count / seconds };
}
