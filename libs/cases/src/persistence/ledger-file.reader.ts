import ExcelJS from 'exceljs';
import { StringDecoder } from 'node:string_decoder';
import unzipper from 'unzipper';
import { plainCell, type PlainCell } from '../domain/ledger-import';

/** Unpacked, a real ledger of 20,000 rows is a few tens of MB; far more is a zip bomb. */
const MAX_UNPACKED_BYTES = 128 * 1024 * 1024;
const MAX_ENTRIES = 1_000;
/** Columns past this are never part of a ledger. */
const MAX_COLUMNS = 64;
export const LEDGER_SHEET_NAME = '整改台账';

export interface SheetRows {
  sheet: string;
  rows: { number: number; cells: PlainCell[] }[];
}

export type SheetRefusal = { refused: 'unpacked-too-large' } | { refused: 'too-many-rows'; limit: number } | { refused: 'unreadable' };

type Chunks = AsyncIterable<Buffer | string>;

/** The reader's own steps this module corrects (not in exceljs's typings). */
interface ReaderSteps {
  _parseWorksheet(iterator: Chunks, sheetNo: number): Generator<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
}

const StreamingReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (
  input: string,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => ExcelJS.stream.xlsx.WorkbookReader & ReaderSteps;

async function* decoded(source: Chunks): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * exceljs 4.4's streaming reader decodes every chunk of the unzipped XML on its own, so a Chinese
 * character split across two chunks becomes two U+FFFD (exceljs#2084; a few rows in every
 * thousand). This one hands the parser text decoded across chunk boundaries.
 */
class Utf8WorkbookReader extends StreamingReader {
  override _parseWorksheet(iterator: Chunks, sheetNo: number) {
    return super._parseWorksheet(decoded(iterator), sheetNo);
  }

  override _parseSharedStrings(entry: NodeJS.ReadableStream) {
    entry.setEncoding('utf8');
    return super._parseSharedStrings(entry);
  }
}

/** What the package says it unpacks to, from its central directory, before any of it is read. */
async function unpackedSize(path: string): Promise<{ bytes: number; entries: number } | null> {
  try {
    const directory = await unzipper.Open.file(path);
    return { bytes: directory.files.reduce((sum, f) => sum + f.uncompressedSize, 0), entries: directory.files.length };
  } catch {
    return null;
  }
}

/**
 * The ledger sheet of a workbook (the one named 整改台账, else the first), streamed row by row,
 * cells unwrapped to plain values. Reading stops past `maxRows` non-empty rows.
 */
export async function readLedgerSheet(path: string, maxRows: number, onRows?: (read: number) => void): Promise<SheetRows | SheetRefusal> {
  const size = await unpackedSize(path);
  if (!size) return { refused: 'unreadable' };
  if (size.bytes > MAX_UNPACKED_BYTES || size.entries > MAX_ENTRIES) return { refused: 'unpacked-too-large' };
  const reader = new Utf8WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let chosen: SheetRows | null = null;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name ?? '';
      if (chosen && (chosen.sheet === LEDGER_SHEET_NAME || name !== LEDGER_SHEET_NAME)) continue;
      const rows: SheetRows['rows'] = [];
      for await (const row of worksheet) {
        const values = (row.values as unknown[]).slice(1, MAX_COLUMNS + 1).map(plainCell);
        if (values.every((v) => v === null)) continue;
        if (rows.length >= maxRows) return { refused: 'too-many-rows', limit: maxRows };
        rows.push({ number: row.number, cells: values });
        if (rows.length % 500 === 0) onRows?.(rows.length);
      }
      chosen = { sheet: name, rows };
    }
  } catch {
    return { refused: 'unreadable' };
  }
  return chosen ?? { refused: 'unreadable' };
}
