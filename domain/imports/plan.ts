/**
 * Second pass of an import: checks every parsed row against the rest of the file and the school's
 * data (classes, staff, subjects exist; no duplicates; logins free) and decides, row by row, what
 * to create, what to update and what is already as the file says. Nothing is written here.
 */
import { dateOnly, toIsoDate } from '../dates.ts';
import type { Tx } from '../db.ts';
import type { Language, StaffRoleKind } from '../generated/prisma/enums.ts';
import type { SheetKind } from './format.ts';
import type { ImportIssues } from './issues.ts';
import { personNameKey } from './person-name.ts';
import {
  classKey,
  classLabel,
  cellIssue,
  type ClassLabel,
  type Located,
  type RowOf,
} from './rows.ts';

/** Something the import points at: an existing row (id known) or one it will create (id allocated later). */
export interface Ref {
  id: number | null;
  uid: number;
}

interface PersonFields {
  lastName: string;
  firstName: string;
  patronymic: string | null;
}

export interface StaffPlan extends Ref {
  existing: ExistingStaff | null;
  final: PersonFields & {
    login: string | null;
    externalId: string | null;
    phone: string | null;
    language: Language;
  };
  changed: boolean;
  /** The roles the file gives (null for staff the file only refers to). */
  roles: StaffRoleKind[] | null;
  rolesToAdd: StaffRoleKind[];
  rolesToRemove: StaffRoleKind[];
}

export interface SubjectPlan extends Ref {
  existing: boolean;
  final: { code: string; nameKy: string; nameRu: string };
  changed: boolean;
}

export interface ClassPlan extends Ref {
  existing: ExistingClass | null;
  grade: number;
  letter: string;
  final: { shift: number; classTeacher: Ref | null };
  changed: boolean;
  /** Does the file list this class in its Classes sheet (rather than only refer to it)? */
  listed: boolean;
}

export interface PupilPlan extends Ref {
  existing: ExistingPupil | null;
  final: PersonFields & { birthDate: string | null; externalId: string | null; classRef: Ref };
  changed: boolean;
}

export interface ParentPlan extends Ref {
  existing: ExistingPerson | null;
  final: PersonFields & { phone: string | null; language: Language };
  changed: boolean;
}

export interface LoadPlan extends Ref {
  existingHours: number | null;
  teacher: Ref;
  subject: Ref;
  classRef: Ref;
  hours: number;
}

export interface SlotPlan {
  weekday: number;
  lessonNumber: number;
  subject: Ref;
  teacher: Ref;
  room: string | null;
}

export interface ClassTimetablePlan {
  classRef: ClassPlan;
  slots: SlotPlan[];
  /** Slots in force on or after `effectiveFrom` that the file replaces. */
  existing: ExistingSlot[];
  unchanged: boolean;
}

export interface ImportPlan {
  schoolId: number;
  yearId: number;
  /** The day a replaced timetable takes effect: today, or the first day of the year if that is later. */
  effectiveFrom: Date;
  staff: StaffPlan[];
  subjects: SubjectPlan[];
  classes: ClassPlan[];
  pupils: PupilPlan[];
  parents: ParentPlan[];
  guardians: { parent: ParentPlan; pupil: PupilPlan; exists: boolean }[];
  load: LoadPlan[];
  timetable: ClassTimetablePlan[];
}

export interface ParsedRows {
  classes: Located<RowOf<'classes'>>[];
  staff: Located<RowOf<'staff'>>[];
  subjects: Located<RowOf<'subjects'>>[];
  pupils: Located<RowOf<'pupils'>>[];
  load: Located<RowOf<'load'>>[];
  timetable: Located<RowOf<'timetable'>>[];
  /** The valid cells of rows that failed validation: their references are still checked. */
  partial: { [K in SheetKind]: Located<Partial<RowOf<K>>>[] };
}

interface ExistingPerson extends PersonFields {
  id: number;
  login: string | null;
  phone: string | null;
  language: Language;
}
interface ExistingStaff extends ExistingPerson {
  externalId: string | null;
  hasPassword: boolean;
  roles: StaffRoleKind[];
}
interface ExistingClass {
  id: number;
  grade: number;
  letter: string;
  shift: number;
  classTeacherId: number | null;
}
interface ExistingPupil extends PersonFields {
  id: number;
  externalId: string | null;
  birthDate: string | null;
  classGroupId: number;
}
interface ExistingSlot {
  id: number;
  classGroupId: number;
  weekday: number;
  lessonNumber: number;
  subjectId: number;
  teacherId: number;
  room: string | null;
  validFrom: Date;
}

const personSelect = {
  id: true,
  login: true,
  lastName: true,
  firstName: true,
  patronymic: true,
  phone: true,
  language: true,
} as const;

/** Compares names the way people mean them: case, ё/е and extra spaces do not matter. */
const nameKey = (...parts: (string | null | undefined)[]) =>
  parts
    .map((p) =>
      (p ?? '').normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim(),
    )
    .join('|');
export const codeKey = (code: string) => code.normalize('NFC').trim().toUpperCase();
const labelKey = classKey;

/** "Асанова Гүлзат Бакыт кызы" → last name, first name, the rest as patronymic. */
export const splitFullName = (full: string): PersonFields => {
  const [first, second, ...rest] = full.trim().split(/\s+/);
  if (second === undefined) return { lastName: '', firstName: first ?? '', patronymic: null };
  return {
    lastName: first ?? '',
    firstName: second,
    patronymic: rest.length ? rest.join(' ') : null,
  };
};

export const fullName = (p: PersonFields) =>
  [p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ');

/** A value from the file where it has one; `undefined` (column absent) keeps what is stored. */
const keep = <T>(fromFile: T | null | undefined, stored: T | null | undefined): T | null =>
  fromFile === undefined ? (stored ?? null) : fromFile;

/** Does a reference point elsewhere than the stored id (a row still to be created always does)? */
const refChanged = (ref: Ref | null, storedId: number | null) =>
  (ref !== null && ref.id === null) || (ref?.id ?? null) !== storedId;

const differs = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Object.keys(a).some((k) => {
    const x = a[k];
    const y = b[k];
    return x instanceof Date || y instanceof Date ? String(x) !== String(y) : x !== y;
  });

/**
 * Loads what the school has, checks every row against it and the rest of the file, and returns
 * the plan. Problems go to `issues`; the caller throws when there are any.
 */
export const planImport = async (
  tx: Tx,
  ctx: {
    schoolId: number;
    language: Language;
    today: string;
    issues: ImportIssues;
    /** Keys defined by rows that failed validation: references to them are not reported again. */
    broken: { classes: Set<string>; staff: Set<string>; subjects: Set<string> };
  },
  rows: ParsedRows,
): Promise<ImportPlan | null> => {
  const { schoolId, language, issues, broken } = ctx;
  const year = await tx.academicYear.findFirst({
    where: { schoolId, isCurrent: true },
    select: { id: true, startsOn: true },
  });
  if (!year) {
    issues.add([], 'imports.noCurrentYear');
    return null;
  }
  const todayDate = dateOnly(ctx.today);
  const effectiveFrom = year.startsOn > todayDate ? year.startsOn : todayDate;
  const fileLogins = rows.staff.map((r) => r.data.login).filter((l): l is string => !!l);
  const filePhones = rows.pupils
    .flatMap((r) => [r.data.parent1Phone, r.data.parent2Phone])
    .filter((p): p is string => !!p);

  // One after another: a transaction is one connection, and pg refuses overlapping queries on it.
  const staffRows = await tx.user.findMany({
    where: { schoolId, OR: [{ login: { not: null } }, { roles: { some: { schoolId } } }] },
    select: {
      ...personSelect,
      externalId: true,
      passwordHash: true,
      roles: { where: { schoolId }, select: { role: true } },
    },
  });
  const foreignLogins = fileLogins.length
    ? await tx.user.findMany({
        where: {
          login: { in: fileLogins },
          OR: [{ schoolId: null }, { schoolId: { not: schoolId } }],
        },
        select: { login: true },
      })
    : [];
  const subjectRows = await tx.subject.findMany({
    where: { schoolId },
    select: { id: true, code: true, nameKy: true, nameRu: true },
  });
  const classRows = await tx.classGroup.findMany({
    where: { yearId: year.id },
    select: {
      id: true,
      letter: true,
      shift: true,
      classTeacherId: true,
      gradeLevel: { select: { grade: true } },
    },
  });
  const pupilRows = await tx.pupil.findMany({
    where: { schoolId },
    select: {
      id: true,
      externalId: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      birthDate: true,
      classGroupId: true,
    },
  });
  const guardianRows = await tx.guardian.findMany({
    where: { pupil: { schoolId } },
    select: { pupilId: true, user: { select: personSelect } },
  });
  const phoneUsers = filePhones.length
    ? await tx.user.findMany({
        where: { schoolId, phone: { in: [...new Set(filePhones)] }, pupil: { is: null } },
        select: personSelect,
        orderBy: { id: 'asc' },
      })
    : [];
  const assignmentRows = await tx.teachingAssignment.findMany({
    where: { yearId: year.id },
    select: { id: true, teacherId: true, subjectId: true, classGroupId: true, hoursPerWeek: true },
  });
  const slotRows = await tx.timetableSlot.findMany({
    where: {
      classGroup: { yearId: year.id },
      OR: [{ validTo: null }, { validTo: { gte: effectiveFrom } }],
    },
    select: {
      id: true,
      classGroupId: true,
      weekday: true,
      lessonNumber: true,
      subjectId: true,
      teacherId: true,
      room: true,
      validFrom: true,
    },
  });

  let uid = 0;
  const nextUid = () => ++uid;
  const at = (r: Located<unknown>) => ({ sheet: r.sheet, row: r.row });
  const issue = (
    r: Located<unknown>,
    key: string,
    column: string,
    params: Record<string, string | number> = {},
  ) => cellIssue(issues, language, at(r), key, column, params);

  // Staff
  const existingStaff: ExistingStaff[] = staffRows.map(({ passwordHash, roles, ...u }) => ({
    ...u,
    hasPassword: passwordHash !== null,
    roles: roles.map((r) => r.role),
  }));
  const staffById = new Map<number, StaffPlan>();
  const staffByLogin = new Map<string, StaffPlan>();
  const staffByExternalId = new Map<string, StaffPlan>();
  const referToStaff = (s: ExistingStaff): StaffPlan => {
    const known = staffById.get(s.id);
    if (known) return known;
    const plan: StaffPlan = {
      id: s.id,
      uid: nextUid(),
      existing: s,
      final: { ...s },
      changed: false,
      roles: null,
      rolesToAdd: [],
      rolesToRemove: [],
    };
    staffById.set(s.id, plan);
    if (s.login) staffByLogin.set(s.login, plan);
    if (s.externalId) staffByExternalId.set(s.externalId, plan);
    return plan;
  };
  const dbStaffByLogin = new Map(
    existingStaff.filter((s) => s.login).map((s) => [s.login as string, s]),
  );
  const dbStaffByExternalId = new Map(
    existingStaff.filter((s) => s.externalId).map((s) => [s.externalId as string, s]),
  );
  const taken = new Set(foreignLogins.map((u) => u.login));
  const staffPlans: StaffPlan[] = [];
  const claimedStaff = new Map<number, number>();
  const firstRowOf = new Map<string, number>();
  const duplicate = (r: Located<unknown>, key: string, column: string) => {
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      issue(r, 'duplicateRow', column, { firstRow: first });
      return true;
    }
    firstRowOf.set(key, r.row);
    return false;
  };

  for (const r of rows.staff) {
    const { login, externalId } = r.data;
    if (login && duplicate(r, `staff-login:${login}`, 'login')) continue;
    if (externalId && duplicate(r, `staff-ext:${externalId}`, 'externalId')) continue;
    const skip = () => [login, externalId].forEach((k) => k && broken.staff.add(k));
    if (login && taken.has(login)) {
      issue(r, 'loginTaken', 'login');
      skip();
      continue;
    }
    const byLogin = login ? dbStaffByLogin.get(login) : undefined;
    const byExternalId = externalId ? dbStaffByExternalId.get(externalId) : undefined;
    if (byLogin && byExternalId && byLogin.id !== byExternalId.id) {
      issue(r, 'staffKeysConflict', 'login', { externalId: externalId ?? '' });
      skip();
      continue;
    }
    const existing = byLogin ?? byExternalId ?? null;
    if (existing) {
      const first = claimedStaff.get(existing.id);
      if (first !== undefined) {
        issue(r, 'duplicateRow', login ? 'login' : 'externalId', { firstRow: first });
        continue;
      }
      claimedStaff.set(existing.id, r.row);
    }
    const final = {
      login: login ?? existing?.login ?? null,
      externalId: externalId ?? existing?.externalId ?? null,
      lastName: r.data.lastName,
      firstName: r.data.firstName,
      patronymic: keep(r.data.patronymic, existing?.patronymic),
      phone: keep(r.data.phone, existing?.phone),
      language: r.data.language ?? existing?.language ?? 'ky',
    };
    const stored = existing ? referToStaff(existing) : null;
    const plan: StaffPlan = stored ?? {
      id: null,
      uid: nextUid(),
      existing: null,
      final,
      changed: false,
      roles: null,
      rolesToAdd: [],
      rolesToRemove: [],
    };
    plan.final = final;
    plan.changed = existing
      ? differs(final, existing as unknown as Record<string, unknown>)
      : false;
    plan.roles = r.data.roles;
    const had = existing?.roles ?? [];
    plan.rolesToAdd = r.data.roles.filter((role) => !had.includes(role));
    plan.rolesToRemove = had.filter((role) => !r.data.roles.includes(role));
    if (final.login) staffByLogin.set(final.login, plan);
    if (final.externalId) staffByExternalId.set(final.externalId, plan);
    staffPlans.push(plan);
  }
  /** The staff member a login or external id names; reports it missing in `column` of row `r`. */
  const findStaff = (ref: string, r: Located<unknown>, column: string): StaffPlan | null => {
    const inFile = staffByLogin.get(ref) ?? staffByExternalId.get(ref);
    if (inFile) return inFile;
    const stored = dbStaffByLogin.get(ref) ?? dbStaffByExternalId.get(ref);
    if (stored) return referToStaff(stored);
    if (!broken.staff.has(ref)) issue(r, 'teacherNotFound', column);
    return null;
  };

  // Subjects
  const subjectByCode = new Map<string, SubjectPlan>();
  for (const s of subjectRows) {
    subjectByCode.set(codeKey(s.code), {
      id: s.id,
      uid: nextUid(),
      existing: true,
      final: { code: s.code, nameKy: s.nameKy, nameRu: s.nameRu },
      changed: false,
    });
  }
  const subjectPlans: SubjectPlan[] = [];
  for (const r of rows.subjects) {
    const key = codeKey(r.data.code);
    if (duplicate(r, `subject:${key}`, 'code')) continue;
    const stored = subjectByCode.get(key);
    const pick = (
      mine: string | null | undefined,
      other: string | null | undefined,
      was: string | undefined,
    ) => mine ?? (mine === undefined ? (was ?? other) : (other ?? was)) ?? '';
    const final = {
      code: stored?.final.code ?? r.data.code,
      nameKy: pick(r.data.nameKy, r.data.nameRu, stored?.final.nameKy),
      nameRu: pick(r.data.nameRu, r.data.nameKy, stored?.final.nameRu),
    };
    const plan: SubjectPlan = stored
      ? { ...stored, final, changed: differs(final, stored.final) }
      : { id: null, uid: nextUid(), existing: false, final, changed: false };
    subjectByCode.set(key, plan);
    subjectPlans.push(plan);
  }
  const findSubject = (ref: string, r: Located<unknown>): SubjectPlan | null => {
    const byCode = subjectByCode.get(codeKey(ref));
    if (byCode) return byCode;
    const wanted = nameKey(ref);
    const byName = [...subjectByCode.values()].filter(
      (s) => nameKey(s.final.nameKy) === wanted || nameKey(s.final.nameRu) === wanted,
    );
    if (byName.length === 1) return byName[0] ?? null;
    if (byName.length > 1) issue(r, 'ambiguousSubject', 'subject');
    else if (!broken.subjects.has(codeKey(ref))) issue(r, 'subjectNotFound', 'subject');
    return null;
  };

  // Classes
  const classByLabel = new Map<string, ClassPlan>();
  for (const c of classRows) {
    const existing: ExistingClass = {
      id: c.id,
      grade: c.gradeLevel.grade,
      letter: c.letter,
      shift: c.shift,
      classTeacherId: c.classTeacherId,
    };
    const teacher =
      c.classTeacherId === null
        ? null
        : (staffById.get(c.classTeacherId) ?? { id: c.classTeacherId, uid: nextUid() });
    classByLabel.set(labelKey(existing), {
      id: c.id,
      uid: nextUid(),
      existing,
      grade: existing.grade,
      letter: existing.letter,
      final: { shift: c.shift, classTeacher: teacher },
      changed: false,
      listed: false,
    });
  }
  const classPlans: ClassPlan[] = [];
  for (const r of rows.classes) {
    const label = { grade: r.data.grade, letter: r.data.letter };
    if (duplicate(r, `class:${labelKey(label)}`, 'grade')) continue;
    let classTeacher: Ref | null | undefined;
    if (r.data.classTeacher) {
      classTeacher = findStaff(r.data.classTeacher, r, 'classTeacher');
      if (!classTeacher) {
        broken.classes.add(labelKey(label));
        continue;
      }
    } else classTeacher = r.data.classTeacher === undefined ? undefined : null;
    const stored = classByLabel.get(labelKey(label));
    const final = {
      shift: r.data.shift ?? stored?.final.shift ?? 1,
      classTeacher:
        classTeacher === undefined ? (stored?.final.classTeacher ?? null) : classTeacher,
    };
    const plan: ClassPlan = stored ?? {
      id: null,
      uid: nextUid(),
      existing: null,
      grade: label.grade,
      letter: label.letter,
      final,
      changed: false,
      listed: true,
    };
    if (stored) {
      plan.changed =
        final.shift !== stored.existing?.shift ||
        refChanged(final.classTeacher, stored.existing?.classTeacherId ?? null);
      plan.final = final;
      plan.listed = true;
    }
    classByLabel.set(labelKey(label), plan);
    classPlans.push(plan);
  }
  const findClass = (label: ClassLabel, r: Located<unknown>): ClassPlan | null => {
    const found = classByLabel.get(labelKey(label));
    if (!found && !broken.classes.has(labelKey(label)))
      issue(r, 'classNotFound', 'class', { class: classLabel(label) });
    return found ?? null;
  };

  // Pupils and their parents
  const existingPupils: ExistingPupil[] = pupilRows.map((p) => ({
    ...p,
    birthDate: p.birthDate ? toIsoDate(p.birthDate) : null,
  }));
  const pupilByExternalId = new Map(
    existingPupils.filter((p) => p.externalId).map((p) => [p.externalId as string, p]),
  );
  const pupilsByNameInClass = new Map<string, ExistingPupil[]>();
  for (const p of existingPupils) {
    const key = `${p.classGroupId}|${nameKey(p.lastName, p.firstName)}`;
    pupilsByNameInClass.set(key, [...(pupilsByNameInClass.get(key) ?? []), p]);
  }
  const guardiansOf = new Map<number, ExistingPerson[]>();
  for (const g of guardianRows)
    guardiansOf.set(g.pupilId, [...(guardiansOf.get(g.pupilId) ?? []), g.user]);
  const guardianLinks = new Set(guardianRows.map((g) => `${g.user.id}:${g.pupilId}`));
  const usersByPhone = new Map<string, ExistingPerson[]>();
  for (const u of phoneUsers)
    if (u.phone) usersByPhone.set(u.phone, [...(usersByPhone.get(u.phone) ?? []), u]);

  const pupilPlans: PupilPlan[] = [];
  const parentPlans: ParentPlan[] = [];
  const parentById = new Map<number, ParentPlan>();
  const parentByPhone = new Map<string, ParentPlan>();
  /** Where the file first gives each parent phone, and with which name. */
  const firstUseOfPhone = new Map<string, { sheet: string; row: number; name: string }>();
  /** Stored parents (by id) the file names differently: reported as warnings, listing the rows. */
  const renamed = new Map<
    number,
    {
      phone: string;
      before: string;
      after: string;
      places: { sheet: string; row: number }[];
      staff: boolean;
    }
  >();
  /** "3, 7" within one sheet; "Ученики 5-А: 3, 7; Ученики 5-Б: 9" across sheets. */
  const rowList = (places: { sheet: string; row: number }[]) => {
    const bySheet = new Map<string, number[]>();
    for (const p of places) bySheet.set(p.sheet, [...(bySheet.get(p.sheet) ?? []), p.row]);
    const lists = [...bySheet].map(([sheet, rows]) => ({ sheet, rows: rows.join(', ') }));
    return lists.length === 1
      ? (lists[0]?.rows ?? '')
      : lists.map((l) => `${l.sheet}: ${l.rows}`).join('; ');
  };
  const guardians: ImportPlan['guardians'] = [];
  const claimedPupils = new Map<number, number>();

  const matchPupil = (
    r: Located<RowOf<'pupils'>>,
    cls: ClassPlan,
  ): ExistingPupil | null | 'ambiguous' => {
    const { externalId, birthDate, patronymic } = r.data;
    if (externalId) {
      const byId = pupilByExternalId.get(externalId);
      if (byId) return byId;
    }
    if (cls.id === null) return null;
    let candidates = (
      pupilsByNameInClass.get(`${cls.id}|${nameKey(r.data.lastName, r.data.firstName)}`) ?? []
    ).filter(
      (p) =>
        (!externalId || p.externalId === null) &&
        (!birthDate || !p.birthDate || p.birthDate === birthDate),
    );
    if (candidates.length > 1 && birthDate)
      candidates = candidates.filter((p) => p.birthDate === birthDate);
    if (candidates.length > 1 && patronymic)
      candidates = candidates.filter((p) => nameKey(p.patronymic) === nameKey(patronymic));
    if (candidates.length > 1) return 'ambiguous';
    return candidates[0] ?? null;
  };

  const planParent = (
    r: Located<RowOf<'pupils'>>,
    n: 1 | 2,
    pupil: PupilPlan,
    name: string,
    phone: string | null | undefined,
    lang: Language | null | undefined,
  ): ParentPlan | null => {
    const person = splitFullName(name);
    if (phone) {
      // One phone is one adult: two names for it in one file would make one of them guardian of
      // the other's children, so the file is refused, naming both rows.
      const first = firstUseOfPhone.get(phone);
      if (first && personNameKey(first.name) !== personNameKey(name)) {
        issue(r, 'parentPhoneNameConflict', `parent${n}Phone`, {
          phone,
          name,
          firstSheet: first.sheet,
          firstRow: first.row,
          firstName: first.name,
        });
        return null;
      }
      if (!first) firstUseOfPhone.set(phone, { sheet: r.sheet.name, row: r.row, name });
    }
    let plan = phone ? parentByPhone.get(phone) : undefined;
    if (!plan) {
      const ownGuardians = pupil.existing ? (guardiansOf.get(pupil.existing.id) ?? []) : [];
      const byPhone = phone ? (usersByPhone.get(phone) ?? []) : [];
      const existing =
        byPhone.find((u) => ownGuardians.some((g) => g.id === u.id)) ??
        byPhone[0] ??
        ownGuardians.find(
          (g) => personNameKey(fullName(g)) === personNameKey(name) && (!phone || !g.phone),
        ) ??
        null;
      plan = existing ? parentById.get(existing.id) : undefined;
      if (!plan) {
        plan = {
          id: existing?.id ?? null,
          uid: nextUid(),
          existing,
          final: { ...person, phone: null, language: 'ky' },
          changed: false,
        };
        if (existing) parentById.set(existing.id, plan);
        parentPlans.push(plan);
      }
      if (phone) parentByPhone.set(phone, plan);
    }
    const existing = plan.existing;
    const sameName = existing !== null && personNameKey(fullName(existing)) === personNameKey(name);
    if (existing && !sameName && phone && existing.phone === phone) {
      const change = renamed.get(existing.id) ?? {
        phone,
        before: fullName(existing),
        after: name,
        places: [],
        staff: existing.login !== null,
      };
      if (!change.places.some((p) => p.sheet === r.sheet.name && p.row === r.row))
        change.places.push({ sheet: r.sheet.name, row: r.row });
      renamed.set(existing.id, change);
    }
    // Staff who are also parents keep their own name and settings: the Staff sheet owns them.
    if (existing?.login) return plan;
    const final = {
      ...(sameName
        ? {
            lastName: existing.lastName,
            firstName: existing.firstName,
            patronymic: existing.patronymic,
          }
        : person),
      phone: phone ?? existing?.phone ?? null,
      language: lang ?? existing?.language ?? 'ky',
    };
    plan.final = final;
    plan.changed = existing
      ? differs(final, existing as unknown as Record<string, unknown>)
      : false;
    return plan;
  };

  for (const r of rows.pupils) {
    const cls = findClass(r.data.class, r);
    if (!cls) continue;
    if (r.data.externalId && duplicate(r, `pupil-ext:${r.data.externalId}`, 'externalId')) continue;
    const match = matchPupil(r, cls);
    if (match === 'ambiguous') {
      issue(r, 'ambiguousPupil', 'lastName');
      continue;
    }
    if (match) {
      const first = claimedPupils.get(match.id);
      if (first !== undefined) {
        issue(r, 'duplicateRow', 'lastName', { firstRow: first });
        continue;
      }
      claimedPupils.set(match.id, r.row);
    } else if (
      !r.data.externalId &&
      duplicate(
        r,
        `pupil-name:${cls.uid}|${nameKey(r.data.lastName, r.data.firstName)}|${r.data.birthDate ?? ''}`,
        'lastName',
      )
    ) {
      continue;
    }
    const final = {
      lastName: r.data.lastName,
      firstName: r.data.firstName,
      patronymic: keep(r.data.patronymic, match?.patronymic),
      birthDate: keep(r.data.birthDate, match?.birthDate),
      externalId: r.data.externalId ?? match?.externalId ?? null,
      classRef: cls as Ref,
    };
    const pupil: PupilPlan = {
      id: match?.id ?? null,
      uid: nextUid(),
      existing: match,
      final,
      changed: match
        ? differs(
            { ...final, classRef: undefined, classGroupId: cls.id },
            { ...match, classRef: undefined },
          )
        : false,
    };
    pupilPlans.push(pupil);
    for (const n of [1, 2] as const) {
      const name = r.data[`parent${n}Name`];
      if (!name) continue;
      const parent = planParent(
        r,
        n,
        pupil,
        name,
        r.data[`parent${n}Phone`],
        r.data[`parent${n}Language`],
      );
      if (!parent) continue;
      if (guardians.some((g) => g.parent === parent && g.pupil === pupil)) continue;
      guardians.push({
        parent,
        pupil,
        exists:
          parent.id !== null && pupil.id !== null && guardianLinks.has(`${parent.id}:${pupil.id}`),
      });
    }
  }

  // A stored parent's phone with another name: the name is updated (a corrected spelling, a new
  // surname), never silently. New guardian links are not granted until a code is redeemed, so the
  // adult behind the phone reaches no new child by this import alone.
  for (const change of renamed.values()) {
    const first = change.places[0] ?? { sheet: '', row: 0 };
    issues.warn(
      [first.sheet, first.row],
      change.staff ? 'imports.parentNameDiffersFromStaff' : 'imports.parentRenamed',
      {
        phone: change.phone,
        before: change.before,
        after: change.after,
        sheet: first.sheet,
        rows: rowList(change.places),
      },
    );
  }

  // Teaching load
  const assignmentByKey = new Map(
    assignmentRows.map((a) => [`${a.teacherId}:${a.subjectId}:${a.classGroupId}`, a]),
  );
  const loadPlans: LoadPlan[] = [];
  for (const r of rows.load) {
    const teacher = findStaff(r.data.teacher, r, 'teacher');
    const subject = findSubject(r.data.subject, r);
    const cls = findClass(r.data.class, r);
    if (!teacher || !subject || !cls) continue;
    if (duplicate(r, `load:${teacher.uid}:${subject.uid}:${cls.uid}`, 'subject')) continue;
    const stored =
      teacher.id !== null && subject.id !== null && cls.id !== null
        ? assignmentByKey.get(`${teacher.id}:${subject.id}:${cls.id}`)
        : undefined;
    loadPlans.push({
      id: stored?.id ?? null,
      uid: nextUid(),
      existingHours: stored?.hoursPerWeek ?? null,
      teacher,
      subject,
      classRef: cls,
      hours: r.data.hours,
    });
  }

  // Timetable: the file's slots replace a class's timetable from `effectiveFrom` on.
  const slotsOfClass = new Map<ClassPlan, SlotPlan[]>();
  for (const r of rows.timetable) {
    const cls = findClass(r.data.class, r);
    const subject = findSubject(r.data.subject, r);
    const teacher = findStaff(r.data.teacher, r, 'teacher');
    if (!cls || !subject || !teacher) continue;
    if (
      duplicate(
        r,
        `slot:${cls.uid}:${r.data.weekday}:${r.data.lessonNumber}:${subject.uid}:${teacher.uid}`,
        'lessonNumber',
      )
    )
      continue;
    const slots = slotsOfClass.get(cls) ?? [];
    slots.push({
      weekday: r.data.weekday,
      lessonNumber: r.data.lessonNumber,
      subject,
      teacher,
      room: r.data.room ?? null,
    });
    slotsOfClass.set(cls, slots);
  }
  // Rows that failed validation are not planned, but what they point at must exist too.
  for (const r of rows.partial.classes)
    if (r.data.classTeacher) findStaff(r.data.classTeacher, r, 'classTeacher');
  for (const r of rows.partial.pupils) if (r.data.class) findClass(r.data.class, r);
  for (const r of [...rows.partial.load, ...rows.partial.timetable]) {
    if (r.data.class) findClass(r.data.class, r);
    if (r.data.subject) findSubject(r.data.subject, r);
    if (r.data.teacher) findStaff(r.data.teacher, r, 'teacher');
  }

  const slotKey = (s: {
    weekday: number;
    lessonNumber: number;
    subjectId: number | null;
    teacherId: number | null;
    room: string | null;
  }) => `${s.weekday}:${s.lessonNumber}:${s.subjectId}:${s.teacherId}:${s.room ?? ''}`;
  const timetable: ClassTimetablePlan[] = [...slotsOfClass].map(([cls, slots]) => {
    const existing = cls.id === null ? [] : slotRows.filter((s) => s.classGroupId === cls.id);
    const wanted = slots
      .map((s) => slotKey({ ...s, subjectId: s.subject.id, teacherId: s.teacher.id }))
      .sort();
    const stored = existing.map(slotKey).sort();
    const unchanged =
      existing.length > 0 &&
      wanted.length === stored.length &&
      wanted.every((k, i) => k === stored[i]);
    return { classRef: cls, slots, existing, unchanged };
  });

  return {
    schoolId,
    yearId: year.id,
    effectiveFrom,
    staff: staffPlans,
    subjects: subjectPlans,
    classes: classPlans,
    pupils: pupilPlans,
    parents: parentPlans,
    guardians,
    load: loadPlans,
    timetable,
  };
};
