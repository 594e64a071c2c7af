/** Runs `readWorkbook` in a worker thread (see read-workbook-off-thread.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { Language } from '../generated/prisma/enums.ts';
import type { SheetKind } from './format.ts';
import { ImportIssues } from './issues.ts';
import { readWorkbook } from './read-workbook.ts';

const input = workerData as {
  fileName: string;
  content: Uint8Array;
  sheet?: SheetKind;
  language: Language;
};
const issues = new ImportIssues();
const sheets = await readWorkbook({
  ...input,
  content: Buffer.from(input.content.buffer, input.content.byteOffset, input.content.byteLength),
  issues,
});
parentPort?.postMessage({ sheets, errors: issues.errors, warnings: issues.warnings });
