import type { Db } from '../../../domain/db.ts';
import type { Role, World } from '../../../test/world.ts';
import { multipart, pdfBytes, storedAttachment } from '../../../test/files.ts';
import type { MatrixEntry } from './types.ts';

/** Who writes the math page of 5-А: its teacher and the administration (R5). */
const writers: Role[] = ['admin', 'deputy', 'teacherOfClass'];
/** Who reads class pages of 5-А: its teachers, its class teacher, administration, psychologist. */
const classReaders: Role[] = ['admin', 'deputy', 'teacherOfClass', 'classTeacher', 'psychologist'];

/** Who reads lesson A with its files: its staff, and the family of pupil A (the diary's readers). */
const lessonReaders: Role[] = [...classReaders, 'parentA', 'pupilA'];

/** A current mark of pupil A in lesson A (restored if an earlier row deleted it). */
const currentMark = (prisma: Db, world: World, kind: 'ORAL' | 'CONTROL') =>
  prisma.mark.upsert({
    where: {
      lessonId_pupilId_kind: { lessonId: world.lessonA.id, pupilId: world.pupilA.id, kind },
    },
    create: {
      lessonId: world.lessonA.id,
      pupilId: world.pupilA.id,
      kind,
      subjectId: world.math.id,
      teacherId: world.users.teacherOfClass.id,
      date: world.lessonA.date,
      value: 4,
    },
    update: { deletedAt: null, deleteReason: null },
  });

const quarter1 = (world: World) => world.terms[0]?.id ?? 0;

export const journalMatrix: MatrixEntry[] = [
  {
    route: 'POST /lessons',
    allowed: writers,
    request: ({ world }) => ({
      body: {
        classGroupId: world.classA.id,
        subjectId: world.math.id,
        date: '2026-10-20',
        lessonNumber: 1,
        topic: 'Ондук бөлчөктөр',
        homework: '§13, 1-көнүгүү',
      },
    }),
  },
  {
    route: 'GET /lessons/:lessonId',
    allowed: classReaders,
    request: ({ world }) => ({ params: { lessonId: world.lessonA.id } }),
  },
  {
    route: 'PATCH /lessons/:lessonId',
    allowed: writers,
    request: ({ world, role }) => ({
      params: { lessonId: world.lessonA.id },
      body: { material: `Окуу китеби (${role})` },
    }),
  },
  {
    route: 'PUT /lessons/:lessonId/individual-homework',
    allowed: writers,
    request: ({ world }) => ({
      params: { lessonId: world.lessonA.id },
      body: { items: [{ pupilId: world.pupilA2.id, text: '5-көнүгүүнү кайра иштеп чык' }] },
    }),
  },
  {
    route: 'POST /lessons/:lessonId/attachments',
    allowed: writers,
    request: ({ world }) => ({
      params: { lessonId: world.lessonA.id },
      query: { target: 'HOMEWORK' },
      raw: multipart('көнүгүүлөр.pdf', pdfBytes(), 'application/pdf'),
    }),
  },
  {
    route: 'GET /lessons/:lessonId/attachments',
    allowed: lessonReaders,
    request: ({ world }) => ({ params: { lessonId: world.lessonA.id } }),
  },
  {
    route: 'GET /attachments/:attachmentId',
    allowed: lessonReaders,
    request: async ({ world, prisma, filesDir }) => ({
      params: {
        attachmentId: (await storedAttachment(prisma, filesDir, world.lessonA.id)).id,
      },
    }),
  },
  {
    route: 'DELETE /attachments/:attachmentId',
    allowed: writers,
    request: async ({ world, prisma, filesDir }) => ({
      params: {
        attachmentId: (await storedAttachment(prisma, filesDir, world.lessonA.id)).id,
      },
    }),
  },
  {
    route: 'PUT /lessons/:lessonId/attendance',
    allowed: writers,
    request: ({ world }) => ({
      params: { lessonId: world.lessonA.id },
      body: { entries: [{ pupilId: world.pupilA.id, status: 'PRESENT' }] },
    }),
  },
  {
    route: 'PATCH /marks/:markId',
    allowed: writers,
    request: async ({ world, prisma }) => ({
      params: { markId: (await currentMark(prisma, world, 'ORAL')).id },
      body: { value: 5, comment: 'Жакшы жооп берди' },
    }),
  },
  {
    route: 'DELETE /marks/:markId',
    allowed: writers,
    request: async ({ world, prisma }) => ({
      params: { markId: (await currentMark(prisma, world, 'CONTROL')).id },
      body: { reason: 'Башка окуучуга коюлуп калган' },
    }),
  },
  {
    route: 'GET /marks/:markId/history',
    allowed: classReaders,
    request: async ({ world, prisma }) => ({
      params: { markId: (await currentMark(prisma, world, 'ORAL')).id },
    }),
  },
  {
    route: 'GET /classes/:classGroupId/journal',
    allowed: classReaders,
    request: ({ world }) => ({
      params: { classGroupId: world.classA.id },
      query: { subjectId: String(world.math.id), termId: String(quarter1(world)) },
    }),
  },
  {
    route: 'GET /classes/:classGroupId/overview',
    allowed: ['admin', 'deputy', 'classTeacher'],
    request: ({ world }) => ({ params: { classGroupId: world.classA.id } }),
  },
  {
    route: 'GET /final-marks/suggestion',
    allowed: writers,
    request: ({ world }) => ({
      query: {
        pupilId: String(world.pupilA.id),
        subjectId: String(world.math.id),
        termId: String(quarter1(world)),
      },
    }),
  },
  {
    route: 'PUT /final-marks',
    allowed: writers,
    request: async ({ world, prisma }) => {
      // Quarter 1 has not ended at the tests' "now": the school allows early finals.
      await prisma.school.update({
        where: { id: world.school.id },
        data: { allowEarlyFinals: true },
      });
      return {
        body: {
          classGroupId: world.classA.id,
          subjectId: world.math.id,
          termId: quarter1(world),
          marks: [{ pupilId: world.pupilA.id, value: 4 }],
        },
      };
    },
  },
  {
    route: 'DELETE /final-marks/:finalMarkId',
    allowed: writers,
    request: async ({ world, prisma }) => {
      const key = {
        pupilId: world.pupilA2.id,
        subjectId: world.math.id,
        termId: quarter1(world),
        kind: 'TERM' as const,
      };
      const row = await prisma.finalMark.upsert({
        where: { pupilId_subjectId_termId_kind: key },
        create: { ...key, value: 4, teacherId: world.users.teacherOfClass.id },
        update: { withdrawnAt: null, withdrawReason: null },
      });
      return { params: { finalMarkId: row.id }, body: { reason: 'Жаңылыш коюлган' } };
    },
  },
  {
    route: 'GET /journal/gaps',
    allowed: ['admin', 'deputy'],
    request: ({ world }) => ({
      query: { classGroupId: String(world.classA.id), from: '2026-09-01', to: '2026-10-31' },
    }),
  },
  {
    route: 'POST /marks',
    allowed: writers,
    request: ({ world }) => ({
      body: { lessonId: world.lessonA.id, pupilId: world.pupilA.id, value: 4 },
    }),
  },
];
