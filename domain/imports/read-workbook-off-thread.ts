/**
 * Parsing a workbook is CPU- and memory-heavy (a 0.9 MB xlsx can unpack to 5 million rows), so
 * it never runs on the request thread: first a cheap look at the zip's directory and each
 * sheet's declared size refuses bombs outright, then the parse runs in a worker thread with a
 * heap limit and a time limit, so /healthz and every other request keep being answered.
 */
import { inflateRawSync, constants as zlib } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import JSZip from 'jszip';
import type { Language } from '../generated/prisma/enums.ts';
import type { SheetKind } from './format.ts';
import type { ImportIssues } from './issues.ts';
import { MAX_ROWS_PER_SHEET, type ReadSheet } from './read-workbook.ts';
import type { ValidationIssue } from '../errors.ts';

/** A school's workbook unpacks to a few MB; 20,000 rows of 15 columns stay well under this. */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** Rows a sheet may declare (its `<dimension>`): the row limit plus title rows above the header. */
const MAX_DECLARED_ROWS = MAX_ROWS_PER_SHEET + 10;
/** Heap of the parse worker: ample for the row limit, far below what a bomb would take. */
const WORKER_HEAP_MB = 768;
/** Longest parse; a valid 20,000-row workbook takes a few seconds. */
const PARSE_TIMEOUT_MS = 60_000;

const isZip = (b: Buffer) =>
  b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** jszip keeps each entry's sizes from the zip directory and its compressed bytes here. */
interface ZipEntryData {
  uncompressedSize?: number;
  compressedContent?: Uint8Array;
  compression?: { magic?: string };
}
const entryData = (file: JSZip.JSZipObject) =>
  (file as unknown as { _data?: ZipEntryData })._data ?? {};

/** The first bytes of an entry, inflating only a small prefix of it (never the whole entry). */
const headOf = (data: ZipEntryData): string => {
  const raw = data.compressedContent;
  if (!raw) return '';
  const prefix = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 4096));
  if (data.compression?.magic === '\x00\x00') return prefix.toString('latin1');
  try {
    return inflateRawSync(prefix, { finishFlush: zlib.Z_SYNC_FLUSH }).subarray(0, 4096).toString();
  } catch {
    return '';
  }
};

/** Rows a sheet says it spans: `<dimension ref="A1:K5000001"/>` → 5000001. */
const declaredRows = (xmlHead: string): number | null => {
  const ref = /<dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(xmlHead);
  return ref?.[1] ? Number(ref[1]) : null;
};

/**
 * Refuses an xlsx whose entries unpack beyond MAX_UNPACKED_BYTES or whose sheets declare more
 * rows than a sheet may hold, looking only at the zip directory and each sheet's first bytes.
 * @returns false when the file was refused (the reason is in `issues`)
 */
export const checkWorkbookBounds = async (
  content: Buffer,
  fileName: string,
  issues: ImportIssues,
): Promise<boolean> => {
  if (!isZip(content)) return true;
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(content);
  } catch {
    issues.add([], 'imports.unreadableFile', { file: fileName });
    return false;
  }
  let unpacked = 0;
  let ok = true;
  for (const [name, file] of Object.entries(zip.files)) {
    if (file.dir) continue;
    const data = entryData(file);
    unpacked += data.uncompressedSize ?? 0;
    const sheet = /^xl\/worksheets\/([^/]+)\.xml$/.exec(name);
    if (sheet) {
      const rows = declaredRows(headOf(data));
      if (rows !== null && rows > MAX_DECLARED_ROWS) {
        issues.add([sheet[1] ?? name], 'imports.declaredTooManyRows', {
          sheet: sheet[1] ?? name,
          rows,
          max: MAX_ROWS_PER_SHEET,
        });
        ok = false;
      }
    }
  }
  if (unpacked > MAX_UNPACKED_BYTES) {
    issues.add([], 'imports.unpackedTooLarge', {
      file: fileName,
      sizeMb: Math.round(unpacked / 1024 / 1024),
      maxMb: MAX_UNPACKED_BYTES / 1024 / 1024,
    });
    ok = false;
  }
  return ok;
};

interface WorkerResult {
  sheets: ReadSheet[];
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

/** Parses in a worker thread with a heap and time limit; a blown limit is a file-level issue. */
const parseInWorker = (input: {
  fileName: string;
  content: Buffer;
  sheet?: SheetKind;
  language: Language;
}) =>
  new Promise<WorkerResult | null>((resolve, reject) => {
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: {
        entry: new URL('./read-workbook.worker.ts', import.meta.url).href,
        fileName: input.fileName,
        content: new Uint8Array(input.content),
        ...(input.sheet ? { sheet: input.sheet } : {}),
        language: input.language,
      },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (result: WorkerResult | null, error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error) reject(error instanceof Error ? error : new Error('the parse worker failed'));
      else resolve(result);
    };
    const timer = setTimeout(() => finish(null), PARSE_TIMEOUT_MS);
    worker.once('message', (message: WorkerResult) => finish(message));
    worker.once('error', (error: Error & { code?: string }) =>
      // Out of heap is the file's fault; anything else is ours.
      error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? finish(null) : finish(null, error),
    );
    worker.once('exit', () => finish(null));
  });

/**
 * Reads an xlsx or CSV like `readWorkbook`, but bounded and off the request thread: bombs are
 * refused from the zip directory, and the parse runs in a worker thread.
 */
export const readWorkbookOffThread = async (input: {
  fileName: string;
  content: Buffer;
  sheet?: SheetKind;
  language: Language;
  issues: ImportIssues;
}): Promise<ReadSheet[]> => {
  const { issues, ...rest } = input;
  if (!(await checkWorkbookBounds(rest.content, rest.fileName, issues))) return [];
  const result = await parseInWorker(rest);
  if (!result) {
    issues.add([], 'imports.parseFailed', { file: rest.fileName });
    return [];
  }
  for (const e of result.errors) issues.add(e.path, e.key, e.params);
  for (const w of result.warnings) issues.warn(w.path, w.key, w.params);
  return result.sheets;
};
