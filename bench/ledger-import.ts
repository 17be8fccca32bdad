import ExcelJS from 'exceljs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { round } from './stats';

export interface ImportRun {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  fileMb: number;
}

const SOURCES = ['巡察反馈', '巡视反馈', '自查', '考核反馈', '上级交办', '审计', '其他'];
const UNITS = ['县住建局', 'scj', '县住建局城建股', ''];

/** A ledger as offices fill it in: every fifth row without a unit, one in ten already past its deadline. */
async function writeLedger(file: string, rows: number, batch: number): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  const sheet = writer.addWorksheet('整改台账');
  sheet.addRow(['序号', '问题来源', '问题类别', '问题描述', '整改措施', '责任单位', '责任人', '整改时限', '整改进展']).commit();
  for (let i = 1; i <= rows; i++) {
    const unit = UNITS[i % UNITS.length];
    const due = i % 10 === 0 ? '2025/6/30' : `2031年${(i % 12) + 1}月${(i % 28) + 1}日`;
    sheet
      .addRow([
        i,
        SOURCES[i % SOURCES.length],
        '限期整改',
        `第 ${batch} 批第 ${i} 项：巡察发现某项制度执行不到位，会议记录不全，需要完善相关台账并建立长效机制`,
        '修订制度，补齐记录，开展专项检查',
        unit,
        unit ? '张三' : null,
        unit ? due : null,
        '已制定整改方案',
      ])
      .commit();
  }
  sheet.commit();
  await writer.commit();
}

/** POST /api/ledger/imports of one generated workbook of `rows` rows (all rows valid). */
export async function ledgerImport(apiUrl: string, token: string, rows: number, batch: number): Promise<ImportRun> {
  const file = path.join(os.tmpdir(), `rectify-bench-ledger-${process.pid}-${batch}.xlsx`);
  await writeLedger(file, rows, batch);
  try {
    const bytes = await readFile(file);
    const form = new FormData();
    form.append('file', new Blob([bytes]), `台账-${batch}.xlsx`);
    const started = process.hrtime.bigint();
    const res = await fetch(`${apiUrl}/api/ledger/imports`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const body = (await res.json()) as { import?: { caseCount: number }; detail?: string };
    if (res.status !== 201 || body.import?.caseCount !== rows) throw new Error(`import answered ${res.status}: ${body.detail ?? JSON.stringify(body).slice(0, 300)}`);
    return { rows, seconds: round(seconds, 2), rowsPerSecond: round(rows / seconds, 0), fileMb: round(bytes.length / 2 ** 20, 2) };
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Baseline: the same number of case-shaped rows written by one bare INSERT … SELECT (no workbook,
 * no checks, no audit events or timers) into a scratch copy of the cases table.
 */
export async function sqlInsert(databaseUrl: string, rows: number): Promise<ImportRun> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(`CREATE TEMP TABLE bench_cases (LIKE cases INCLUDING DEFAULTS)`);
    const started = process.hrtime.bigint();
    await c.query(
      `INSERT INTO bench_cases (id, code, kind, title, fields, unit_id, priority, state, state_detail, snapshot, machine_version, version,
                                chain_head, calendar_complete, escalation_level, rework_count, suspended, opened_by, opened_at, updated_at)
       SELECT gen_random_uuid(), 'ZG-2026-' || lpad(n::text, 6, '0'), 'rectification', '第 ' || n || ' 项', jsonb_build_object('source', '自查', 'description', repeat('问', 40)),
              NULL, 'normal', 'opened', 'opened', '{}'::jsonb, 1, 1, md5(n::text), true, 0, 0, false, 'bench', now(), now()
       FROM generate_series(1, $1) AS n`,
      [rows],
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { rows, seconds: round(seconds, 3), rowsPerSecond: round(rows / seconds, 0), fileMb: 0 };
  } finally {
    await c.query(`DROP TABLE IF EXISTS bench_cases`).catch(() => undefined);
    await c.end();
  }
}
