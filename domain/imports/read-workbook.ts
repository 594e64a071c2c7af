/**
 * Turns an uploaded file (xlsx, or csv holding one sheet) into sheets of rows keyed by column,
 * remembering every sheet's own name, row numbers and header texts so errors can point at the
 * cell the user sees in Excel.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Language } from '../generated/prisma/enums.ts';
import {
  columnByHeader,
  columnSpec,
  nameIn,
  SHEETS,
  sheetKindByHeaders,
  sheetKindByName,
  type SheetKind,
} from './format.ts';
import type { ImportIssues } from './issues.ts';

/** A cell as read: text, number, date (xlsx date cells), boolean, or null when empty. */
export type Cell = string | number | Date | boolean | null;

export interface SheetRow {
  /** The row number the user sees (header row of a CSV = 1). */
  row: number;
  /** Cells by column key; a key is absent when the sheet has no such column. */
  cells: Record<string, Cell>;
}

export interface ReadSheet {
  kind: SheetKind;
  /** The sheet's name as in the file (for CSV: the file name). */
  name: string;
  /** Header text in the file by column key. */
  headers: Map<string, string>;
  headerRow: number;
  rows: SheetRow[];
  /** False when a required column is missing: its rows are not checked one by one. */
  complete: boolean;
}

/** Data rows one sheet may hold: beyond this a file is not a school's base data. */
export const MAX_ROWS_PER_SHEET = 20_000;
/** Rows above the header that may hold a title ("Список учеников 2026-2027"). */
const HEADER_SEARCH_ROWS = 10;

const isZip = (b: Buffer) =>
  b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Buffer) =>
  b.length > 8 && b.readUInt32BE(0) === 0xd0cf11e0 && b.readUInt32BE(4) === 0xa1b11ae1;

const cellValue = (value: ExcelJS.CellValue): Cell => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date)
    return value;
  if ('richText' in value) return cellValue(value.richText.map((r) => r.text).join(''));
  if ('hyperlink' in value) return cellValue(value.text);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || (typeof result === 'object' && !(result instanceof Date)))
      return null;
    return cellValue(result);
  }
  if ('error' in value) return value.error;
  return null;
};

const headerText = (cell: Cell): string =>
  cell === null ? '' : cell instanceof Date ? '' : String(cell).trim();

/** Finds the header row, builds the column map and collects data rows of one grid of cells. */
const readGrid = (
  grid: { row: number; cells: Cell[] }[],
  sheetName: string,
  forcedKind: SheetKind | null,
  language: Language,
  issues: ImportIssues,
): ReadSheet | 'unknown' | 'empty' => {
  const nonEmpty = grid.filter((r) => r.cells.some((c) => c !== null));
  if (nonEmpty.length === 0) return 'empty';
  const kindFromName = forcedKind ?? sheetKindByName(sheetName);
  let header: { row: number; cells: Cell[] } | undefined;
  let kind: SheetKind | null = kindFromName;
  for (const candidate of nonEmpty.slice(0, HEADER_SEARCH_ROWS)) {
    const texts = candidate.cells.map(headerText);
    const guessed = kindFromName ?? sheetKindByHeaders(texts);
    const recognised = guessed ? texts.filter((t) => columnByHeader(guessed, t)).length : 0;
    if (guessed && recognised >= Math.min(2, SHEETS[guessed].columns.length)) {
      header = candidate;
      kind = guessed;
      break;
    }
  }
  if (!kind) return 'unknown';
  const sheetLabel = sheetName;
  if (!header) {
    issues.add([sheetLabel], 'imports.noHeader', { sheet: sheetLabel });
    return 'unknown';
  }
  const headers = new Map<string, string>();
  const indexOf = new Map<string, number>();
  header.cells.forEach((cell, index) => {
    const text = headerText(cell);
    const column = columnByHeader(kind, text);
    if (!column) return;
    if (indexOf.has(column.key)) {
      issues.add([sheetLabel, header.row, text], 'imports.duplicateColumn', {
        sheet: sheetLabel,
        row: header.row,
        column: text,
      });
      return;
    }
    headers.set(column.key, text);
    indexOf.set(column.key, index);
  });
  let complete = true;
  for (const column of SHEETS[kind].columns) {
    if (column.required && !headers.has(column.key)) {
      complete = false;
      const name = nameIn(columnSpec(kind, column.key), language);
      issues.add([sheetLabel, header.row, name], 'imports.missingColumn', {
        sheet: sheetLabel,
        row: header.row,
        column: name,
      });
    }
  }
  const rows: SheetRow[] = [];
  for (const line of grid) {
    if (line.row <= header.row) continue;
    const cells: Record<string, Cell> = {};
    let any = false;
    for (const [key, index] of indexOf) {
      const cell = line.cells[index] ?? null;
      cells[key] = cell;
      if (cell !== null) any = true;
    }
    if (any) rows.push({ row: line.row, cells });
  }
  if (rows.length > MAX_ROWS_PER_SHEET) {
    issues.add([sheetLabel], 'imports.tooManyRows', { sheet: sheetLabel, max: MAX_ROWS_PER_SHEET });
    complete = false;
  }
  return { kind, name: sheetName, headers, headerRow: header.row, rows, complete };
};

const readXlsx = async (
  content: Buffer,
  fileName: string,
  language: Language,
  issues: ImportIssues,
) => {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch {
    issues.add([], 'imports.unreadableFile', { file: fileName });
    return [];
  }
  const sheets: ReadSheet[] = [];
  for (const worksheet of workbook.worksheets) {
    if (worksheet.actualRowCount > MAX_ROWS_PER_SHEET + HEADER_SEARCH_ROWS) {
      issues.add([worksheet.name], 'imports.tooManyRows', {
        sheet: worksheet.name,
        max: MAX_ROWS_PER_SHEET,
      });
      continue;
    }
    const grid: { row: number; cells: Cell[] }[] = [];
    worksheet.eachRow((row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = cellValue(cell.value);
      });
      grid.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
    });
    const sheet = readGrid(grid, worksheet.name, null, language, issues);
    if (sheet === 'unknown')
      issues.warn([worksheet.name], 'imports.unknownSheet', { sheet: worksheet.name });
    else if (sheet !== 'empty') sheets.push(sheet);
  }
  return sheets;
};

/**
 * The text of a CSV, decided from the whole file: a byte-order mark first (UTF-8, UTF-16); else
 * UTF-8 when every byte is valid UTF-8; else Windows-1251, what Excel saves in Russian Windows.
 * A UTF-8 file spoiled by a stray byte thus decodes as Windows-1251, and its names come out as
 * "РђР»РёСЏ": the row check refuses such names (`notName`) rather than storing them.
 */
export const decodeText = (content: Buffer): string => {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf)
    return new TextDecoder('utf-8').decode(content);
  if (content[0] === 0xff && content[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(content);
  if (content[0] === 0xfe && content[1] === 0xff)
    return new TextDecoder('utf-16be').decode(content);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('windows-1251').decode(content);
  }
};

/** The delimiter of a CSV: Excel writes `;` where the decimal separator is a comma (ru, ky). */
const guessDelimiter = (text: string): string => {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ',';
};

const readCsv = (
  content: Buffer,
  fileName: string,
  forcedKind: SheetKind | null,
  language: Language,
  issues: ImportIssues,
) => {
  const text = decodeText(content);
  if (text.includes('\u0000')) {
    issues.add([], 'imports.unreadableFile', { file: fileName });
    return [];
  }
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      delimiter: guessDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
    });
  } catch {
    issues.add([], 'imports.unreadableFile', { file: fileName });
    return [];
  }
  const grid = records.map((cells, i) => ({
    row: i + 1,
    cells: cells.map((c) => (c === '' ? null : c)),
  }));
  const sheetName = fileName.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '') || 'CSV';
  const sheet = readGrid(grid, sheetName, forcedKind, language, issues);
  if (sheet === 'unknown') {
    issues.add([sheetName], 'imports.unknownSheetKind', { sheet: sheetName });
    return [];
  }
  return sheet === 'empty' ? [] : [sheet];
};

/**
 * Reads an xlsx workbook or a CSV file. Problems go to `issues` (unreadable file, missing or
 * duplicate columns); sheets that are not part of the format become warnings.
 */
export const readWorkbook = async (input: {
  fileName: string;
  content: Buffer;
  sheet?: SheetKind;
  language: Language;
  issues: ImportIssues;
}): Promise<ReadSheet[]> => {
  const { fileName, content, language, issues } = input;
  if (content.length === 0) {
    issues.add([], 'imports.emptyFile', { file: fileName });
    return [];
  }
  if (isOle(content)) {
    issues.add([], 'imports.oldExcelFormat', { file: fileName });
    return [];
  }
  if (isZip(content)) return readXlsx(content, fileName, language, issues);
  if (/\.xlsx?$/i.test(fileName)) {
    issues.add([], 'imports.unreadableFile', { file: fileName });
    return [];
  }
  return readCsv(content, fileName, input.sheet ?? null, language, issues);
};
