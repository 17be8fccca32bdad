import { endOfShanghaiDay, type FieldErrorCode, TEXT_MAX } from '@app/workflow';
import { LEDGER_HEADERS } from './ledger-sheet';
import { type OpenRectificationCommand, RECTIFICATION_CATEGORIES, RECTIFICATION_SOURCES } from './open-case.command';

/** More rows than a county's ledger ever holds: past it the file is refused, not read on. */
export const MAX_IMPORT_ROWS = 20_000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** The header is looked for in the first rows only (a title row above it is common). */
const HEADER_SEARCH_ROWS = 20;
const TITLE_LENGTH = 60;
const PERSON_MAX = 100;

type Header = (typeof LEDGER_HEADERS)[number];
/** Kept in the sheet for people; the import reads past them. */
const READ_PAST: readonly Header[] = ['序号', '销号情况'];
const REQUIRED_COLUMNS: readonly Header[] = ['问题来源', '问题描述'];

export interface RowError {
  column: string;
  code: FieldErrorCode;
  message: string;
}

export interface RowReport {
  row: number;
  status: 'ok' | 'error';
  errors: RowError[];
  /** The cells as read (long text cut short), so a report shows what it is about. */
  cells: Record<string, string | null>;
}

const CELL_PREVIEW = 80;

/** A row that passed: what opens (and, with a unit, assigns) its case. */
export interface LedgerItem {
  row: number;
  command: OpenRectificationCommand;
  /** Its 整改时限 has passed: it arrives overdue. */
  overdue: boolean;
}

export interface HeaderLayout {
  row: number;
  columns: Map<Header, number>;
  /** Columns the import does not read, by their header text. */
  ignored: string[];
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

/** What a cell holds once Excel's wrappers (rich text, formulas, links) are taken off. */
export type PlainCell = string | number | Date | null;

export function plainCell(value: unknown): PlainCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'object') {
    const o = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (Array.isArray(o.richText)) return plainCell(o.richText.map((r) => r.text).join(''));
    if ('result' in o) return plainCell(o.result);
    if (typeof o.text === 'string') return plainCell(o.text);
    if (typeof o.error === 'string') return o.error;
  }
  return null;
}

const asText = (cell: PlainCell): string | null => {
  if (cell === null) return null;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
};

/** The header row: the first of the top rows naming 问题描述 and at least one other ledger column. */
export function findHeader(rows: readonly { number: number; cells: readonly PlainCell[] }[]): HeaderLayout | null {
  for (const { number, cells } of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const columns = new Map<Header, number>();
    const ignored: string[] = [];
    cells.forEach((cell, index) => {
      const name = asText(cell)?.replace(/\s+/g, '');
      if (!name) return;
      const header = LEDGER_HEADERS.find((h) => h === name);
      if (header && !columns.has(header)) columns.set(header, index);
      else ignored.push(name);
    });
    if (columns.has('问题描述') && columns.size >= 2) {
      ignored.unshift(...READ_PAST.filter((h) => columns.has(h)));
      return { row: number, columns, ignored };
    }
  }
  return null;
}

export function missingColumns(layout: HeaderLayout): Header[] {
  return REQUIRED_COLUMNS.filter((h) => !layout.columns.has(h));
}

export const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DATE_FORMS = [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/];
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A 整改时限 as the day it falls on: 2027-03-31, 2027/3/31, 2027年3月31日, an Excel date cell
 * (exceljs reads it as that wall date at UTC midnight) or a bare Excel serial number.
 */
export function ledgerDate(cell: PlainCell): string | null {
  let y: number;
  let m: number;
  let d: number;
  if (cell instanceof Date || typeof cell === 'number') {
    const date = cell instanceof Date ? cell : new Date(EXCEL_EPOCH_MS + Math.floor(cell) * 86_400_000);
    if (Number.isNaN(date.getTime())) return null;
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else {
    const text = (cell ?? '').replace(/\s+/g, '');
    const match = DATE_FORMS.map((form) => form.exec(text)).find(Boolean);
    if (!match) return null;
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const real = new Date(Date.UTC(y, m - 1, d));
    if (real.getUTCFullYear() !== y || real.getUTCMonth() !== m - 1 || real.getUTCDate() !== d) return null;
  }
  if (y < 2000 || y > 2100) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Units by code (any case) and by name; a name two units share matches neither. */
export class UnitMatcher {
  private readonly byCode = new Map<string, string>();
  private readonly byName = new Map<string, string[]>();

  constructor(units: readonly UnitRef[]) {
    for (const unit of units) {
      this.byCode.set(unit.code.toLowerCase(), unit.id);
      this.byName.set(unit.name, [...(this.byName.get(unit.name) ?? []), unit.id]);
    }
  }

  match(text: string): { id: string } | { error: 'not_found' | 'conflict' } {
    const named = this.byName.get(text);
    if (named?.length === 1) return { id: named[0] };
    if (named && named.length > 1) return { error: 'conflict' };
    const coded = this.byCode.get(text.toLowerCase());
    return coded ? { id: coded } : { error: 'not_found' };
  }
}

const LIST_WORDS = (values: readonly string[]) => values.join('、');

/** Checks one data row and, if it is sound, gives the case it becomes; blank rows give null. */
export function readLedgerRow(
  number: number,
  cells: readonly PlainCell[],
  layout: HeaderLayout,
  units: UnitMatcher,
  now: Date,
): { report: RowReport; item: LedgerItem | null } | null {
  const at = (header: Header): PlainCell => {
    const index = layout.columns.get(header);
    return index === undefined ? null : (cells[index] ?? null);
  };
  const read = LEDGER_HEADERS.filter((h) => !READ_PAST.includes(h));
  if (read.every((h) => at(h) === null)) return null;

  const errors: RowError[] = [];
  const fail = (column: Header, code: FieldErrorCode, message: string) => errors.push({ column, code, message });
  const text = (header: Header, max: number): string | undefined => {
    const value = asText(at(header));
    if (value === null) return undefined;
    if (value.length > max) fail(header, 'too_long', `超过 ${max} 个字（现有 ${value.length} 个字）`);
    return value;
  };
  const oneOf = <T extends string>(header: Header, values: readonly T[]): T | undefined => {
    const value = asText(at(header))?.replace(/\s+/g, '');
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      fail(header, 'not_in_list', `“${value}”不是可选值（${LIST_WORDS(values)}）`);
      return undefined;
    }
    return value as T;
  };

  const source = oneOf('问题来源', RECTIFICATION_SOURCES);
  if (at('问题来源') === null) fail('问题来源', 'required', `必须填写（${LIST_WORDS(RECTIFICATION_SOURCES)}）`);
  const category = oneOf('问题类别', RECTIFICATION_CATEGORIES);
  const description = text('问题描述', TEXT_MAX);
  if (description === undefined) fail('问题描述', 'required', '必须填写问题描述');
  const measures = text('整改措施', TEXT_MAX);
  const responsiblePerson = text('责任人', PERSON_MAX);
  const progress = text('整改进展', TEXT_MAX);

  let unitId: string | undefined;
  const unitText = asText(at('责任单位'))?.trim();
  if (unitText) {
    const found = units.match(unitText);
    if ('id' in found) unitId = found.id;
    else if (found.error === 'conflict') fail('责任单位', 'conflict', `有多个单位名为“${unitText}”，请填写单位代码`);
    else fail('责任单位', 'not_found', `没有名称或代码为“${unitText}”的单位（见模板“填写说明”中的单位列表）`);
  }

  let dueAt: string | undefined;
  const dueCell = at('整改时限');
  if (dueCell !== null) {
    const day = ledgerDate(dueCell);
    if (day) dueAt = endOfShanghaiDay(day).toISOString();
    else fail('整改时限', 'invalid_date', `“${asText(dueCell)}”不是日期（可写 2027-03-31、2027/3/31、2027年3月31日 或 Excel 日期）`);
  } else if (unitText) {
    fail('整改时限', 'required', '填写了责任单位时必须填写整改时限');
  }

  const preview = Object.fromEntries(read.map((h) => [h, asText(at(h))?.slice(0, CELL_PREVIEW) ?? null]));
  const report: RowReport = { row: number, status: errors.length ? 'error' : 'ok', errors, cells: preview };
  if (errors.length || !source || !description) return { report, item: null };
  const command: OpenRectificationCommand = {
    kind: 'rectification',
    title: titleOf(description),
    description,
    source,
    ...(category && { category }),
    ...(measures && { measures }),
    ...(responsiblePerson && { responsiblePerson }),
    ...(unitId && { unitId }),
    ...(dueAt && { dueAt }),
    ...(progress && { progress }),
  };
  return { report, item: { row: number, command, overdue: dueAt !== undefined && new Date(dueAt) <= now } };
}

/** The first 60 characters of the description, on one line. */
export function titleOf(description: string): string {
  return [...description.replace(/\s+/g, ' ').trim()].slice(0, TITLE_LENGTH).join('');
}
