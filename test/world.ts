/**
 * A small school with one of every kind of user, for access tests: two classes, two subject
 * teachers (each teaching only their class), a class teacher, administration, a psychologist,
 * two parents (of pupil A and of pupil B) and a pupil who uses the bot.
 */
import { hashPassword } from '../domain/accounts/passwords.ts';
import type { Db } from '../domain/db.ts';
import { dateOnly } from '../domain/dates.ts';
import type { StaffRoleKind } from '../domain/generated/prisma/enums.ts';

/** The fixed "now" of tests: Thursday 15 October 2026, 12:00 in Bishkek. */
export const TEST_NOW = new Date('2026-10-15T06:00:00Z');
export const TEST_PASSWORD = 'correct-horse-42';

/** Telegram user ids of the bot users. */
export const TG = { parentA: 1001n, parentB: 1002n, pupilA: 1003n, stranger: 1999n } as const;

export const ROLES = [
  'admin',
  'deputy',
  'teacherOfClass',
  'teacherOfOtherClass',
  'classTeacher',
  'parentA',
  'parentB',
  'pupilA',
  'psychologist',
  'anonymous',
] as const;
export type Role = (typeof ROLES)[number];

let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}${Math.random().toString(36).slice(2, 6)}`;

export const buildWorld = async (db: Db) => {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const district = await db.district.create({ data: { name: 'Бишкек, Свердлов району' } });
  const school = await db.school.create({
    data: {
      districtId: district.id,
      code: unique('school'),
      name: 'Ш. Абдылдаев атындагы орто мектеби',
    },
  });
  const year = await db.academicYear.create({
    data: {
      schoolId: school.id,
      name: '2026-2027',
      startsOn: dateOnly('2026-09-01'),
      endsOn: dateOnly('2027-05-25'),
      isCurrent: true,
    },
  });
  const quarters = [
    ['2026-09-01', '2026-10-31'],
    ['2026-11-09', '2026-12-28'],
    ['2027-01-12', '2027-03-20'],
    ['2027-04-01', '2027-05-25'],
  ] as const;
  const terms = [];
  for (const [i, [from, to]] of quarters.entries()) {
    terms.push(
      await db.term.create({
        data: {
          yearId: year.id,
          kind: 'QUARTER',
          number: i + 1,
          startsOn: dateOnly(from),
          endsOn: dateOnly(to),
        },
      }),
    );
  }
  await db.term.create({
    data: {
      yearId: year.id,
      kind: 'HALF',
      number: 1,
      startsOn: dateOnly('2026-09-01'),
      endsOn: dateOnly('2026-12-28'),
    },
  });
  await db.term.create({
    data: {
      yearId: year.id,
      kind: 'HALF',
      number: 2,
      startsOn: dateOnly('2027-01-12'),
      endsOn: dateOnly('2027-05-25'),
    },
  });
  const yearTerm = await db.term.create({
    data: {
      yearId: year.id,
      kind: 'YEAR',
      number: 1,
      startsOn: dateOnly('2026-09-01'),
      endsOn: dateOnly('2027-05-25'),
    },
  });

  const grade5 = await db.gradeLevel.create({ data: { schoolId: school.id, grade: 5 } });
  const grade6 = await db.gradeLevel.create({ data: { schoolId: school.id, grade: 6 } });

  const staff = async (lastName: string, firstName: string, roles: StaffRoleKind[]) => {
    const user = await db.user.create({
      data: {
        schoolId: school.id,
        login: unique(lastName.toLowerCase()),
        passwordHash,
        lastName,
        firstName,
        language: 'ky',
      },
    });
    for (const role of roles)
      await db.staffRole.create({ data: { userId: user.id, schoolId: school.id, role } });
    return user;
  };
  const admin = await staff('Admin', 'Айгүл', ['ADMIN']);
  const deputy = await staff('Deputy', 'Нургүл', ['DEPUTY']);
  const teacherOfClass = await staff('Teacher', 'Бакыт', ['TEACHER']);
  const teacherOfOtherClass = await staff('Other', 'Өмүр', ['TEACHER']);
  const classTeacher = await staff('Leader', 'Гүлнара', ['TEACHER', 'CLASS_TEACHER']);
  const psychologist = await staff('Psych', 'Жылдыз', ['PSYCHOLOGIST']);

  const classA = await db.classGroup.create({
    data: {
      schoolId: school.id,
      yearId: year.id,
      gradeLevelId: grade5.id,
      letter: 'А',
      shift: 1,
      classTeacherId: classTeacher.id,
    },
  });
  const classB = await db.classGroup.create({
    data: { schoolId: school.id, yearId: year.id, gradeLevelId: grade6.id, letter: 'Б', shift: 2 },
  });
  const math = await db.subject.create({
    data: { schoolId: school.id, code: 'MATH', nameKy: 'Математика', nameRu: 'Математика' },
  });
  const kyrgyz = await db.subject.create({
    data: { schoolId: school.id, code: 'KYRG', nameKy: 'Кыргыз тили', nameRu: 'Кыргызский язык' },
  });
  await db.teachingAssignment.create({
    data: {
      yearId: year.id,
      teacherId: teacherOfClass.id,
      subjectId: math.id,
      classGroupId: classA.id,
      hoursPerWeek: 5,
    },
  });
  await db.teachingAssignment.create({
    data: {
      yearId: year.id,
      teacherId: teacherOfOtherClass.id,
      subjectId: math.id,
      classGroupId: classB.id,
      hoursPerWeek: 5,
    },
  });
  await db.teachingAssignment.create({
    data: {
      yearId: year.id,
      teacherId: classTeacher.id,
      subjectId: kyrgyz.id,
      classGroupId: classA.id,
      hoursPerWeek: 4,
    },
  });

  const pupilAUser = await db.user.create({
    data: {
      schoolId: school.id,
      lastName: 'Асанов',
      firstName: 'Нурлан',
      patronymic: 'Бакыт уулу',
      language: 'ky',
    },
  });
  const pupilA = await db.pupil.create({
    data: {
      schoolId: school.id,
      classGroupId: classA.id,
      userId: pupilAUser.id,
      lastName: 'Асанов',
      firstName: 'Нурлан',
      patronymic: 'Бакыт уулу',
    },
  });
  const pupilA2 = await db.pupil.create({
    data: {
      schoolId: school.id,
      classGroupId: classA.id,
      lastName: 'Өмүрбекова',
      firstName: 'Айзада',
      patronymic: 'Талант кызы',
    },
  });
  const pupilB = await db.pupil.create({
    data: {
      schoolId: school.id,
      classGroupId: classB.id,
      lastName: 'Иванов',
      firstName: 'Сергей',
      patronymic: 'Петрович',
    },
  });
  const parentA = await db.user.create({
    data: { schoolId: school.id, lastName: 'Асанова', firstName: 'Гүлзат', language: 'ky' },
  });
  const parentB = await db.user.create({
    data: { schoolId: school.id, lastName: 'Иванова', firstName: 'Ольга', language: 'ru' },
  });
  await db.guardian.create({
    data: { userId: parentA.id, pupilId: pupilA.id, relation: 'mother' },
  });
  await db.guardian.create({
    data: { userId: parentB.id, pupilId: pupilB.id, relation: 'mother' },
  });
  await db.telegramLink.create({
    data: { userId: parentA.id, telegramUserId: TG.parentA, chatId: TG.parentA },
  });
  await db.telegramLink.create({
    data: { userId: parentB.id, telegramUserId: TG.parentB, chatId: TG.parentB },
  });
  await db.telegramLink.create({
    data: { userId: pupilAUser.id, telegramUserId: TG.pupilA, chatId: TG.pupilA },
  });

  const lessonA = await db.lesson.create({
    data: {
      classGroupId: classA.id,
      subjectId: math.id,
      teacherId: teacherOfClass.id,
      date: dateOnly('2026-10-14'),
      lessonNumber: 2,
      topic: 'Бөлчөктөр',
      homework: '§12, 3-көнүгүү',
    },
  });
  const lessonB = await db.lesson.create({
    data: {
      classGroupId: classB.id,
      subjectId: math.id,
      teacherId: teacherOfOtherClass.id,
      date: dateOnly('2026-10-14'),
      lessonNumber: 3,
      topic: 'Теңдемелер',
    },
  });

  return {
    district,
    school,
    year,
    terms,
    yearTerm,
    grade5,
    grade6,
    classA,
    classB,
    math,
    kyrgyz,
    users: {
      admin,
      deputy,
      teacherOfClass,
      teacherOfOtherClass,
      classTeacher,
      psychologist,
      parentA,
      parentB,
      pupilA: pupilAUser,
    },
    pupilA,
    pupilA2,
    pupilB,
    lessonA,
    lessonB,
  };
};

export type World = Awaited<ReturnType<typeof buildWorld>>;
