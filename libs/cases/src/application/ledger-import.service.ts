import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileTypeFromFile } from 'file-type';
import type { QueryRunner } from 'typeorm';
import { AuditWriter } from '@app/audit';
import { Transactions } from '@app/database';
import { DeadlineService, type DeadlinePlan, type PlanDeadlines } from '@app/escalation';
import { UnitDirectory } from '@app/identity';
import { Actor, CaseMachineDefinition, DomainError, MACHINE_REGISTRY, MachineRegistry, parseEvent, SYSTEM_ACTOR } from '@app/workflow';
import { formatCaseCode, shanghaiYear } from '../domain/case-code.util';
import type { LockedCaseRow } from '../domain/case-row.type';
import { cleanFileName, EVIDENCE_MEDIA_TYPES } from '../domain/evidence.policy';
import {
  findHeader,
  type LedgerItem,
  MAX_IMPORT_ROWS,
  missingColumns,
  readLedgerRow,
  type RowReport,
  UnitMatcher,
} from '../domain/ledger-import';
import { CaseRepository } from '../persistence/case.repository';
import { PostgresFileStore } from '../persistence/file-store';
import { readLedgerSheet } from '../persistence/ledger-file.reader';
import { LedgerImportRepository, type LedgerImportRow } from '../persistence/ledger-import.repository';
import type { UploadedFile } from './attachment.service';
import { planOpening } from './opening.planner';
import { planTransition, type PlannedTransition } from './transition.planner';

export const IMPORT_ROLES = ['inspector', 'supervisor'] as const;
/** The county's staff who answer for the ledger as a whole see its imports. */
const LIST_ROLES = ['inspector', 'supervisor', 'auditor', 'admin'] as const;
/** Rows written per statement: large enough to be quick, small enough to keep statements modest. */
const BATCH = 1_000;

export interface LedgerImportReport {
  dryRun: boolean;
  fileName: string;
  sha256: string;
  sheet: string;
  headerRow: number;
  /** Columns of the sheet the import does not read (序号, 销号情况, and any not in the template). */
  ignoredColumns: string[];
  totals: { rows: number; ok: number; error: number; assigned: number; overdue: number };
  rows: RowReport[];
  /** The import that already brought this same file in, if one did. */
  earlierImport: LedgerImportRow | null;
  /** What this import created (null on a dry run). */
  import: LedgerImportRow | null;
}

/** How far an import has got: rows read, rows checked (of all), rows written (of all). */
export type ImportProgress = (progress: { phase: 'reading' | 'checking' | 'writing'; done: number; total: number | null }) => void;

export interface ImportOptions {
  dryRun: boolean;
  correlationId: string;
  onProgress?: ImportProgress;
}

interface CheckedSheet {
  report: Omit<LedgerImportReport, 'import'>;
  items: LedgerItem[];
}

/** Everything one imported row writes: its case as it ends up, its audit events, its timers. */
interface PlannedRow {
  row: LockedCaseRow;
  records: PlannedTransition['record'][];
  deadlines: DeadlinePlan;
}

const fileError = (message: string, code: 'required' | 'invalid_format' | 'too_large' | 'taken' = 'invalid_format') => [{ field: 'file', code, message }];

/**
 * Brings a 整改台账 in from Excel: every row checked first and reported in Chinese; then all rows
 * or none become cases (opened, and assigned where a unit is named) in one transaction, each
 * with audit events naming the import. A file is imported once.
 */
@Injectable()
export class LedgerImportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cases: CaseRepository,
    private readonly imports: LedgerImportRepository,
    private readonly files: PostgresFileStore,
    private readonly audit: AuditWriter,
    private readonly units: UnitDirectory,
    private readonly deadlines: DeadlineService,
    @Inject(MACHINE_REGISTRY) private readonly registry: MachineRegistry,
  ) {}

  /** What can be refused before any of the file is read: the role, and no file at all. */
  precheck(actor: Actor, upload: UploadedFile | undefined): asserts upload is UploadedFile {
    if (!IMPORT_ROLES.some((r) => actor.roles.includes(r))) {
      throw DomainError.forbidden('ledgers are imported by inspectors and supervisors', { rule: 'role' });
    }
    if (!upload) throw DomainError.validation(fileError('请选择要导入的台账文件（.xlsx）', 'required'));
  }

  async import(actor: Actor, upload: UploadedFile | undefined, options: ImportOptions): Promise<LedgerImportReport> {
    this.precheck(actor, upload);
    const progress: ImportProgress = options.onProgress ?? (() => undefined);
    const checked = await this.check(upload, progress);
    if (options.dryRun) return { ...checked.report, import: null };
    const items = checked.items;
    const report: LedgerImportReport = { ...checked.report, dryRun: false, import: null };
    if (report.earlierImport) throw duplicateOf(report.earlierImport);
    if (report.totals.error) {
      throw DomainError.refusedContent(422, fileError(`${report.totals.error} 行有错误，未导入任何一行；请改正后重新导入`), { report });
    }
    if (!items.length) throw DomainError.validation(fileError('表中没有可导入的数据行', 'required'));
    const created = await this.write(actor, upload, report, items, options.correlationId, progress);
    return { ...report, import: created };
  }

  /** Newest first; the cursor is the last seen import's position. */
  async list(actor: Actor, limit: number, cursor?: string): Promise<{ items: LedgerImportRow[]; nextCursor: string | null }> {
    if (!LIST_ROLES.some((r) => actor.roles.includes(r))) throw DomainError.forbidden('ledger imports are seen by county staff', { rule: 'role' });
    if (cursor !== undefined && !/^[1-9]\d{0,15}$/.test(cursor)) throw DomainError.validation([{ field: 'cursor', code: 'invalid_format', message: 'not a cursor this list gave' }]);
    const page = await this.imports.list(limit + 1, cursor === undefined ? undefined : Number(cursor));
    const items = page.slice(0, limit).map(({ seq: _, ...row }) => row);
    return { items, nextCursor: page.length > limit ? String(page[limit - 1].seq) : null };
  }

  /** Reads and checks every row without writing anything. */
  private async check(upload: UploadedFile, progress: ImportProgress): Promise<CheckedSheet> {
    const fileName = cleanFileName(upload.originalName);
    if (upload.size === 0) throw DomainError.validation(fileError(`${fileName} 是空文件`, 'required'));
    const sniffed = await fileTypeFromFile(upload.path);
    if (sniffed?.mime !== EVIDENCE_MEDIA_TYPES.xlsx) {
      throw DomainError.refusedContent(415, [{ field: 'file', code: 'not_in_list', message: `${fileName} 不是 Excel 工作簿（.xlsx，按文件内容判断）` }]);
    }
    const sheet = await readLedgerSheet(upload.path, MAX_IMPORT_ROWS + 20, (done) => progress({ phase: 'reading', done, total: null }));
    if ('refused' in sheet) {
      switch (sheet.refused) {
        case 'unpacked-too-large':
          throw DomainError.refusedContent(413, fileError(`${fileName} 解压后过大，不像是一份台账`, 'too_large'));
        case 'too-many-rows':
          throw DomainError.refusedContent(413, fileError(`超过 ${MAX_IMPORT_ROWS} 行，请分批导入`, 'too_large'));
        case 'unreadable':
          throw DomainError.validation(fileError(`${fileName} 无法作为 Excel 工作簿读取`));
      }
    }
    const layout = findHeader(sheet.rows);
    if (!layout) throw DomainError.validation(fileError(`工作表“${sheet.sheet}”的前 20 行中找不到表头（应含“问题描述”等列名，见模板）`));
    const missing = missingColumns(layout);
    if (missing.length) throw DomainError.validation(fileError(`表头缺少必需的列：${missing.join('、')}`));

    const matcher = new UnitMatcher((await this.units.tree()).all().filter((u) => u.active !== false));
    const now = new Date();
    const rows: RowReport[] = [];
    const items: LedgerItem[] = [];
    for (const [index, { number, cells }] of sheet.rows.entries()) {
      if (index % 1000 === 0) progress({ phase: 'checking', done: index, total: sheet.rows.length });
      if (number <= layout.row) continue;
      const read = readLedgerRow(number, cells, layout, matcher, now);
      if (!read) continue;
      rows.push(read.report);
      if (read.item) items.push(read.item);
    }
    progress({ phase: 'checking', done: sheet.rows.length, total: sheet.rows.length });
    if (rows.length > MAX_IMPORT_ROWS) throw DomainError.refusedContent(413, fileError(`超过 ${MAX_IMPORT_ROWS} 行，请分批导入`, 'too_large'));
    const sha256 = await sha256Of(upload.path);
    const assigned = items.filter((i) => i.command.unitId);
    return {
      report: {
        dryRun: true,
        fileName,
        sha256,
        sheet: sheet.sheet,
        headerRow: layout.row,
        ignoredColumns: layout.ignored,
        totals: {
          rows: rows.length,
          ok: items.length,
          error: rows.length - items.length,
          assigned: assigned.length,
          overdue: assigned.filter((i) => i.overdue).length,
        },
        rows,
        earlierImport: await this.imports.findByHash(sha256),
      },
      items,
    };
  }

  private write(
    actor: Actor,
    upload: UploadedFile,
    report: LedgerImportReport,
    items: LedgerItem[],
    correlationId: string,
    progress: ImportProgress,
  ): Promise<LedgerImportRow> {
    return this.transactions.run(async (runner) => {
      const at = new Date();
      const id = randomUUID();
      await this.files.put(runner, upload.path);
      const definition = this.registry.latest('rectification');
      const year = shanghaiYear(at);
      const first = await this.cases.reserveSequences(runner, 'rectification', year, items.length);
      const planDeadlines = await this.deadlines.planner();
      const caseIds = items.map(() => randomUUID());
      const codeOf = (i: number) => formatCaseCode('rectification', year, first + i);
      const claimed = await this.imports.insert(runner, {
        id,
        fileName: report.fileName,
        sha256: report.sha256,
        sheet: report.sheet,
        caseIds,
        firstCode: codeOf(0),
        lastCode: codeOf(items.length - 1),
        assignedCount: report.totals.assigned,
        overdueCount: report.totals.overdue,
        importedBy: actor.id,
        importedAt: at,
      });
      if (!claimed) throw duplicateOf((await this.imports.findByHash(report.sha256, runner))!);
      // Planned a batch at a time, so a large ledger's cases and events never all sit in memory.
      for (let start = 0; start < items.length; start += BATCH) {
        const batch = items.slice(start, start + BATCH).map((item, i) =>
          planRow({ item, caseId: caseIds[start + i], code: codeOf(start + i), id, fileName: report.fileName, sha256: report.sha256, definition, actor, at, correlationId, planDeadlines }),
        );
        await this.writeBatch(runner, batch);
        progress({ phase: 'writing', done: start + batch.length, total: items.length });
      }
      return (await this.imports.findByHash(report.sha256, runner))!;
    });
  }

  private async writeBatch(runner: QueryRunner, batch: readonly PlannedRow[]): Promise<void> {
    await this.cases.insertMany(runner, batch.map((p) => p.row));
    await this.audit.append(runner, batch.flatMap((p) => p.records));
    await this.deadlines.writeTimers(runner, batch.map((p) => ({ caseId: p.row.id, plan: p.deadlines })));
  }
}

/**
 * One row's case: OPENED (naming the import and the row), ASSIGN where a unit is named, and for a
 * deadline already past, SLA_BREACHED at once with the ladder counted from now (DESIGN §9).
 */
function planRow(input: {
  item: LedgerItem;
  caseId: string;
  id: string;
  fileName: string;
  sha256: string;
  code: string;
  definition: CaseMachineDefinition;
  actor: Actor;
  at: Date;
  correlationId: string;
  planDeadlines: PlanDeadlines;
}): PlannedRow {
  const { item, caseId, id, fileName, sha256, code, definition, actor, at, correlationId, planDeadlines } = input;
  const { unitId, dueAt } = item.command;
  const overdue = item.overdue && unitId !== undefined;
  const command = overdue ? { ...item.command, ladderFrom: at.toISOString() } : item.command;
  const opening = planOpening({
    id: caseId,
    code,
    command,
    definition,
    actor,
    at,
    correlationId,
    planDeadlines,
    origin: { ledgerImport: { id, fileName, sha256, row: item.row } },
  });
  if (!unitId) return { row: opening.row, records: [opening.record], deadlines: opening.deadlines };
  const base = { definition, at, correlationId, planDeadlines };
  const assign = parseEvent(definition, { type: 'ASSIGN', unitId, dueAt, comment: `导入台账“${fileName}”第 ${item.row} 行` });
  const assigned = planTransition({ ...base, row: opening.row, event: assign, actor, arrivingOverdue: overdue });
  if (!overdue) return { row: assigned.after, records: [opening.record, assigned.record], deadlines: assigned.deadlines };
  const breach = parseEvent(definition, { type: 'SLA_BREACHED', importId: id, dueAt }, { system: true });
  const breached = planTransition({ ...base, row: assigned.after, event: breach, actor: SYSTEM_ACTOR });
  return { row: breached.after, records: [opening.record, assigned.record, breached.record], deadlines: assigned.deadlines };
}

function duplicateOf(earlier: LedgerImportRow): DomainError {
  return DomainError.refusedContent(
    409,
    fileError(`这个文件已于 ${shanghaiMinute(earlier.importedAt)} 导入过（${earlier.firstCode}…${earlier.lastCode}，共 ${earlier.caseCount} 条），不再重复导入`, 'taken'),
    { earlierImport: earlier },
  );
}

const shanghaiMinute = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
