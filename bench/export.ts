import { Client } from 'pg';
import { round } from './stats';

export interface ExportRun {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  bytes: number;
}

/** Baseline: the same rows read by a bare SQL client, nothing formatted or written. */
export async function sqlRead(databaseUrl: string): Promise<ExportRun> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const started = process.hrtime.bigint();
    const { rows } = await c.query(`SELECT * FROM cases WHERE kind = 'rectification' ORDER BY opened_at DESC, id DESC`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { rows: rows.length, seconds: round(seconds, 2), rowsPerSecond: round(rows.length / seconds, 0), bytes: 0 };
  } finally {
    await c.end();
  }
}

/** GET /api/ledger/export.xlsx, the body drained as it arrives (as a browser saves it). */
export async function ledgerExport(apiUrl: string, token: string, expectedRows: number): Promise<ExportRun> {
  const started = process.hrtime.bigint();
  const res = await fetch(`${apiUrl}/api/ledger/export.xlsx`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows: expectedRows, seconds: round(seconds, 2), rowsPerSecond: round(expectedRows / seconds, 0), bytes };
}
