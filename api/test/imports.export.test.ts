import JSZip from 'jszip';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOnly } from '../../domain/dates.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { schoolSheets, XLSX_TYPE, xlsxOf } from './fixtures/school-workbook.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
  const res = await request(h.app)
    .post(`/api/v1/schools/${h.world.school.id}/imports`)
    .set(await h.headersFor('deputy'))
    .set('content-type', XLSX_TYPE)
    .set('x-file-name', 'school.xlsx')
    .send(await xlsxOf(schoolSheets(h.world, 'ru')));
  if (res.status !== 200) throw new Error(`fixture import failed: ${res.text}`);
  const { world } = h;
  const p = h.db.prisma;
  await p.mark.create({
    data: {
      lessonId: world.lessonA.id,
      pupilId: world.pupilA.id,
      subjectId: world.math.id,
      teacherId: world.users.teacherOfClass.id,
      date: world.lessonA.date,
      value: 2,
      kind: 'ORAL',
      deletedAt: new Date('2026-10-14T10:00:00Z'),
      deleteReason: 'Туура эмес окуучуга коюлган',
    },
  });
  await p.attendance.create({
    data: {
      lessonId: world.lessonA.id,
      pupilId: world.pupilA2.id,
      date: world.lessonA.date,
      status: 'LATE',
      lateMinutes: 10,
    },
  });
  await p.finalMark.create({
    data: {
      pupilId: world.pupilA.id,
      subjectId: world.math.id,
      termId: world.terms[0]?.id ?? 0,
      kind: 'TERM',
      value: 4,
      teacherId: world.users.teacherOfClass.id,
    },
  });
  await p.substitution.create({
    data: {
      classGroupId: world.classA.id,
      date: dateOnly('2026-10-16'),
      lessonNumber: 2,
      subjectId: world.math.id,
      absentTeacherId: world.users.teacherOfClass.id,
      substituteTeacherId: world.users.classTeacher.id,
      createdById: world.users.deputy.id,
    },
  });
  await p.announcement.create({
    data: {
      schoolId: world.school.id,
      authorId: world.users.admin.id,
      audience: 'SCHOOL',
      title: 'Ата-энелер чогулушу',
      body: 'Жума күнү саат 18:00дө.',
    },
  });
});
afterAll(() => h.close());

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

const exportAs = async (format: string, lang = 'ru') =>
  request(h.app)
    .get(`/api/v1/schools/${h.world.school.id}/export`)
    .query({ format })
    .set(await h.headersFor('admin'))
    .set('accept-language', lang)
    .buffer(true)
    .parse(binary);

const importFile = async (content: Buffer, type: string, fileName: string) =>
  request(h.app)
    .post(`/api/v1/schools/${h.world.school.id}/imports`)
    .set(await h.headersFor('deputy'))
    .set('content-type', type)
    .set('x-file-name', fileName)
    .send(content);

const baseCounts = async () => {
  const p = h.db.prisma;
  return {
    users: await p.user.count(),
    roles: await p.staffRole.count(),
    classes: await p.classGroup.count(),
    subjects: await p.subject.count(),
    pupils: await p.pupil.count(),
    guardians: await p.guardian.count(),
    load: await p.teachingAssignment.count(),
    slots: await p.timetableSlot.count(),
  };
};

describe('imports.exportSchoolData (GET /schools/:schoolId/export)', () => {
  describe('as JSON', () => {
    let text: string;
    let doc: Record<string, Record<string, unknown>[]> & {
      format: string;
      school: { code: string };
    };
    beforeAll(async () => {
      const res = await exportAs('json');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="?sabak-.*\.json"?/);
      text = (res.body as Buffer).toString('utf8');
      doc = JSON.parse(text);
    });

    it('contains the imported base data with Kyrgyz names intact', () => {
      expect(doc.format).toBe('sabak.school-export');
      expect(doc.school.code).toBe(h.world.school.code);
      expect(doc.pupils?.find((p) => p.externalId === 'P-001')).toMatchObject({
        lastName: 'Өмүрбеков',
        birthDate: '2015-04-12',
      });
      expect(doc.parents?.some((p) => p.phone === '+996555654321' && p.firstName === 'Жаңыл')).toBe(
        true,
      );
      expect(doc.staff?.find((s) => s.login === 'toktogulova')).toMatchObject({
        roles: ['TEACHER', 'CLASS_TEACHER'],
        firstName: 'Жаңыл',
      });
      expect(doc.subjects?.map((s) => s.code)).toEqual(
        expect.arrayContaining(['MATH', 'KYRG', 'HIST', 'ENG', 'MUS']),
      );
      expect(doc.guardians).toHaveLength(12 + 2);
      expect(doc.teachingAssignments).toHaveLength(3 + 4);
      expect(doc.timetableSlots).toHaveLength(5);
    });

    it('contains the journal: lessons, marks (deleted ones with their reason), attendance, final marks, substitutions, announcements', () => {
      expect(doc.lessons?.map((l) => l.topic)).toEqual(['Бөлчөктөр', 'Теңдемелер']);
      expect(doc.marks?.find((m) => m.deletedAt)).toMatchObject({
        value: 2,
        deleteReason: 'Туура эмес окуучуга коюлган',
        date: '2026-10-14',
      });
      expect(doc.attendance?.[0]).toMatchObject({ status: 'LATE', lateMinutes: 10 });
      expect(doc.finalMarks?.[0]).toMatchObject({ kind: 'TERM', value: 4 });
      expect(doc.substitutions).toHaveLength(1);
      expect(doc.announcements?.[0]).toMatchObject({ title: 'Ата-энелер чогулушу' });
      expect(doc.terms).toHaveLength(7);
    });

    it('never contains password hashes', async () => {
      const hash =
        (await h.db.prisma.user.findUniqueOrThrow({ where: { id: h.world.users.admin.id } }))
          .passwordHash ?? '';
      expect(hash).not.toBe('');
      expect(text).not.toContain(hash);
      expect(text).not.toMatch(/passwordHash|password_hash|\$2[aby]\$/);
    });

    it('records who took the school’s data', async () => {
      const entry = await h.db.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'export.school-data' },
        orderBy: { id: 'desc' },
      });
      expect(entry).toMatchObject({ actorId: h.world.users.admin.id, schoolId: h.world.school.id });
    });
  });

  describe('as CSV', () => {
    it('gives a zip with one CSV per table and the base-data sheets in import format', async () => {
      const res = await exportAs('csv', 'ky');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('application/zip');
      const zip = await JSZip.loadAsync(res.body as Buffer);
      const names = Object.keys(zip.files);
      expect(names).toEqual(
        expect.arrayContaining([
          'classes.csv',
          'staff.csv',
          'subjects.csv',
          'pupils.csv',
          'load.csv',
          'timetable.csv',
          'data/marks.csv',
          'data/pupils.csv',
          'data/final-marks.csv',
        ]),
      );
      const pupils = await zip.file('pupils.csv')?.async('string');
      expect(pupils?.split('\n')[0]).toContain('Фамилиясы');
      expect(pupils).toContain('Өмүрбеков,Нурсултан,Талантбек уулу,2015-04-12,5-Б');
      const staffCsv = (await zip.file('data/staff.csv')?.async('string')) ?? '';
      expect(staffCsv).toContain('toktogulova');
      expect(staffCsv).not.toMatch(/\$2[aby]\$|password/i);
      const marks = await zip.file('data/marks.csv')?.async('string');
      expect(marks).toContain('Туура эмес окуучуга коюлган');

      const before = await baseCounts();
      const reimport = await importFile(Buffer.from(pupils ?? ''), 'text/csv', 'pupils.csv');
      expect(reimport.status, reimport.text).toBe(200);
      expect(reimport.body.counts.pupils).toMatchObject({ created: 0, updated: 0 });
      expect(await baseCounts()).toEqual(before);
    });
  });

  describe('as the base-data workbook', () => {
    it('imports back without changing anything', async () => {
      const res = await exportAs('xlsx');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain(XLSX_TYPE);
      const before = await baseCounts();
      const back = await importFile(res.body as Buffer, XLSX_TYPE, 'export.xlsx');
      expect(back.status, back.text).toBe(200);
      const counts = back.body.counts as Record<
        string,
        { created: number; updated?: number; unchanged: number }
      >;
      for (const [sheet, c] of Object.entries(counts)) {
        expect({ sheet, created: c.created, updated: c.updated ?? 0 }).toEqual({
          sheet,
          created: 0,
          updated: 0,
        });
      }
      expect(counts.pupils?.unchanged).toBe(13);
      expect(counts.staff?.unchanged).toBe(9);
      expect(await baseCounts()).toEqual(before);
    });
  });

  describe('when the user is not the school administration', () => {
    it('refuses a teacher with 403 and writes no audit entry', async () => {
      const before = await h.db.prisma.auditEntry.count();
      const res = await request(h.app)
        .get(`/api/v1/schools/${h.world.school.id}/export`)
        .set(await h.headersFor('classTeacher'));
      expect(res.status).toBe(403);
      expect(await h.db.prisma.auditEntry.count()).toBe(before);
    });
  });
});
