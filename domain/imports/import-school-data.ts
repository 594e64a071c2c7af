import { z } from 'zod';
import { localToday } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import { DomainError, invalid, notFound } from '../errors.ts';
import { Language } from '../generated/prisma/enums.ts';
import { id, parseInput } from '../validation.ts';
import { SHEET_KINDS, type SheetKind } from './format.ts';
import { ImportIssues } from './issues.ts';
import { codeKey, planImport, type ParsedRows } from './plan.ts';
import { assertCanMoveSchoolData, auditSchoolData, type ImportActor } from './policy.ts';
import type { ReadSheet } from './read-workbook.ts';
import { readWorkbookOffThread } from './read-workbook-off-thread.ts';
import { buildRowSchemas, classKey, parseClassLabel, parseRows } from './rows.ts';
import { applyPlan, type ImportCounts } from './write.ts';

/** Largest file an import accepts (the API limits uploads to the same size). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export interface ImportProgress {
  stage: 'read' | 'validate' | 'write' | 'done';
  sheet?: SheetKind;
  /** Units done and in all: every row is validated once and written once. */
  done: number;
  total: number;
}

export const importSchoolDataInput = z
  .object({
    schoolId: id,
    fileName: z.string().trim().min(1).max(255),
    content: z.custom<Buffer>((v) => Buffer.isBuffer(v), { message: 'invalidType' }),
    /** Kind of the single sheet of a CSV file whose header row does not tell. */
    sheet: z.enum(SHEET_KINDS).optional(),
    /** Check everything and report counts, but write nothing. */
    dryRun: z.boolean().default(false),
    /** Language of column names in messages about columns the file lacks (default: the user's). */
    language: z.enum(Language).optional(),
    onProgress: z
      .custom<(progress: ImportProgress) => void>((v) => typeof v === 'function')
      .optional(),
  })
  .strict();
export type ImportSchoolDataInput = z.input<typeof importSchoolDataInput>;

export interface ImportResult {
  dryRun: boolean;
  fileName: string;
  /** The sheets read: their kind, name in the file and number of data rows. */
  sheets: { kind: SheetKind; name: string; rows: number }[];
  counts: ImportCounts;
  /** Staff who cannot sign in yet: the administration sets their passwords. */
  needPassword: {
    login: string | null;
    externalId: string | null;
    lastName: string;
    firstName: string;
  }[];
  /** Sheets that were skipped (not part of the format). */
  warnings: { path: (string | number)[]; key: string; params?: Record<string, string | number> }[];
}

/** Keys of advisory locks: imports of one school run one after another. */
const IMPORT_LOCK = 0x5ab1;

class DryRunDone extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run rolled back');
  }
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; message?: string; meta?: { code?: string } } | null;
  return (
    e?.code === 'P2002' ||
    e?.meta?.code === '23505' ||
    /23505|unique constraint/i.test(e?.message ?? '')
  );
};

/**
 * Loads a school's base data for the year (R11) from an xlsx workbook or a CSV file: classes,
 * staff, subjects, pupils with their parents, teaching load and timetable (FORMAT.md).
 *
 * Every row is checked first — against the file and the database — and every problem is reported
 * at once, by sheet, row and column. Any problem: nothing is written. Otherwise everything is
 * written in one transaction, matching rows by natural keys so that importing the same file again
 * changes nothing; a class's timetable in the file replaces its current one from today (or from
 * the first day of the year). Imports never delete pupils, staff or load. One audit entry
 * records the counts; a `timetable.changed` event goes out for each class whose timetable changed.
 * @throws DomainError VALIDATION_FAILED (details.issues: path [sheet, row, column]) | NOT_FOUND |
 *   UNAUTHENTICATED | FORBIDDEN | CONFLICT (the data changed under the import; run it again)
 */
export const importSchoolData = async (
  deps: DomainDeps,
  actor: ImportActor,
  raw: unknown,
): Promise<ImportResult> => {
  const input = parseInput(importSchoolDataInput, raw);
  const user = assertCanMoveSchoolData(actor, input.schoolId);
  const school = await deps.db.school.findUnique({
    where: { id: input.schoolId },
    select: { id: true, timeZone: true },
  });
  if (!school) throw notFound('school');
  if (input.content.length > MAX_IMPORT_BYTES) throw invalid([], 'tooLarge');
  const language = input.language ?? user?.language ?? 'ky';
  const report = input.onProgress ?? (() => undefined);
  const issues = new ImportIssues();

  report({ stage: 'read', done: 0, total: 1 });
  const sheets = await readWorkbookOffThread({
    fileName: input.fileName,
    content: input.content,
    sheet: input.sheet,
    language,
    issues,
  });
  if (sheets.length === 0 && !issues.hasErrors)
    issues.add([], 'imports.noSheets', { file: input.fileName });

  const total = 2 * sheets.reduce((n, s) => n + s.rows.length, 0) || 1;
  let done = 0;
  const today = localToday(deps.now(), school.timeZone);
  const schemas = buildRowSchemas(today);
  const rows: ParsedRows = {
    classes: [],
    staff: [],
    subjects: [],
    pupils: [],
    load: [],
    timetable: [],
    partial: { classes: [], staff: [], subjects: [], pupils: [], load: [], timetable: [] },
  };
  const broken = {
    classes: new Set<string>(),
    staff: new Set<string>(),
    subjects: new Set<string>(),
  };
  for (const sheet of sheets) {
    if (sheet.complete) collect(rows, broken, sheet, schemas, issues, language);
    done += sheet.rows.length;
    report({ stage: 'validate', sheet: sheet.kind, done, total });
  }

  const run = async (): Promise<ImportResult> =>
    deps.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK}::int, ${school.id}::int)`;
        const plan = await planImport(
          tx,
          { schoolId: school.id, language, today, issues, broken },
          rows,
        );
        issues.throwIfAny(sheetOrder);
        if (!plan) throw new Error('import plan missing without issues');
        const counts = await applyPlan(tx, plan, (sheet, n) => {
          done += n;
          report({ stage: 'write', sheet, done: Math.min(done, total), total });
        });
        const result: ImportResult = {
          dryRun: input.dryRun,
          fileName: input.fileName,
          sheets: sheets.map((s) => ({ kind: s.kind, name: s.name, rows: s.rows.length })),
          counts,
          needPassword: plan.staff
            .filter((s) => !s.existing?.hasPassword)
            .map((s) => ({
              login: s.final.login,
              externalId: s.final.externalId,
              lastName: s.final.lastName,
              firstName: s.final.firstName,
            })),
          warnings: issues.warnings,
        };
        if (input.dryRun) throw new DryRunDone(result);
        await auditSchoolData(tx, user, {
          schoolId: school.id,
          action: 'import.school-data',
          after: { fileName: input.fileName, sheets: result.sheets, counts },
        });
        return result;
      },
      { timeout: 10 * 60_000, maxWait: 30_000 },
    );

  const sheetOrder = sheets.map((s) => s.name);
  try {
    // An unreadable file has nothing to check against the database.
    if (sheets.length === 0) issues.throwIfAny(sheetOrder);
    const result = await run();
    report({ stage: 'done', done: total, total });
    return result;
  } catch (error) {
    if (error instanceof DryRunDone) {
      report({ stage: 'done', done: total, total });
      return error.result;
    }
    if (error instanceof DomainError) throw error;
    if (isUniqueViolation(error)) {
      throw new DomainError('CONFLICT', 'school data changed during the import', { cause: error });
    }
    throw error;
  }
};

/** Validates a sheet's rows and files them by kind; remembers keys defined by rows that failed. */
const collect = (
  rows: ParsedRows,
  broken: { classes: Set<string>; staff: Set<string>; subjects: Set<string> },
  sheet: ReadSheet,
  schemas: ReturnType<typeof buildRowSchemas>,
  issues: ImportIssues,
  language: Language,
) => {
  const parsed = parseRows(schemas, sheet, issues, language);
  const good = new Set(parsed.rows.map((r) => r.row));
  for (const line of sheet.rows.filter((l) => !good.has(l.row))) {
    const text = (key: string) => {
      const cell = line.cells[key];
      return cell === null || cell === undefined || cell instanceof Date ? '' : String(cell).trim();
    };
    const label = parseClassLabel(
      text('letter') ? `${text('grade')}-${text('letter')}` : text('grade'),
    );
    if (sheet.kind === 'classes' && label) broken.classes.add(classKey(label));
    if (sheet.kind === 'staff')
      [text('login'), text('externalId')].filter(Boolean).forEach((k) => broken.staff.add(k));
    if (sheet.kind === 'subjects') broken.subjects.add(codeKey(text('code')));
  }
  (rows[sheet.kind] as unknown[]).push(...parsed.rows);
  (rows.partial[sheet.kind] as unknown[]).push(...parsed.partial);
};
