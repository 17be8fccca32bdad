import { Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { AuditRepository } from '@app/audit';
import { shanghaiDate } from '@app/calendar';
import { CalendarYearsService } from '@app/escalation';
import { UnitDirectory } from '@app/identity';
import { Actor, EVENT_LABELS, MACHINE_REGISTRY, MachineRegistry } from '@app/workflow';
import {
  HOTLINE_EXPORT_COLUMNS,
  LEDGER_EXPLANATIONS,
  LEDGER_EXPORT_COLUMNS,
  LEDGER_HEADERS,
  type LedgerCell,
  type LedgerColumn,
} from '../domain/ledger-sheet';
import { RECTIFICATION_CATEGORIES, RECTIFICATION_SOURCES } from '../domain/open-case.command';
import { CaseListFilter, CaseRepository } from '../persistence/case.repository';
import { CaseView, toCaseView } from './case-view';

const PAGE = 500;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const FILL = { red: 'FFF8D7DA', yellow: 'FFFFF3CD' } as const;
const TEMPLATE_ROWS = 1000;

export type LedgerFilter = Omit<CaseListFilter, 'after' | 'limit' | 'kind'>;

/**
 * Excel has no time zones: a cell shows the Asia/Shanghai wall time of the instant. A date alone
 * is the day a deadline closes: 2027-03-31 24:00 is 2027-03-31, not the next morning.
 */
function excelValue(cell: LedgerCell): ExcelJS.CellValue {
  if (cell === null || typeof cell !== 'object') return cell;
  const instant = new Date(cell.instant).getTime();
  if (cell.withTime) return new Date(instant + SHANGHAI_OFFSET_MS);
  return new Date(`${shanghaiDate(new Date(instant - 1))}T00:00:00.000Z`);
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9ECEF' } };
}

/**
 * The 整改台账 and 12345 work orders as workbooks: the customary template, and exports streamed
 * page by page (a county's whole ledger never sits in memory), within the caller's scope.
 */
@Injectable()
export class LedgerWorkbookService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly audit: AuditRepository,
    private readonly units: UnitDirectory,
    private readonly calendars: CalendarYearsService,
    @Inject(MACHINE_REGISTRY) private readonly registry: MachineRegistry,
  ) {}

  async exportLedger(actor: Actor, filter: LedgerFilter, out: Writable): Promise<number> {
    let index = 0;
    return this.stream(actor, { ...filter, kind: 'rectification' }, out, '整改台账', LEDGER_EXPORT_COLUMNS, async (views) => {
      const latest = await this.audit.latestEvents(actor.scope, views.map((v) => v.id));
      const tree = await this.units.tree();
      return views.map((view) => {
        const last = latest.get(view.id);
        return {
          view,
          index: ++index,
          unitName: view.unitId ? (tree.get(view.unitId)?.name ?? '') : '',
          latest: last ? { label: `${EVENT_LABELS[last.type] ?? last.type}（${last.at.slice(0, 10)}）`, at: last.at } : null,
        };
      });
    });
  }

  async exportHotline(actor: Actor, filter: LedgerFilter, out: Writable): Promise<number> {
    return this.stream(actor, { ...filter, kind: 'hotline' }, out, '12345工单', HOTLINE_EXPORT_COLUMNS, async (views) => {
      const tree = await this.units.tree();
      return views.map((view) => ({ view, unitName: view.unitId ? (tree.get(view.unitId)?.name ?? '') : '' }));
    });
  }

  /** The customary layout to fill in: the header row, drop-downs, and a sheet that explains each column and lists the units. */
  async template(): Promise<Buffer> {
    const tree = await this.units.tree();
    const units = [...flatten(tree.forest())];
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('整改台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = LEDGER_HEADERS.map((header) => ({ header, width: header === '问题描述' || header === '整改措施' || header === '整改进展' ? 40 : 14 }));
    styleHeader(sheet.getRow(1));
    const help = book.addWorksheet('填写说明');
    help.columns = [
      { header: '列名', width: 12 },
      { header: '填写要求', width: 70 },
    ];
    styleHeader(help.getRow(1));
    for (const header of LEDGER_HEADERS) help.addRow([header, LEDGER_EXPLANATIONS[header]]);
    help.addRow([]);
    const unitHeader = help.addRow(['单位代码', '单位名称']);
    unitHeader.font = { bold: true };
    const first = unitHeader.number + 1;
    for (const unit of units) help.addRow([unit.code, unit.name]);
    const last = first + units.length - 1;
    const column = (name: (typeof LEDGER_HEADERS)[number]) => String.fromCharCode(65 + LEDGER_HEADERS.indexOf(name));
    const list = (values: readonly string[]) => ({ type: 'list' as const, allowBlank: true, formulae: [`"${values.join(',')}"`] });
    for (let row = 2; row <= TEMPLATE_ROWS; row++) {
      sheet.getCell(`${column('问题来源')}${row}`).dataValidation = list(RECTIFICATION_SOURCES);
      sheet.getCell(`${column('问题类别')}${row}`).dataValidation = list(RECTIFICATION_CATEGORIES);
      if (units.length) {
        sheet.getCell(`${column('责任单位')}${row}`).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`'填写说明'!$B$${first}:$B$${last}`],
        };
      }
      sheet.getCell(`${column('整改时限')}${row}`).numFmt = 'yyyy-mm-dd';
    }
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  private async stream<Row extends { view: CaseView }>(
    actor: Actor,
    filter: Omit<CaseListFilter, 'after' | 'limit'>,
    out: Writable,
    title: string,
    columns: LedgerColumn<Row>[],
    rowsOf: (views: CaseView[]) => Promise<Row[]>,
  ): Promise<number> {
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = writer.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    styleHeader(sheet.getRow(1));
    sheet.getRow(1).commit();
    const light = columns.findIndex((c) => c.header === '信号灯') + 1;
    const calendar = await this.calendars.calendar();
    let count = 0;
    for (let after: CaseListFilter['after']; ; ) {
      const page = await this.cases.list(actor.scope, { ...filter, after, limit: PAGE });
      if (!page.length) break;
      const now = new Date();
      const views = page.map((row) => toCaseView(row, actor, this.registry, { now, calendar }));
      for (const row of await rowsOf(views)) {
        const cells = columns.map((c) => c.value(row));
        const added = sheet.addRow(cells.map(excelValue));
        cells.forEach((cell, i) => {
          if (cell && typeof cell === 'object') added.getCell(i + 1).numFmt = cell.withTime ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
        });
        const { light: signal } = row.view;
        if (light && (signal === 'red' || signal === 'yellow')) {
          added.getCell(light).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[signal] } };
        }
        added.commit();
        count++;
      }
      const last = page[page.length - 1];
      after = { openedAt: new Date(last.openedAt).toISOString(), id: last.id };
      if (page.length < PAGE) break;
    }
    sheet.commit();
    await writer.commit();
    return count;
  }
}

function* flatten(nodes: { code: string; name: string; children: unknown[] }[]): Generator<{ code: string; name: string }> {
  for (const node of nodes) {
    yield { code: node.code, name: node.name };
    yield* flatten(node.children as typeof nodes);
  }
}
