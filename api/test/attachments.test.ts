/**
 * Files attached to lessons (R9): real uploads into the disk store, type decided by content, the
 * 20 MB limit, downloads by exactly the readers of the lesson, removal from disk.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../domain/accounts/passwords.ts';
import { createApiHarness, SERVICE_TOKEN, type ApiHarness } from '../../test/api-harness.ts';
import {
  docxBytes,
  exeBytes,
  filesUnder,
  multipart,
  pdfBytes,
  zipBytes,
} from '../../test/files.ts';
import { TEST_PASSWORD, type Role } from '../../test/world.ts';

let h: ApiHarness;
/** Cookie of an administrator of another school. */
let foreignAdmin: string;
/** Telegram id of a parent in another school. */
const FOREIGN_PARENT_TG = 7001n;

beforeAll(async () => {
  h = await createApiHarness();
  const db = h.db.prisma;
  const district = await db.district.create({ data: { name: 'Ош шаары' } });
  const school = await db.school.create({
    data: { districtId: district.id, code: 'other-school-files', name: 'Ош №5 мектеби' },
  });
  const admin = await db.user.create({
    data: {
      schoolId: school.id,
      login: 'admin-of-osh',
      passwordHash: await hashPassword(TEST_PASSWORD),
      lastName: 'Токтогулов',
      firstName: 'Азамат',
    },
  });
  await db.staffRole.create({ data: { userId: admin.id, schoolId: school.id, role: 'ADMIN' } });
  const parent = await db.user.create({
    data: { schoolId: school.id, lastName: 'Бекова', firstName: 'Жамиля' },
  });
  await db.telegramLink.create({
    data: { userId: parent.id, telegramUserId: FOREIGN_PARENT_TG, chatId: FOREIGN_PARENT_TG },
  });
  const login = await request(h.app)
    .post('/api/v1/auth/login')
    .send({ login: 'admin-of-osh', password: TEST_PASSWORD });
  foreignAdmin = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
}, 60_000);
afterAll(() => h.close());

const upload = async (
  role: Role,
  fileName: string,
  data: Buffer,
  options: { lessonId?: number; target?: string; lang?: string } = {},
) => {
  const body = multipart(fileName, data);
  return request(h.app)
    .post(`/api/v1/lessons/${options.lessonId ?? h.world.lessonA.id}/attachments`)
    .query(options.target ? { target: options.target } : {})
    .set(await h.headersFor(role))
    .set('accept-language', options.lang ?? 'ky')
    .set('content-type', body.contentType)
    .send(body.data);
};

const download = async (headers: Record<string, string>, attachmentId: number) =>
  request(h.app)
    .get(`/api/v1/attachments/${attachmentId}`)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

const stored = () => filesUnder(h.filesDir);
const counts = async () => ({
  attachments: await h.db.prisma.attachment.count(),
  audit: await h.db.prisma.auditEntry.count(),
});

describe('uploading a file to a lesson (POST /lessons/:lessonId/attachments)', () => {
  let pdfId: number;
  const pdf = pdfBytes('Бөлчөктөр');

  it('stores a PDF with a Kyrgyz name on disk, byte for byte, with a row and an audit entry', async () => {
    const before = await counts();
    const res = await upload('teacherOfClass', 'Бөлчөктөр, 5-класс.pdf', pdf, {
      target: 'HOMEWORK',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      lessonId: h.world.lessonA.id,
      target: 'HOMEWORK',
      fileName: 'Бөлчөктөр, 5-класс.pdf',
      mimeType: 'application/pdf',
      size: pdf.length,
    });
    expect(res.body).not.toHaveProperty('storageKey');
    pdfId = res.body.id;
    expect(await counts()).toEqual({
      attachments: before.attachments + 1,
      audit: before.audit + 1,
    });
    const row = await h.db.prisma.attachment.findUniqueOrThrow({ where: { id: pdfId } });
    expect(row.storageKey).toMatch(new RegExp(`^lessons/${h.world.lessonA.id}/[0-9a-f-]+\\.pdf$`));
    expect(await stored()).toEqual([path.join(...row.storageKey.split('/'))]);
    expect(await readFile(path.join(h.filesDir, row.storageKey))).toEqual(pdf);
  });

  it('lets the parent of a pupil of the class download it byte-identical, with its name intact', async () => {
    const res = await download(await h.headersFor('parentA'), pdfId);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="/);
    const star = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '';
    expect(decodeURIComponent(star)).toBe('Бөлчөктөр, 5-класс.pdf');
  });

  it('lets the pupil of the class and the staff of the lesson download it', async () => {
    for (const role of ['pupilA', 'classTeacher', 'psychologist', 'admin'] as const) {
      const res = await download(await h.headersFor(role), pdfId);
      expect(res.status, role).toBe(200);
      expect(Buffer.compare(res.body as Buffer, pdf), role).toBe(0);
    }
  });

  it("refuses another class's parent (403) and another school's users (404, as a missing file)", async () => {
    const otherParent = await download(await h.headersFor('parentB'), pdfId);
    expect(otherParent.status).toBe(403);
    const otherTeacher = await download(await h.headersFor('teacherOfOtherClass'), pdfId);
    expect(otherTeacher.status).toBe(403);
    const missing = await download({ cookie: foreignAdmin }, 999_999);
    const foreign = await download({ cookie: foreignAdmin }, pdfId);
    expect(foreign.status).toBe(404);
    expect(foreign.text).toBe(missing.text);
    const foreignParent = await download(
      { authorization: `Bearer ${SERVICE_TOKEN}`, 'x-telegram-user-id': String(FOREIGN_PARENT_TG) },
      pdfId,
    );
    expect(foreignParent.status).toBe(404);
    expect((await download({}, pdfId)).status).toBe(401);
  });

  it('lists the files of the lesson for the family', async () => {
    const res = await request(h.app)
      .get(`/api/v1/lessons/${h.world.lessonA.id}/attachments`)
      .set(await h.headersFor('parentA'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ id: pdfId, fileName: 'Бөлчөктөр, 5-класс.pdf', size: pdf.length }),
    ]);
    const other = await request(h.app)
      .get(`/api/v1/lessons/${h.world.lessonA.id}/attachments`)
      .set(await h.headersFor('parentB'));
    expect(other.status).toBe(403);
  });

  it('takes a Word document and a Kyrgyz text file by their content', async () => {
    const docx = await upload('teacherOfClass', 'Тапшырма', await docxBytes(), { target: 'TOPIC' });
    expect(docx.status, docx.text).toBe(201);
    expect(docx.body).toMatchObject({
      fileName: 'Тапшырма.docx',
      target: 'TOPIC',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    const text = await upload(
      'teacherOfClass',
      'эскертүү.txt',
      Buffer.from('Үй тапшырмасы: §12\n'),
    );
    expect(text.status, text.text).toBe(201);
    expect(text.body).toMatchObject({ fileName: 'эскертүү.txt', mimeType: 'text/plain' });
  });

  it('refuses a program or an archive named .pdf by its content, storing nothing', async () => {
    const before = { ...(await counts()), files: await stored() };
    const exe = await upload('teacherOfClass', 'бөлчөктөр.pdf', exeBytes());
    expect(exe.status).toBe(400);
    expect(exe.body.errors[0]).toMatchObject({
      path: 'file',
      code: 'fileTypeNotAllowed',
      params: { detected: 'exe' },
    });
    expect(exe.body.errors[0].message).toContain('Мындай түрдөгү файлды тиркөөгө болбойт');
    const zip = await upload('teacherOfClass', 'сабак.pdf', await zipBytes(), { lang: 'ru' });
    expect(zip.status).toBe(400);
    expect(zip.body.errors[0]).toMatchObject({
      code: 'fileTypeNotAllowed',
      params: { detected: 'zip' },
    });
    expect(zip.body.errors[0].message).toContain('Файлы такого типа прикреплять нельзя');
    const binary = await upload('teacherOfClass', 'notes.txt', Buffer.from([0, 1, 2, 3, 255, 254]));
    expect(binary.status).toBe(400);
    expect({ ...(await counts()), files: await stored() }).toEqual(before);
  });

  it('refuses a file over 20 MB with a localized message, leaving no file on disk', async () => {
    const before = { ...(await counts()), files: await stored() };
    const big = Buffer.concat([
      pdfBytes(),
      Buffer.alloc(20 * 1024 * 1024 + 1 - pdfBytes().length, 0x20),
    ]);
    expect(big.length).toBe(20 * 1024 * 1024 + 1);
    const res = await upload('teacherOfClass', 'чоң.pdf', big);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({
      path: 'file',
      code: 'fileTooLarge',
      message: 'Файл өтө чоң (эң көп 20 МБ).',
    });
    expect({ ...(await counts()), files: await stored() }).toEqual(before);
  });

  it('refuses an empty upload and a body that is not a form', async () => {
    const empty = await upload('teacherOfClass', 'бош.pdf', Buffer.alloc(0));
    expect(empty.body.errors[0]).toMatchObject({ code: 'fileEmpty' });
    const json = await request(h.app)
      .post(`/api/v1/lessons/${h.world.lessonA.id}/attachments`)
      .set(await h.headersFor('teacherOfClass'))
      .send({ fileName: 'a.pdf' });
    expect(json.status).toBe(400);
    expect(json.body.errors[0]).toMatchObject({ code: 'notMultipart' });
  });

  it('refuses teachers of other classes (403), read-only staff (403) and families (403)', async () => {
    const before = { ...(await counts()), files: await stored() };
    for (const role of ['teacherOfOtherClass', 'psychologist', 'parentA', 'pupilA'] as const) {
      const res = await upload(role, 'a.pdf', pdfBytes());
      expect(res.status, role).toBe(403);
    }
    expect({ ...(await counts()), files: await stored() }).toEqual(before);
  });

  it('removes a deleted attachment from disk; its download is then 404', async () => {
    const row = await h.db.prisma.attachment.findUniqueOrThrow({ where: { id: pdfId } });
    const refused = await request(h.app)
      .delete(`/api/v1/attachments/${pdfId}`)
      .set(await h.headersFor('parentA'));
    expect(refused.status).toBe(403);
    const res = await request(h.app)
      .delete(`/api/v1/attachments/${pdfId}`)
      .set(await h.headersFor('teacherOfClass'));
    expect(res.status).toBe(204);
    expect(await h.db.prisma.attachment.findUnique({ where: { id: pdfId } })).toBeNull();
    expect(await stored()).not.toContain(path.join(...row.storageKey.split('/')));
    const audit = await h.db.prisma.auditEntry.findFirst({
      where: { action: 'lesson.attachment.delete', entityId: String(pdfId) },
    });
    expect(audit?.before).toMatchObject({ fileName: 'Бөлчөктөр, 5-класс.pdf' });
    expect((await download(await h.headersFor('parentA'), pdfId)).status).toBe(404);
  });
});
