/**
 * Row schemas of the base-data sheets (zod) and the cell parsers behind them: class labels
 * ("5-А"), dates as Excel stores or people type them, phone numbers, roles, weekdays and
 * languages in Kyrgyz, Russian or English.
 */
import { z } from 'zod';
import { toIsoDate } from '../dates.ts';
import type { Language, StaffRoleKind } from '../generated/prisma/enums.ts';
import { columnSpec, nameIn, normalizeName, type SheetKind } from './format.ts';
import type { ImportIssues } from './issues.ts';
import type { Cell, ReadSheet, SheetRow } from './read-workbook.ts';

export const MAX_NAME = 100;

/** Latin letters that look like Cyrillic ones: a class "5-A" typed on a Latin keyboard is "5-А". */
const LOOKALIKES: Record<string, string> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
};

export const normalizeLetter = (letter: string): string =>
  [...letter.trim().toUpperCase()].map((ch) => LOOKALIKES[ch] ?? ch).join('');

export interface ClassLabel {
  grade: number;
  letter: string;
}

/** "5-А", "5А", "5 а", "11-Б класс", "5" → grade and letter; null when it is not a class. */
export const parseClassLabel = (value: string): ClassLabel | null => {
  const cleaned = value.trim().replace(/\s*(класс|кл\.?)$/iu, '');
  const match = /^(\d{1,2})\s*[-–—]?\s*(\p{L}{0,3})$/u.exec(cleaned);
  if (!match) return null;
  const grade = Number(match[1]);
  if (grade < 1 || grade > 12) return null;
  return { grade, letter: normalizeLetter(match[2] ?? '') };
};

/** How classes are compared: "5-а", "5А" and "5-A" (Latin) are one class. */
export const classKey = (c: ClassLabel) => `${c.grade}-${normalizeLetter(c.letter)}`;

export const classLabel = (c: ClassLabel) =>
  c.letter ? `${c.grade}-${c.letter}` : String(c.grade);

/** Text of a cell; `undefined` when the column is absent, `null` when the cell is empty. */
export const cellText = (cell: unknown): string | null | undefined => {
  if (cell === undefined) return undefined;
  if (cell === null) return null;
  if (cell instanceof Date) return toIsoDate(cell);
  if (typeof cell !== 'string' && typeof cell !== 'number' && typeof cell !== 'boolean')
    return null;
  // A leading apostrophe before = + - @ tab CR is our export's (and Excel's) formula guard.
  const text = String(cell)
    .replace(/^'(?=[=+\-@\t\r])/, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? null : text;
};

/** Excel's day 0 is 1899-12-30 (it counts the fictitious 29 February 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A date cell, an Excel serial number, "2014-03-12", "12.03.2014" or "12/03/2014" → "2014-03-12". */
export const cellDate = (cell: unknown): string | null | undefined => {
  if (cell === undefined || cell === null) return cell;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? 'invalid' : toIsoDate(cell);
  if (typeof cell === 'number') {
    return cell > 0 && cell < 2_958_466
      ? toIsoDate(new Date(EXCEL_EPOCH_MS + Math.floor(cell) * 86_400_000))
      : String(cell);
  }
  const text = cellText(cell);
  if (!text) return text;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dmy = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : null;
  if (!parts) return text;
  const [y, m, d] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return text;
  return toIsoDate(date);
};

/**
 * Phone numbers as stored: E.164. Local Kyrgyz numbers ("0555 12-34-56", "555123456") get +996;
 * foreign ones (parents working in Russia: +7…) must carry their country code.
 */
export const normalizePhone = (value: string): string | null => {
  const digits = value.replace(/[\s\-().]/g, '');
  if (/^\+\d{10,15}$/.test(digits)) return digits;
  if (/^996\d{9}$/.test(digits)) return `+${digits}`;
  if (/^0\d{9}$/.test(digits)) return `+996${digits.slice(1)}`;
  if (/^\d{9}$/.test(digits)) return `+996${digits}`;
  return null;
};

const LANGUAGE_NAMES: Record<string, Language> = Object.fromEntries(
  (
    [
      [
        'ky',
        [
          'ky',
          'kg',
          'kir',
          'kyr',
          'кырг',
          'кыргыз',
          'кыргызча',
          'кыргыз тили',
          'киргизский',
          'кыргызский',
          'kyrgyz',
        ],
      ],
      ['ru', ['ru', 'rus', 'рус', 'русский', 'орус', 'орусча', 'орус тили', 'russian']],
      ['en', ['en', 'eng', 'англ', 'английский', 'англисче', 'english']],
    ] as const
  ).flatMap(([lang, names]) => names.map((n) => [normalizeName(n), lang])),
);

const ROLE_NAMES: Record<string, StaffRoleKind> = Object.fromEntries(
  (
    [
      ['ADMIN', ['admin', 'администратор', 'директор', 'director']],
      [
        'DEPUTY',
        ['deputy', 'завуч', 'заместитель директора', 'директордун орун басары', 'орун басар'],
      ],
      ['TEACHER', ['teacher', 'мугалим', 'учитель']],
      [
        'CLASS_TEACHER',
        ['class_teacher', 'class teacher', 'класс жетекчи', 'классный руководитель'],
      ],
      ['PSYCHOLOGIST', ['psychologist', 'психолог']],
      ['DOCTOR', ['doctor', 'дарыгер', 'врач', 'медсестра', 'мектеп дарыгери']],
    ] as const
  ).flatMap(([role, names]) => names.map((n) => [normalizeName(n), role])),
);
export const ROLE_CODES: StaffRoleKind[] = [
  'ADMIN',
  'DEPUTY',
  'TEACHER',
  'CLASS_TEACHER',
  'PSYCHOLOGIST',
  'DOCTOR',
];

const WEEKDAY_NAMES: Record<string, number> = Object.fromEntries(
  [
    ['дүйшөмбү', 'дш', 'понедельник', 'пн', 'monday', 'mon'],
    ['шейшемби', 'шш', 'вторник', 'вт', 'tuesday', 'tue'],
    ['шаршемби', 'шр', 'среда', 'ср', 'wednesday', 'wed'],
    ['бейшемби', 'бш', 'четверг', 'чт', 'thursday', 'thu'],
    ['жума', 'жм', 'пятница', 'пт', 'friday', 'fri'],
    ['ишемби', 'иш', 'суббота', 'сб', 'saturday', 'sat'],
  ].flatMap((names, i) => names.map((n) => [normalizeName(n), i + 1] as const)),
);

type Ctx = z.RefinementCtx;
const fail = (ctx: Ctx, key: string, params: Record<string, string | number> = {}) => {
  ctx.addIssue({ code: 'custom', message: key, params });
  return z.NEVER;
};

const optional = <T extends z.ZodType>(inner: T) => inner.nullable().optional();

const textField = (max = MAX_NAME) => z.preprocess(cellText, z.string().max(max));

/** What UTF-8 bytes 0x80–0xBF turn into when read as Windows-1251 (Ђ Ѓ ‚ ѓ „ … † ‡ € ‰ …). */
const CP1251_HIGH = new TextDecoder('windows-1251').decode(
  Uint8Array.from({ length: 64 }, (_, i) => 0x80 + i),
);
/** "Р" or "С" (UTF-8's lead bytes 0xD0/0xD1 in Windows-1251) before such a character. */
const MOJIBAKE_PAIR = new RegExp(`[РС][${CP1251_HIGH.replace(/[\]\\^-]/g, '\\$&')}]`, 'gu');
/** Letters of any Cyrillic or Latin alphabet, digits, and the marks names carry. */
const NAME_TEXT = /^(?=.*\p{L})[\p{Script=Cyrillic}\p{Script=Latin}\p{M}\p{Nd} '’ʼ.,()-]+$/u;

/**
 * Is this a person's name as written in Cyrillic or Latin letters? Refuses text that is not
 * (U+FFFD, control characters, symbols) and UTF-8 read as Windows-1251 ("РђР»РёСЏ" for "Алия":
 * two or more "Р"/"С" + a 0x80–0xBF character, which real names never hold).
 */
export const isNameText = (text: string) =>
  NAME_TEXT.test(text) && (text.match(MOJIBAKE_PAIR)?.length ?? 0) < 2;

const nameField = (max = MAX_NAME) =>
  z.preprocess(cellText, z.string().max(max).refine(isNameText, { message: 'notName' }));
const optNameField = (max = MAX_NAME) =>
  z.preprocess(cellText, optional(z.string().max(max).refine(isNameText, { message: 'notName' })));
const optTextField = (max = MAX_NAME) => z.preprocess(cellText, optional(z.string().max(max)));

const intField = (min: number, max: number) =>
  z.preprocess((c) => {
    const t = cellText(c);
    return t && /^-?\d+([.,]0+)?$/.test(t) ? Number(t.replace(',', '.')) : t;
  }, z.number().int().min(min).max(max));

const dateField = (earliest: string, latest: string) =>
  z.preprocess(
    cellDate,
    optional(
      z.string().transform((s, ctx) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return fail(ctx, 'invalidDate');
        if (s < earliest || s > latest) return fail(ctx, 'implausibleDate', { earliest, latest });
        return s;
      }),
    ),
  );

const phoneField = z.preprocess(
  cellText,
  optional(z.string().transform((s, ctx) => normalizePhone(s) ?? fail(ctx, 'invalidPhone'))),
);

const languageField = z.preprocess(
  cellText,
  optional(
    z
      .string()
      .transform(
        (s, ctx) =>
          LANGUAGE_NAMES[normalizeName(s)] ??
          fail(ctx, 'invalidLanguage', { allowed: 'ky, ru, en' }),
      ),
  ),
);

const rolesField = z.preprocess(
  cellText,
  z.string().transform((s, ctx) => {
    const roles = new Set<StaffRoleKind>();
    for (const part of s
      .split(/[,;\n]+/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const role = ROLE_NAMES[normalizeName(part)];
      if (!role) return fail(ctx, 'invalidRole', { role: part, allowed: ROLE_CODES.join(', ') });
      roles.add(role);
    }
    if (roles.size === 0) return fail(ctx, 'required');
    return [...roles];
  }),
);

const classField = z.preprocess(
  cellText,
  z.string().transform((s, ctx) => parseClassLabel(s) ?? fail(ctx, 'invalidClass')),
);

const weekdayField = z.preprocess(
  cellText,
  z.string().transform((s, ctx) => {
    const n = /^\d+$/.test(s) ? Number(s) : WEEKDAY_NAMES[normalizeName(s)];
    return n !== undefined && n >= 1 && n <= 6 ? n : fail(ctx, 'invalidWeekday');
  }),
);

const loginField = z.preprocess(
  cellText,
  optional(z.string().regex(/^[\p{L}\p{N}._@-]{2,64}$/u, { message: 'invalidLogin' })),
);

const refField = textField(MAX_NAME);

/** Row schemas; `today` ("YYYY-MM-DD", school-local) bounds birth dates. */
export const buildRowSchemas = (today: string) =>
  ({
    classes: z.object({
      grade: intField(1, 12),
      letter: z.preprocess(
        (c) => (c === undefined ? '' : (cellText(c) ?? '')),
        z.string().max(3).transform(normalizeLetter),
      ),
      shift: z.preprocess(
        (c) => {
          const t = cellText(c);
          return t && /^\d+$/.test(t) ? Number(t) : t;
        },
        optional(z.number().int().min(1).max(3)),
      ),
      classTeacher: optTextField(),
    }),
    staff: z
      .object({
        externalId: optTextField(64),
        lastName: nameField(),
        firstName: nameField(),
        patronymic: optNameField(),
        login: loginField,
        roles: rolesField,
        phone: phoneField,
        language: languageField,
      })
      .superRefine((row, ctx) => {
        if (!row.login && !row.externalId)
          ctx.addIssue({ code: 'custom', path: ['login'], message: 'loginOrIdRequired' });
      }),
    subjects: z
      .object({
        code: z.preprocess(cellText, z.string().max(20)),
        nameKy: optTextField(),
        nameRu: optTextField(),
      })
      .superRefine((row, ctx) => {
        if (!row.nameKy && !row.nameRu)
          ctx.addIssue({ code: 'custom', path: ['nameKy'], message: 'required' });
      }),
    pupils: z
      .object({
        externalId: optTextField(64),
        lastName: nameField(),
        firstName: nameField(),
        patronymic: optNameField(),
        birthDate: dateField('1990-01-01', today),
        class: classField,
        parent1Name: optNameField(200),
        parent1Phone: phoneField,
        parent1Language: languageField,
        parent2Name: optNameField(200),
        parent2Phone: phoneField,
        parent2Language: languageField,
      })
      .superRefine((row, ctx) => {
        for (const n of [1, 2] as const) {
          if (row[`parent${n}Phone`] && !row[`parent${n}Name`]) {
            ctx.addIssue({
              code: 'custom',
              path: [`parent${n}Name`],
              message: 'parentNameRequired',
            });
          }
        }
      }),
    load: z.object({
      teacher: refField,
      subject: refField,
      class: classField,
      hours: intField(1, 40),
    }),
    timetable: z.object({
      class: classField,
      weekday: weekdayField,
      lessonNumber: intField(0, 12),
      subject: refField,
      teacher: refField,
      room: optTextField(20),
    }),
  }) satisfies Record<SheetKind, z.ZodType>;

type RowSchemas = ReturnType<typeof buildRowSchemas>;
export type RowOf<K extends SheetKind> = z.output<RowSchemas[K]>;

/** A parsed row with where it came from, for messages that point at its cells. */
export interface Located<T> {
  sheet: ReadSheet;
  row: number;
  data: T;
}

/** The header of a column as the user wrote it, or its name in their language when the sheet lacks it. */
export const headerOf = (sheet: ReadSheet, key: string, language: Language) =>
  sheet.headers.get(key) ?? nameIn(columnSpec(sheet.kind, key), language);

const shown = (cell: Cell | undefined): string => {
  const text =
    cell instanceof Date
      ? toIsoDate(cell)
      : cell === null || cell === undefined
        ? ''
        : String(cell);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/** Adds an issue about one cell, with sheet, row, column and the cell's text as message params. */
export const cellIssue = (
  issues: ImportIssues,
  language: Language,
  at: { sheet: ReadSheet; row: number },
  key: string,
  column: string,
  params: Record<string, string | number> = {},
) => {
  const header = headerOf(at.sheet, column, language);
  const rowCells = at.sheet.rows.find((r) => r.row === at.row)?.cells;
  issues.add([at.sheet.name, at.row, header], `imports.${key}`, {
    sheet: at.sheet.name,
    row: at.row,
    column: header,
    value: shown(rowCells?.[column]),
    ...params,
  });
};

const keyOfZodIssue = (
  issue: z.core.$ZodIssue,
): { key: string; params: Record<string, string | number> } => {
  switch (issue.code) {
    case 'invalid_type':
      return {
        key: issue.input === undefined || issue.input === null ? 'required' : 'invalidValue',
        params: {},
      };
    case 'too_big':
      return {
        key: issue.origin === 'string' ? 'tooLong' : 'tooBig',
        params: { max: Number(issue.maximum) },
      };
    case 'too_small':
      return {
        key: issue.origin === 'string' ? 'required' : 'tooSmall',
        params: { min: Number(issue.minimum) },
      };
    case 'invalid_format':
      return {
        key: issue.message && /^[a-zA-Z]+$/.test(issue.message) ? issue.message : 'invalidValue',
        params: {},
      };
    case 'custom': {
      const params = (issue.params ?? {}) as Record<string, string | number>;
      return { key: /^[a-zA-Z]+$/.test(issue.message) ? issue.message : 'invalidValue', params };
    }
    default:
      return { key: 'invalidValue', params: {} };
  }
};

/**
 * Validates every row of a sheet; each bad cell becomes one issue. Rows with problems are left
 * out of `rows`, but the cells of theirs that are valid come back in `partial`, so references in
 * them (a class, a teacher) are still checked and every problem of a row is reported at once.
 */
export const parseRows = <K extends SheetKind>(
  schemas: RowSchemas,
  sheet: ReadSheet & { kind: K },
  issues: ImportIssues,
  language: Language,
): { rows: Located<RowOf<K>>[]; partial: Located<Partial<RowOf<K>>>[] } => {
  const schema = schemas[sheet.kind] as unknown as z.ZodType<RowOf<K>>;
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
  const rows: Located<RowOf<K>>[] = [];
  const partial: Located<Partial<RowOf<K>>>[] = [];
  for (const line of sheet.rows) {
    const cells = prepareCells(sheet.kind, line);
    const result = schema.safeParse(cells);
    if (result.success) {
      rows.push({ sheet, row: line.row, data: result.data });
      continue;
    }
    for (const issue of result.error.issues) {
      const column = typeof issue.path[0] === 'string' ? issue.path[0] : '';
      const { key, params } = keyOfZodIssue(issue);
      if (column) cellIssue(issues, language, { sheet, row: line.row }, key, column, params);
      else
        issues.add([sheet.name, line.row], `imports.${key}`, {
          sheet: sheet.name,
          row: line.row,
          column: '',
          value: '',
          ...params,
        });
    }
    const valid: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const one = field.safeParse(cells[key]);
      if (one.success && one.data !== undefined && one.data !== null) valid[key] = one.data;
    }
    partial.push({ sheet, row: line.row, data: valid as Partial<RowOf<K>> });
  }
  return { rows, partial };
};

/** A Classes row may give the class as one label ("5-А") in the grade column and no letter. */
const prepareCells = (kind: SheetKind, line: SheetRow): Record<string, Cell> => {
  if (kind !== 'classes') return line.cells;
  const { grade, letter } = line.cells;
  if ((letter === undefined || letter === null) && typeof grade === 'string') {
    const label = parseClassLabel(grade);
    if (label) return { ...line.cells, grade: label.grade, letter: label.letter };
  }
  return line.cells;
};
