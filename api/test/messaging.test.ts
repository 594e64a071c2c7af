import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import type { Role } from '../../test/world.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
  // Phone numbers exist in the data; no messaging answer may ever carry one (R19).
  await h.db.prisma.user.update({
    where: { id: h.world.users.teacherOfClass.id },
    data: { phone: '+996555123456' },
  });
  await h.db.prisma.user.update({
    where: { id: h.world.users.parentA.id },
    data: { phone: '+996700654321' },
  });
});
afterAll(() => h.close());

const PHONES = /555123456|700654321/;

const counts = async () => ({
  threads: await h.db.prisma.messageThread.count(),
  messages: await h.db.prisma.message.count(),
  outbox: await h.db.prisma.outboxEvent.count(),
  announcements: await h.db.prisma.announcement.count(),
});

const as = async (role: Role) => h.headersFor(role);

const startThread = async (role: Role, body: Record<string, unknown>) =>
  request(h.app)
    .post('/api/v1/threads')
    .set(await as(role))
    .send({
      subject: 'Үй тапшырмасы',
      body: 'Саламатсызбы! Бүгүнкү үй тапшырма боюнча суроом бар.',
      ...body,
    });

describe('messaging.startThread', () => {
  describe("when a parent writes to the math teacher of their child's class", () => {
    it('creates the thread, its first message and a message.posted event, showing no phone', async () => {
      const before = await counts();
      const res = await startThread('parentA', {
        pupilId: h.world.pupilA.id,
        recipientUserId: h.world.users.teacherOfClass.id,
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.recipient).toEqual({
        id: h.world.users.teacherOfClass.id,
        name: 'Teacher Бакыт',
        role: 'TEACHER',
      });
      expect(res.text).not.toMatch(PHONES);
      expect(await counts()).toEqual({
        ...before,
        threads: before.threads + 1,
        messages: before.messages + 1,
        outbox: before.outbox + 1,
      });
      const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(event).toMatchObject({ type: 'message.posted', schoolId: h.world.school.id });
      expect(event.payload).toEqual({ messageId: res.body.message.id, threadId: res.body.id });
      const participants = await h.db.prisma.threadParticipant.findMany({
        where: { threadId: res.body.id },
      });
      expect(participants.map((p) => p.userId).sort()).toEqual(
        [h.world.users.parentA.id, h.world.users.teacherOfClass.id].sort(),
      );
    });
  });

  describe('when parent A writes about pupil B', () => {
    it('answers 403 and writes nothing', async () => {
      const before = await counts();
      const aboutB = await startThread('parentA', {
        pupilId: h.world.pupilB.id,
        recipientUserId: h.world.users.teacherOfOtherClass.id,
      });
      expect(aboutB.status).toBe(403);
      const toBsTeacher = await startThread('parentA', {
        recipientUserId: h.world.users.teacherOfOtherClass.id,
      });
      expect(toBsTeacher.status).toBe(403);
      const toParentB = await startThread('parentA', { recipientUserId: h.world.users.parentB.id });
      expect(toParentB.status).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when a teacher writes to a family', () => {
    it('allows the parents of pupils in classes the teacher teaches, and no others', async () => {
      expect(
        (await startThread('teacherOfClass', { recipientUserId: h.world.users.parentA.id })).status,
      ).toBe(201);
      expect(
        (
          await startThread('classTeacher', {
            pupilId: h.world.pupilA.id,
            recipientUserId: h.world.users.parentA.id,
          })
        ).status,
      ).toBe(201);
      expect(
        (await startThread('teacherOfOtherClass', { recipientUserId: h.world.users.parentA.id }))
          .status,
      ).toBe(403);
      expect(
        (await startThread('teacherOfClass', { recipientUserId: h.world.users.parentB.id })).status,
      ).toBe(403);
      // A pupil named in the thread must be the recipient's child.
      expect(
        (
          await startThread('teacherOfClass', {
            pupilId: h.world.pupilA2.id,
            recipientUserId: h.world.users.parentA.id,
          })
        ).status,
      ).toBe(403);
      expect(
        (await startThread('psychologist', { recipientUserId: h.world.users.parentA.id })).status,
      ).toBe(403);
    });
  });

  describe('when a pupil writes', () => {
    it('reaches their own teachers only', async () => {
      expect(
        (await startThread('pupilA', { recipientUserId: h.world.users.classTeacher.id })).status,
      ).toBe(201);
      expect(
        (await startThread('pupilA', { recipientUserId: h.world.users.teacherOfOtherClass.id }))
          .status,
      ).toBe(403);
      expect(
        (await startThread('pupilA', { recipientUserId: h.world.users.parentB.id })).status,
      ).toBe(403);
    });
  });

  describe('when colleagues and the administration write', () => {
    it('allows staff of the school to write to each other and the administration to any family', async () => {
      expect(
        (await startThread('teacherOfOtherClass', { recipientUserId: h.world.users.deputy.id }))
          .status,
      ).toBe(201);
      expect(
        (await startThread('admin', { recipientUserId: h.world.users.parentB.id })).status,
      ).toBe(201);
      expect(
        (
          await startThread('parentB', {
            pupilId: h.world.pupilB.id,
            recipientUserId: h.world.users.deputy.id,
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('when the input is bad', () => {
    it('answers 400 with a localized message and writes nothing', async () => {
      const before = await counts();
      const self = await request(h.app)
        .post('/api/v1/threads')
        .set(await as('teacherOfClass'))
        .set('accept-language', 'ky')
        .send({ recipientUserId: h.world.users.teacherOfClass.id, subject: 'Тест', body: 'Тест' });
      expect(self.status).toBe(400);
      expect(JSON.parse(self.text).errors[0]).toMatchObject({
        path: 'recipientUserId',
        message: 'Өзүңүзгө кат жазууга болбойт.',
      });
      const long = await startThread('parentA', {
        recipientUserId: h.world.users.teacherOfClass.id,
        body: 'а'.repeat(2001),
      });
      expect(long.status).toBe(400);
      expect(JSON.parse(long.text).errors[0]).toMatchObject({ path: 'body', code: 'tooLong' });
      const empty = await startThread('parentA', {
        recipientUserId: h.world.users.teacherOfClass.id,
        subject: '   ',
      });
      expect(empty.status).toBe(400);
      const unknown = await startThread('parentA', { recipientUserId: 999_999 });
      expect(unknown.status).toBe(403);
      const wrongType = await startThread('parentA', { recipientUserId: 'teacher' });
      expect(wrongType.status).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it('keeps HTML- and SQL-looking text as plain text', async () => {
      const body = `<script>alert(1)</script> '; DROP TABLE message; --`;
      const res = await startThread('parentA', {
        recipientUserId: h.world.users.teacherOfClass.id,
        body,
      });
      expect(res.status).toBe(201);
      const stored = await h.db.prisma.message.findUniqueOrThrow({
        where: { id: res.body.message.id },
      });
      expect(stored.body).toBe(body);
    });
  });
});

describe('messaging.listThreads / getThread / postMessage', () => {
  const unreadOf = async (role: Role, threadId: number) => {
    const res = await request(h.app)
      .get('/api/v1/threads')
      .set(await as(role));
    expect(res.status).toBe(200);
    return (res.body as { id: number; unread: number }[]).find((t) => t.id === threadId)?.unread;
  };

  it('counts unread messages of others until the thread is opened', async () => {
    const started = await startThread('parentA', {
      pupilId: h.world.pupilA.id,
      recipientUserId: h.world.users.classTeacher.id,
      subject: 'Эртең',
    });
    const threadId = started.body.id as number;
    expect(await unreadOf('classTeacher', threadId)).toBe(1);
    expect(await unreadOf('parentA', threadId)).toBe(0);

    const opened = await request(h.app)
      .get(`/api/v1/threads/${threadId}`)
      .set(await as('classTeacher'));
    expect(opened.status).toBe(200);
    expect(opened.body.subject).toBe('Эртең');
    expect(opened.body.pupil).toMatchObject({ id: h.world.pupilA.id });
    expect(opened.body.participants.map((p: { role: string }) => p.role).sort()).toEqual([
      'CLASS_TEACHER',
      'PARENT',
    ]);
    expect(opened.body.messages).toHaveLength(1);
    expect(opened.text).not.toMatch(PHONES);
    expect(await unreadOf('classTeacher', threadId)).toBe(0);

    const before = await counts();
    const reply = await request(h.app)
      .post(`/api/v1/threads/${threadId}/messages`)
      .set(await as('classTeacher'))
      .send({ body: 'Саламатсызбы! Эртең саат 8:00дө.' });
    expect(reply.status).toBe(201);
    expect(await counts()).toEqual({
      ...before,
      messages: before.messages + 1,
      outbox: before.outbox + 1,
    });
    const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event).toMatchObject({
      type: 'message.posted',
      payload: { messageId: reply.body.id, threadId },
    });
    expect(await unreadOf('parentA', threadId)).toBe(1);
    expect(await unreadOf('classTeacher', threadId)).toBe(0);

    const list = await request(h.app)
      .get('/api/v1/threads')
      .set(await as('parentA'));
    expect(list.body[0]).toMatchObject({
      id: threadId,
      lastMessage: { id: reply.body.id, preview: 'Саламатсызбы! Эртең саат 8:00дө.' },
    });
  });

  describe('when someone outside the conversation asks', () => {
    it('does not show the thread, its messages, or let them post', async () => {
      const started = await startThread('parentA', {
        pupilId: h.world.pupilA.id,
        recipientUserId: h.world.users.teacherOfClass.id,
        body: 'Жеке суроо',
      });
      const threadId = started.body.id as number;
      for (const role of ['classTeacher', 'admin', 'parentB', 'pupilA', 'psychologist'] as const) {
        const res = await request(h.app)
          .get(`/api/v1/threads/${threadId}`)
          .set(await as(role));
        expect(res.status, role).toBe(404);
        expect(res.text).not.toContain('Жеке суроо');
        const list = await request(h.app)
          .get('/api/v1/threads')
          .set(await as(role));
        expect(list.body.map((t: { id: number }) => t.id)).not.toContain(threadId);
      }
      const before = await counts();
      const post = await request(h.app)
        .post(`/api/v1/threads/${threadId}/messages`)
        .set(await as('parentB'))
        .send({ body: 'Мен да' });
      expect(post.status).toBe(404);
      expect((await request(h.app).get(`/api/v1/threads/${threadId}`)).status).toBe(401);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the thread id is not a number', () => {
    it('answers 400', async () => {
      const res = await request(h.app)
        .get('/api/v1/threads/abc')
        .set(await as('parentA'));
      expect(res.status).toBe(400);
    });
  });
});

describe('messaging.listContacts', () => {
  it("offers a parent the child's teachers with subjects, the class teacher and the administration", async () => {
    const res = await request(h.app)
      .get('/api/v1/contacts')
      .query({ pupilId: h.world.pupilA.id })
      .set(await as('parentA'));
    expect(res.status).toBe(200);
    const ids = res.body.map((c: { id: number }) => c.id);
    const u = h.world.users;
    expect(ids.sort()).toEqual(
      [u.admin.id, u.deputy.id, u.teacherOfClass.id, u.classTeacher.id].sort(),
    );
    const math = res.body.find((c: { id: number }) => c.id === u.teacherOfClass.id);
    expect(math).toEqual({
      id: u.teacherOfClass.id,
      name: 'Teacher Бакыт',
      role: 'TEACHER',
      subjects: [expect.objectContaining({ nameKy: 'Математика' })],
    });
    expect(res.text).not.toMatch(PHONES);
  });

  it("offers a teacher the pupil's family and colleagues, and refuses a stranger's child", async () => {
    const res = await request(h.app)
      .get('/api/v1/contacts')
      .query({ pupilId: h.world.pupilA.id })
      .set(await as('teacherOfClass'));
    const u = h.world.users;
    expect(res.body.map((c: { id: number }) => c.id).sort()).toEqual(
      [u.parentA.id, u.pupilA.id, u.classTeacher.id, u.admin.id, u.deputy.id].sort(),
    );
    expect(res.body.find((c: { id: number }) => c.id === u.parentA.id)).toMatchObject({
      name: 'Асанова Гүлзат',
      role: 'PARENT',
    });
    expect(res.text).not.toMatch(PHONES);
    const other = await request(h.app)
      .get('/api/v1/contacts')
      .query({ pupilId: h.world.pupilB.id })
      .set(await as('parentA'));
    expect(other.status).toBe(403);
  });
});

describe('messaging.createAnnouncement', () => {
  const announce = async (role: Role, body: Record<string, unknown>, lang = 'ky') =>
    request(h.app)
      .post('/api/v1/announcements')
      .set(await as(role))
      .set('accept-language', lang)
      .send({
        title: 'Ата-энелер чогулушу',
        body: 'Жума күнү саат 18:00дө мектептин залында.',
        ...body,
      });

  describe('when a teacher announces to a class they teach', () => {
    it('writes the announcement, its audit entry and an announcement.posted event', async () => {
      const before = await counts();
      const res = await announce('teacherOfClass', {
        audience: 'CLASS',
        classGroupId: h.world.classA.id,
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        audience: 'CLASS',
        classGroupId: h.world.classA.id,
        author: { name: 'Teacher Бакыт', role: 'TEACHER' },
      });
      expect(res.text).not.toMatch(PHONES);
      expect(await counts()).toEqual({
        ...before,
        announcements: before.announcements + 1,
        outbox: before.outbox + 1,
      });
      const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(event).toMatchObject({
        type: 'announcement.posted',
        payload: { announcementId: res.body.id },
      });
      expect(
        await h.db.prisma.auditEntry.count({
          where: { action: 'announcement.create', entityId: String(res.body.id) },
        }),
      ).toBe(1);
    });
  });

  describe('when a teacher reaches beyond their classes', () => {
    it('answers 403 and writes nothing', async () => {
      const before = await counts();
      expect(
        (await announce('teacherOfClass', { audience: 'CLASS', classGroupId: h.world.classB.id }))
          .status,
      ).toBe(403);
      expect((await announce('teacherOfClass', { audience: 'SCHOOL' })).status).toBe(403);
      expect((await announce('classTeacher', { audience: 'PARALLEL', grade: 5 })).status).toBe(403);
      expect(
        (await announce('parentA', { audience: 'CLASS', classGroupId: h.world.classA.id })).status,
      ).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });

  describe('when the audience is incomplete or unknown', () => {
    it('answers 400 with a localized message and writes nothing', async () => {
      const before = await counts();
      const noClass = await announce('admin', { audience: 'CLASS' });
      expect(noClass.status).toBe(400);
      expect(JSON.parse(noClass.text).errors[0]).toMatchObject({
        path: 'classGroupId',
        code: 'required',
      });
      const noGrade = await announce('admin', { audience: 'PARALLEL', grade: 9 }, 'ru');
      expect(noGrade.status).toBe(400);
      expect(JSON.parse(noGrade.text).errors[0].message).toBe('В этой школе нет 9-х классов.');
      expect((await announce('admin', { audience: 'ROLE', role: 'JANITOR' })).status).toBe(400);
      expect((await announce('admin', { audience: 'EVERYONE' })).status).toBe(400);
      expect((await announce('admin', { audience: 'SCHOOL', title: 'x'.repeat(201) })).status).toBe(
        400,
      );
      expect(await counts()).toEqual(before);
    });
  });
});

describe('messaging.listAnnouncements', () => {
  const tag = `#${Date.now().toString(36)}`;
  const titles: Record<string, string> = {};

  beforeAll(async () => {
    const post = async (role: Role, name: string, audience: Record<string, unknown>) => {
      titles[name] = `${name} ${tag}`;
      const res = await request(h.app)
        .post('/api/v1/announcements')
        .set(await h.headersFor(role))
        .send({ title: titles[name], body: 'Маалымат', ...audience });
      expect(res.status, res.text).toBe(201);
    };
    await post('teacherOfClass', 'class5A', { audience: 'CLASS', classGroupId: h.world.classA.id });
    await post('admin', 'class6B', { audience: 'CLASS', classGroupId: h.world.classB.id });
    await post('deputy', 'parallel5', { audience: 'PARALLEL', grade: 5 });
    await post('deputy', 'parallel6', { audience: 'PARALLEL', grade: 6 });
    await post('admin', 'school', { audience: 'SCHOOL' });
    await post('admin', 'pupils', { audience: 'ROLE', role: 'PUPIL' });
    await post('admin', 'parents', { audience: 'ROLE', role: 'PARENT' });
    await post('admin', 'teachers', { audience: 'ROLE', role: 'TEACHER' });
  });

  const seen = async (role: Role, query: Record<string, string | number> = {}) => {
    const res = await request(h.app)
      .get('/api/v1/announcements')
      .query(query)
      .set(await as(role));
    expect(res.status, res.text).toBe(200);
    return (res.body as { title: string }[])
      .filter((a) => a.title.endsWith(tag))
      .map((a) => a.title.replace(` ${tag}`, ''))
      .sort();
  };

  it("shows a parent what reaches their child's class, parallel, school and parents", async () => {
    expect(await seen('parentA')).toEqual(['class5A', 'parallel5', 'parents', 'school']);
    expect(await seen('parentB')).toEqual(['class6B', 'parallel6', 'parents', 'school']);
    expect(await seen('parentA', { pupilId: h.world.pupilA.id })).toEqual([
      'class5A',
      'parallel5',
      'parents',
      'school',
    ]);
  });

  it('shows a pupil what reaches their class, parallel, school and pupils', async () => {
    expect(await seen('pupilA')).toEqual(['class5A', 'parallel5', 'pupils', 'school']);
  });

  it("shows staff all of their school's announcements, newest first", async () => {
    const all = [
      'class5A',
      'class6B',
      'parallel5',
      'parallel6',
      'parents',
      'pupils',
      'school',
      'teachers',
    ];
    expect(await seen('psychologist')).toEqual(all);
    expect(await seen('teacherOfOtherClass')).toEqual(all);
    const res = await request(h.app)
      .get('/api/v1/announcements')
      .set(await as('admin'));
    const ids = (res.body as { id: number }[]).map((a) => a.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("refuses another pupil's announcements", async () => {
    const res = await request(h.app)
      .get('/api/v1/announcements')
      .query({ pupilId: h.world.pupilB.id })
      .set(await as('parentA'));
    expect(res.status).toBe(403);
  });

  it('answers 401 to anonymous callers', async () => {
    expect((await request(h.app).get('/api/v1/announcements')).status).toBe(401);
  });
});
