import { Client } from 'pg';
import type { ExportRun } from './export';
import { round } from './stats';

/** The person with the most events in the trail: their whole history is what an auditor exports. */
export async function busiestActor(databaseUrl: string): Promise<{ actorId: string; rows: number }> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT actor_id AS "actorId", count(*)::int AS rows FROM case_events GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
    return rows[0];
  } finally {
    await c.end();
  }
}

/** Baseline: the same events read by a bare SQL client, in the export's order, nothing formatted. */
export async function sqlReadActor(databaseUrl: string, actorId: string): Promise<ExportRun> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const started = process.hrtime.bigint();
    const { rows } = await c.query(`SELECT * FROM case_events WHERE actor_id = $1 ORDER BY at DESC, id DESC`, [actorId]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { rows: rows.length, seconds: round(seconds, 2), rowsPerSecond: round(rows.length / seconds, 0), bytes: 0 };
  } finally {
    await c.end();
  }
}

/** GET /api/audit/export.csv?actorId=…, the body drained as it arrives; the rows counted from it. */
export async function auditCsvExport(apiUrl: string, token: string, actorId: string): Promise<ExportRun> {
  const started = process.hrtime.bigint();
  const res = await fetch(`${apiUrl}/api/audit/export.csv?actorId=${actorId}`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`audit export answered ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 0x0a) lines++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rows = lines - 1; // the header
  return { rows, seconds: round(seconds, 2), rowsPerSecond: round(rows / seconds, 0), bytes };
}
