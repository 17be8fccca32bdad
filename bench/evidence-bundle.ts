import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { login, ROOT, type Server } from './server';
import { round } from './stats';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The verifier as bundles carry it (plain JavaScript, no build step).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const verifier = require(path.join(ROOT, 'libs/audit/verifier/bundle-verifier.js')) as { readZip(zip: Uint8Array, inflate: (b: Uint8Array) => Promise<Uint8Array>): Promise<{ files: Map<string, Uint8Array> }> };

const run = promisify(execFile);

export interface BundleFigure {
  cases: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  megabytes: number;
  /** node verify.mjs on the downloaded ZIP, offline. */
  verifySeconds: number;
  verified: boolean;
}

async function fetchBundle(api: Server, token: string, query: string): Promise<{ bytes: Buffer; seconds: number }> {
  const started = Date.now();
  const res = await fetch(`${api.url}/api/audit/bundles?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`bundle ${query}: ${res.status} ${await res.text()}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { bytes, seconds: (Date.now() - started) / 1000 };
}

async function offlineVerify(bytes: Buffer): Promise<{ seconds: number; ok: boolean; events: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-'));
  try {
    const zip = path.join(dir, 'bundle.zip');
    writeFileSync(zip, bytes);
    // Stored entries: no inflate needed to take verify.mjs out of the bundle, as its recipient would.
    const { files } = await verifier.readZip(new Uint8Array(bytes), async () => new Uint8Array());
    writeFileSync(path.join(dir, 'verify.mjs'), files.get('verify.mjs')!);
    const started = Date.now();
    // Exit 3 is "nothing changed, not all signed": the bench's API holds no key to sign the manifest with.
    const stdout = await run(process.execPath, [path.join(dir, 'verify.mjs'), zip, '--json'], { maxBuffer: 64 * 2 ** 20 }).then(
      (r) => r.stdout,
      (err: { code?: number; stdout?: string }) => {
        if (err.code === 3 && err.stdout) return err.stdout;
        throw err;
      },
    );
    const report = JSON.parse(stdout) as { ok: boolean; summary: { events: number; unsigned: number } };
    return { seconds: (Date.now() - started) / 1000, ok: report.ok && report.summary.unsigned === 0, events: report.summary.events };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function figure(api: Server, token: string, query: string, rounds: number): Promise<BundleFigure> {
  const times: number[] = [];
  let last: Buffer = Buffer.alloc(0);
  for (let i = 0; i < rounds; i++) {
    const { bytes, seconds } = await fetchBundle(api, token, query);
    times.push(seconds);
    last = bytes;
  }
  const check = await offlineVerify(last);
  const seconds = median(times);
  return {
    cases: 0,
    events: check.events,
    seconds: round(seconds, 2),
    eventsPerSecond: Math.round(check.events / seconds),
    megabytes: round(last.length / 2 ** 20, 1),
    verifySeconds: round(check.seconds, 2),
    verified: check.ok,
  };
}

/** The floor: reading the same events and every leaf of the signed tree over SQL, nothing computed. */
async function sqlFloor(url: string, caseIds: readonly string[]): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const started = Date.now();
    await c.query(`SELECT * FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, seq`, [caseIds]);
    const [{ size }] = (await c.query(`SELECT tree_size::int AS size FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1`)).rows;
    for (let from = 0; from < size; from += 50_000) {
      await c.query(`SELECT log_index, leaf_hash FROM audit_log WHERE log_index >= $1 ORDER BY log_index LIMIT 50000`, [from]);
    }
    return (Date.now() - started) / 1000;
  } finally {
    await c.end();
  }
}

/**
 * Leg l, on leg k's database (its events under one signed checkpoint): one case's bundle, whose
 * proofs climb the whole tree, and a unit's bundle of `unitCases` cases; each against the SQL
 * read it cannot avoid, and checked offline by the verify.mjs it carries.
 */
export async function bundleLeg(url: string, api: Server, unitCases: number): Promise<{ oneCase: BundleFigure & { sqlFloorSeconds: number }; unit: BundleFigure & { sqlFloorSeconds: number }; peakRssMb: number }> {
  const token = await login(api.url, 'auditor');
  const c = new Client({ connectionString: url });
  await c.connect();
  let first: string;
  let unitId: string;
  let unitIds: string[];
  let to: string;
  try {
    const rows = (
      await c.query<{ id: string; unit_id: string; last_at: Date }>(
        `SELECT c.id, c.unit_id, (SELECT max(at) FROM case_events e WHERE e.case_id = c.id) AS last_at
         FROM cases c WHERE c.code LIKE 'VF-%' ORDER BY c.opened_at, (substring(c.code from 4))::int LIMIT $1`,
        [unitCases],
      )
    ).rows;
    first = rows[0].id;
    unitId = rows[0].unit_id;
    unitIds = rows.map((r) => r.id);
    to = new Date(rows[rows.length - 1].last_at.getTime() + 1).toISOString();
  } finally {
    await c.end();
  }
  const oneCase = await figure(api, token, `caseId=${first}`, 3);
  const oneFloor = await sqlFloor(url, [first]);
  const unit = await figure(api, token, `unitId=${unitId}&from=2026-01-01T00:00:00Z&to=${encodeURIComponent(to)}`, 1);
  const unitFloor = await sqlFloor(url, unitIds);
  return {
    oneCase: { ...oneCase, cases: 1, sqlFloorSeconds: round(oneFloor, 2) },
    unit: { ...unit, cases: unitIds.length, sqlFloorSeconds: round(unitFloor, 2) },
    peakRssMb: round(api.peakRssMb(), 1),
  };
}
