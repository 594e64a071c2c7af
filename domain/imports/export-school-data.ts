import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { z } from 'zod';
import { toIsoDate } from '../dates.ts';
import type { DomainDeps } from '../deps.ts';
import type { Tx } from '../db.ts';
import { notFound } from '../errors.ts';
import { Language } from '../generated/prisma/enums.ts';
import { id, parseInput } from '../validation.ts';
import { baseDataSheets, csvCell, neutralizeFormula, type BaseSheet } from './base-data.ts';
import { assertCanMoveSchoolData, auditSchoolData, type ImportActor } from './policy.ts';

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;

export const exportSchoolDataInput = z
  .object({
    schoolId: id,
    /**
     * json: everything in one document; csv: a zip with one CSV per entity plus the base-data
     * sheets in import format; xlsx: the base-data workbook in import format (default json).
     */
    format: z.enum(EXPORT_FORMATS).default('json'),
    /** Language of sheet names and column headers of the import-format files (default: the user's). */
    language: z.enum(Language).optional(),
  })
  .strict();
export type ExportSchoolDataInput = z.input<typeof exportSchoolDataInput>;

export interface SchoolExport {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** Calendar-day columns (@db.Date) are written as "YYYY-MM-DD", other times as ISO instants. */
const DATE_ONLY = new Set([
  'birthDate',
  'startsOn',
  'endsOn',
  'validFrom',
  'validTo',
  'date',
  'homeworkDueOn',
]);

const plainRow = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      value instanceof Date
        ? DATE_ONLY.has(key)
          ? toIsoDate(value)
          : value.toISOString()
        : typeof value === 'bigint'
          ? value.toString()
          : value,
    ]),
  );

const personSelect = {
  id: true,
  externalId: true,
  lastName: true,
  firstName: true,
  patronymic: true,
  phone: true,
  language: true,
  createdAt: true,
} as const;

/**
 * Reads every table of the school in one snapshot. Users are always read through an explicit
 * select: password hashes, sessions, link codes and Telegram ids never leave the database.
 * Private messages between parents and teachers are not part of a school export.
 */
const readSchool = async (tx: Tx, schoolId: number) => {
  const inSchool = { schoolId };
  const ofPupil = { pupil: inSchool };
  const ofClass = { classGroup: inSchool };
  const school = await tx.school.findUniqueOrThrow({
    where: { id: schoolId },
    select: {
      id: true,
      code: true,
      name: true,
      timeZone: true,
      lateEntryDays: true,
      district: { select: { id: true, name: true } },
    },
  });
  const staff = await tx.user.findMany({
    where: { schoolId, roles: { some: inSchool } },
    select: { ...personSelect, login: true, roles: { where: inSchool, select: { role: true } } },
    orderBy: { id: 'asc' },
  });
  const tables: Record<string, Record<string, unknown>[]> = {
    academicYears: await tx.academicYear.findMany({ where: inSchool, orderBy: { id: 'asc' } }),
    terms: await tx.term.findMany({ where: { year: inSchool }, orderBy: { id: 'asc' } }),
    gradeLevels: await tx.gradeLevel.findMany({ where: inSchool, orderBy: { grade: 'asc' } }),
    classes: await tx.classGroup.findMany({ where: inSchool, orderBy: { id: 'asc' } }),
    subgroups: await tx.subgroup.findMany({ where: ofClass, orderBy: { id: 'asc' } }),
    subgroupMembers: await tx.subgroupMember.findMany({ where: { subgroup: ofClass } }),
    staff: staff.map(({ roles, ...s }) => ({ ...s, roles: roles.map((r) => r.role) })),
    pupils: await tx.pupil.findMany({ where: inSchool, orderBy: { id: 'asc' } }),
    parents: await tx.user.findMany({
      where: { children: { some: ofPupil } },
      select: personSelect,
      orderBy: { id: 'asc' },
    }),
    classMemberships: await tx.classMembership.findMany({
      where: ofPupil,
      orderBy: [{ pupilId: 'asc' }, { fromDate: 'asc' }],
    }),
    guardians: await tx.guardian.findMany({
      where: ofPupil,
      orderBy: [{ pupilId: 'asc' }, { userId: 'asc' }],
    }),
    subjects: await tx.subject.findMany({ where: inSchool, orderBy: { id: 'asc' } }),
    assessmentSchemes: await tx.assessmentScheme.findMany({
      where: inSchool,
      orderBy: { id: 'asc' },
    }),
    bellSlots: await tx.bellSlot.findMany({ where: inSchool, orderBy: { id: 'asc' } }),
    teachingAssignments: await tx.teachingAssignment.findMany({
      where: ofClass,
      orderBy: { id: 'asc' },
    }),
    timetableSlots: await tx.timetableSlot.findMany({ where: ofClass, orderBy: { id: 'asc' } }),
    planItems: await tx.planItem.findMany({ where: inSchool, orderBy: { id: 'asc' } }),
    lessons: await tx.lesson.findMany({ where: ofClass, orderBy: { id: 'asc' } }),
    attachments: await tx.attachment.findMany({
      where: { lesson: ofClass },
      orderBy: { id: 'asc' },
    }),
    individualHomework: await tx.individualHomework.findMany({
      where: ofPupil,
      orderBy: { id: 'asc' },
    }),
    marks: await tx.mark.findMany({ where: ofPupil, orderBy: { id: 'asc' } }),
    attendance: await tx.attendance.findMany({ where: ofPupil, orderBy: { id: 'asc' } }),
    finalMarks: await tx.finalMark.findMany({ where: ofPupil, orderBy: { id: 'asc' } }),
    substitutions: await tx.substitution.findMany({ where: ofClass, orderBy: { id: 'asc' } }),
    announcements: await tx.announcement.findMany({ where: inSchool, orderBy: { id: 'asc' } }),
  };
  return { school, tables };
};

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const csvOf = (rows: Record<string, unknown>[]) => {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return neutralizeFormula(v);
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
      return v.toString();
    if (Array.isArray(v)) return neutralizeFormula(v.map(cell).join(', '));
    return neutralizeFormula(JSON.stringify(v));
  };
  return stringify([columns, ...rows.map((r) => columns.map((c) => cell(r[c])))], { bom: true });
};

const sheetCsv = (sheet: BaseSheet) =>
  stringify([sheet.headers, ...sheet.rows.map((r) => r.map(csvCell))], { bom: true });

const workbookOf = async (sheets: BaseSheet[]): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Sabak';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    ws.addRow(sheet.headers).font = { bold: true };
    for (const row of sheet.rows)
      ws.addRow(row.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell) : cell)));
    ws.columns.forEach((column, i) => {
      column.width = Math.max(10, Math.min(40, (sheet.headers[i]?.length ?? 10) + 4));
      column.eachCell?.({ includeEmpty: false }, (cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'dd.mm.yyyy';
      });
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

/**
 * Exports everything of a school (so no school is locked in): as one JSON document, as a zip of
 * CSV files (one per table, plus the base-data sheets in import format), or as the base-data
 * workbook in import format, which imports back unchanged. Never contains password hashes,
 * sessions, link codes or Telegram ids. Writes an audit entry (who took the school's data).
 * @throws DomainError VALIDATION_FAILED | NOT_FOUND | UNAUTHENTICATED | FORBIDDEN
 */
export const exportSchoolData = async (
  deps: DomainDeps,
  actor: ImportActor,
  raw: unknown,
): Promise<SchoolExport> => {
  const input = parseInput(exportSchoolDataInput, raw);
  const user = assertCanMoveSchoolData(actor, input.schoolId);
  const exists = await deps.db.school.findUnique({
    where: { id: input.schoolId },
    select: { code: true },
  });
  if (!exists) throw notFound('school');
  const language = input.language ?? user?.language ?? 'ky';
  const now = deps.now();
  const stamp = toIsoDate(now);
  const base = `sabak-${exists.code}-${stamp}`.replace(/[^A-Za-z0-9._-]/g, '_');

  return deps.db.$transaction(
    async (tx) => {
      let result: SchoolExport;
      if (input.format === 'xlsx') {
        const sheets = await baseDataSheets(tx, input.schoolId, language, now);
        result = {
          fileName: `${base}.xlsx`,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          content: await workbookOf(sheets),
        };
      } else {
        const { school, tables } = await readSchool(tx, input.schoolId);
        const plain = Object.fromEntries(
          Object.entries(tables).map(([name, rows]) => [name, rows.map(plainRow)]),
        );
        if (input.format === 'json') {
          const document = {
            format: 'sabak.school-export',
            version: 1,
            exportedAt: now.toISOString(),
            school,
            ...plain,
          };
          result = {
            fileName: `${base}.json`,
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(document), 'utf8'),
          };
        } else {
          const zip = new JSZip();
          for (const sheet of await baseDataSheets(tx, input.schoolId, language, now))
            zip.file(`${sheet.kind}.csv`, sheetCsv(sheet));
          zip.file(
            'data/school.csv',
            csvOf([plainRow({ ...school, district: school.district.name })]),
          );
          for (const [name, rows] of Object.entries(plain))
            zip.file(`data/${kebab(name)}.csv`, csvOf(rows));
          result = {
            fileName: `${base}.zip`,
            contentType: 'application/zip',
            content: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
          };
        }
      }
      await auditSchoolData(tx, user, {
        schoolId: input.schoolId,
        action: 'export.school-data',
        after: { format: input.format },
      });
      return result;
    },
    { isolationLevel: 'RepeatableRead', timeout: 5 * 60_000, maxWait: 30_000 },
  );
};
