/**
 * The base-data workbook format (FORMAT.md describes it for people): its sheets, their columns,
 * and the Kyrgyz, Russian and English names accepted for each. Names are compared after
 * `normalizeName`, so "Фамилия*", "фамилия" and " Фамилия " are the same header.
 */
import type { Language } from '../generated/prisma/enums.ts';

export const SHEET_KINDS = ['classes', 'staff', 'subjects', 'pupils', 'load', 'timetable'] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

interface Names {
  en: string;
  ky: string;
  ru: string;
  /** Further spellings schools use; matched like the three names. */
  aliases?: string[];
}

export interface ColumnSpec extends Names {
  key: string;
  required?: boolean;
}

export interface SheetSpec extends Names {
  kind: SheetKind;
  columns: ColumnSpec[];
}

const externalId = (aliases: string[]): ColumnSpec => ({
  key: 'externalId',
  en: 'External id',
  ky: 'Тышкы ID',
  ru: 'Внешний ID',
  aliases: ['ID', ...aliases],
});
const personName: ColumnSpec[] = [
  {
    key: 'lastName',
    required: true,
    en: 'Last name',
    ky: 'Фамилиясы',
    ru: 'Фамилия',
    aliases: ['Surname', 'Фамилия'],
  },
  { key: 'firstName', required: true, en: 'First name', ky: 'Аты', ru: 'Имя' },
  { key: 'patronymic', en: 'Patronymic', ky: 'Атасынын аты', ru: 'Отчество' },
];
const classColumn: ColumnSpec = {
  key: 'class',
  required: true,
  en: 'Class',
  ky: 'Класс',
  ru: 'Класс',
  aliases: ['Классы'],
};
const subjectColumn: ColumnSpec = {
  key: 'subject',
  required: true,
  en: 'Subject code',
  ky: 'Предметтин коду',
  ru: 'Код предмета',
  aliases: ['Subject', 'Предмет'],
};
const teacherColumn: ColumnSpec = {
  key: 'teacher',
  required: true,
  en: 'Teacher',
  ky: 'Мугалим',
  ru: 'Учитель',
  aliases: ['Teacher login', 'Мугалимдин логини', 'Логин учителя'],
};
const parent = (n: 1 | 2): ColumnSpec[] => [
  {
    key: `parent${n}Name`,
    en: `Parent ${n}`,
    ky: `${n}-ата-эне`,
    ru: `Родитель ${n}`,
    aliases: [
      `Parent ${n} name`,
      `Ата-эне ${n}`,
      `ФИО родителя ${n}`,
      `Родитель ${n} ФИО`,
      `${n}-ата-эненин аты-жөнү`,
    ],
  },
  {
    key: `parent${n}Phone`,
    en: `Parent ${n} phone`,
    ky: `${n}-ата-эненин телефону`,
    ru: `Телефон родителя ${n}`,
    aliases: [`Родитель ${n} телефон`, `Ата-эне ${n} телефону`],
  },
  {
    key: `parent${n}Language`,
    en: `Parent ${n} language`,
    ky: `${n}-ата-эненин тили`,
    ru: `Язык родителя ${n}`,
    aliases: [`Родитель ${n} язык`, `Ата-эне ${n} тили`],
  },
];

export const SHEETS: Record<SheetKind, SheetSpec> = {
  classes: {
    kind: 'classes',
    en: 'Classes',
    ky: 'Класстар',
    ru: 'Классы',
    columns: [
      {
        key: 'grade',
        required: true,
        en: 'Grade',
        ky: 'Параллель',
        ru: 'Параллель',
        aliases: ['Класс', 'Номер класса', 'Класстын номери'],
      },
      { key: 'letter', en: 'Letter', ky: 'Тамга', ru: 'Буква', aliases: ['Литер', 'Литера'] },
      { key: 'shift', en: 'Shift', ky: 'Нөөмөт', ru: 'Смена' },
      {
        key: 'classTeacher',
        en: 'Class teacher login',
        ky: 'Класс жетекчинин логини',
        ru: 'Логин классного руководителя',
        aliases: ['Class teacher', 'Класс жетекчи', 'Классный руководитель'],
      },
    ],
  },
  staff: {
    kind: 'staff',
    en: 'Staff',
    ky: 'Кызматкерлер',
    ru: 'Сотрудники',
    aliases: ['Teachers', 'Мугалимдер', 'Учителя', 'Персонал'],
    columns: [
      externalId(['Табельный номер', 'Табелдик номер', 'Таб. №']),
      ...personName,
      { key: 'login', en: 'Login', ky: 'Логин', ru: 'Логин' },
      {
        key: 'roles',
        required: true,
        en: 'Roles',
        ky: 'Ролдору',
        ru: 'Роли',
        aliases: ['Role', 'Ролдор', 'Роль'],
      },
      { key: 'phone', en: 'Phone', ky: 'Телефон', ru: 'Телефон' },
      { key: 'language', en: 'Language', ky: 'Тили', ru: 'Язык', aliases: ['Тил'] },
    ],
  },
  subjects: {
    kind: 'subjects',
    en: 'Subjects',
    ky: 'Предметтер',
    ru: 'Предметы',
    aliases: ['Окуу предметтери'],
    columns: [
      {
        key: 'code',
        required: true,
        en: 'Code',
        ky: 'Коду',
        ru: 'Код',
        aliases: ['Код предмета', 'Предметтин коду'],
      },
      {
        key: 'nameKy',
        en: 'Name (ky)',
        ky: 'Аталышы (кыргызча)',
        ru: 'Название (кырг.)',
        aliases: ['Name ky', 'Кыргызча', 'Название на кыргызском'],
      },
      {
        key: 'nameRu',
        en: 'Name (ru)',
        ky: 'Аталышы (орусча)',
        ru: 'Название (рус.)',
        aliases: ['Name ru', 'Орусча', 'Название на русском', 'Название'],
      },
    ],
  },
  pupils: {
    kind: 'pupils',
    en: 'Pupils',
    ky: 'Окуучулар',
    ru: 'Ученики',
    aliases: ['Students', 'Учащиеся'],
    columns: [
      externalId(['Жеке иштин номери', 'Номер личного дела']),
      ...personName,
      {
        key: 'birthDate',
        en: 'Birth date',
        ky: 'Туулган күнү',
        ru: 'Дата рождения',
        aliases: ['Date of birth', 'Туулган датасы'],
      },
      classColumn,
      ...parent(1),
      ...parent(2),
    ],
  },
  load: {
    kind: 'load',
    en: 'Load',
    ky: 'Жүктөм',
    ru: 'Нагрузка',
    aliases: ['Teaching load', 'Окуу жүктөмү', 'Тарификация', 'Педнагрузка'],
    columns: [
      teacherColumn,
      subjectColumn,
      classColumn,
      {
        key: 'hours',
        required: true,
        en: 'Hours per week',
        ky: 'Жумасына саат',
        ru: 'Часов в неделю',
        aliases: ['Hours', 'Саат', 'Часы'],
      },
    ],
  },
  timetable: {
    kind: 'timetable',
    en: 'Timetable',
    // The schools' word (сабактардын жүгүртмөсү — "расписание"); older names still read.
    ky: 'Сабактардын жүгүртмөсү',
    ru: 'Расписание',
    aliases: ['Жадыбал', 'Сабак жадыбалы', 'Сабактардын жадыбалы', 'Жүгүртмө', 'Расписание уроков'],
    columns: [
      classColumn,
      {
        key: 'weekday',
        required: true,
        en: 'Weekday',
        ky: 'Апта күнү',
        ru: 'День недели',
        aliases: ['Day', 'Күн', 'День'],
      },
      {
        key: 'lessonNumber',
        required: true,
        en: 'Lesson',
        ky: 'Сабактын номери',
        ru: 'Номер урока',
        aliases: ['Lesson number', 'Сабак', 'Урок', '№ урока'],
      },
      subjectColumn,
      teacherColumn,
      { key: 'room', en: 'Room', ky: 'Кабинет', ru: 'Кабинет', aliases: ['Бөлмө', 'Аудитория'] },
    ],
  },
};

/** Case, spaces, punctuation and ё/е do not matter when headers and sheet names are compared. */
export const normalizeName = (s: string): string =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, '');

const namesOf = (n: Names) => [n.en, n.ky, n.ru, ...(n.aliases ?? [])].map(normalizeName);

const SHEET_NAMES = new Map<string, SheetKind>(
  SHEET_KINDS.flatMap((kind) => namesOf(SHEETS[kind]).map((name) => [name, kind] as const)),
);

/** The sheet kind a sheet name (or a `--sheet` option) stands for: exact, or a prefix ("Ученики 5-А"). */
export const sheetKindByName = (name: string): SheetKind | null => {
  const norm = normalizeName(name);
  if (!norm) return null;
  const exact = SHEET_NAMES.get(norm);
  if (exact) return exact;
  let best: { kind: SheetKind; length: number } | null = null;
  for (const [alias, kind] of SHEET_NAMES) {
    if (norm.startsWith(alias) && (!best || alias.length > best.length))
      best = { kind, length: alias.length };
  }
  return best?.kind ?? null;
};

/** The column a header names in a sheet of this kind, or null. */
export const columnByHeader = (kind: SheetKind, header: string): ColumnSpec | null => {
  const norm = normalizeName(header);
  if (!norm) return null;
  return SHEETS[kind].columns.find((c) => namesOf(c).includes(norm)) ?? null;
};

/**
 * Guesses the kind of a sheet from its header row: the kind with all its required columns present
 * and the most headers recognised. Null when no kind fits.
 */
export const sheetKindByHeaders = (headers: string[]): SheetKind | null => {
  let best: { kind: SheetKind; score: number } | null = null;
  for (const kind of SHEET_KINDS) {
    const keys = new Set(headers.map((h) => columnByHeader(kind, h)?.key).filter(Boolean));
    const complete = SHEETS[kind].columns.every((c) => !c.required || keys.has(c.key));
    if (complete && keys.size > 0 && (!best || keys.size > best.score))
      best = { kind, score: keys.size };
  }
  return best?.kind ?? null;
};

/** How a sheet or column is called in a language (export headers, messages about absent columns). */
export const nameIn = (names: Names, language: Language): string => names[language];

export const columnSpec = (kind: SheetKind, key: string): ColumnSpec => {
  const spec = SHEETS[kind].columns.find((c) => c.key === key);
  if (!spec) throw new Error(`no column ${key} in ${kind}`);
  return spec;
};
