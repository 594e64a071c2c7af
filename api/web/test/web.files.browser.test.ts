/**
 * The lesson page with files, the class teacher's pages (overview, link-code slips) and the
 * inbox/announcements, in real Chromium: a teacher posts homework with a PDF attached, a parent's
 * API call downloads that PDF and another class's parent cannot; a class teacher prints the slips
 * (one QR code per slip) and downloads the PDF; a teacher answers a parent from the inbox and the
 * parent reads the reply through the API; every page passes axe.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfBytes } from '../../../test/files.ts';
import {
  createWebHarness,
  expectAccessible,
  screenshot,
  type WebHarness,
} from '../../../test/web-harness.ts';

let h: WebHarness;
beforeAll(async () => {
  h = await createWebHarness();
}, 60_000);
afterAll(() => h.close());

const asBytes = (res: request.Response) => res.body as Buffer;
const binary = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

describe('the lesson page', () => {
  it('lets the teacher post homework in advance with a PDF attached; the parent downloads it', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'teacherOfClass');
    const lessonId = h.world.lessonA.id;
    await page.goto(`/journal/lessons/${lessonId}`);
    expect(await page.locator('h1').textContent()).toContain('Математика');
    await expectAccessible(page, 'lesson page');

    await page.fill('#topic', 'Бөлчөктөрдү кошуу жана кемитүү');
    await page.fill('#material', 'Окуу китеби, 52–54-беттер');
    await page.fill('#homework', '§14, 3-5-көнүгүүлөр');
    await page.fill('#homeworkDueOn', '2026-10-19');
    await page.click('details summary');
    await page.fill(`#ihw_${h.world.pupilA2.id}`, '2-көнүгүүнү кайра иштеп чык');
    await Promise.all([page.waitForURL(/saved=1/), page.click('form.lesson-form button.primary')]);
    expect(await page.locator('p.notice').textContent()).toBeTruthy();
    const lesson = await h.db.prisma.lesson.findUniqueOrThrow({ where: { id: lessonId } });
    expect(lesson).toMatchObject({
      topic: 'Бөлчөктөрдү кошуу жана кемитүү',
      homework: '§14, 3-5-көнүгүүлөр',
    });
    expect(lesson.homeworkDueOn?.toISOString().slice(0, 10)).toBe('2026-10-19');
    expect(
      await h.db.prisma.individualHomework.findMany({
        where: { lessonId },
        select: { pupilId: true },
      }),
    ).toEqual([{ pupilId: h.world.pupilA2.id }]);

    // The PDF, through the page's htmx upload.
    const pdf = pdfBytes('Бөлчөктөр');
    await page.selectOption('#target', 'HOMEWORK');
    await page.setInputFiles('#file', {
      name: 'Бөлчөктөр боюнча көнүгүүлөр.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await page.click('form.upload button[type=submit]');
    await page.locator('.files a', { hasText: 'Бөлчөктөр боюнча көнүгүүлөр.pdf' }).waitFor();
    await expectAccessible(page, 'lesson page with a file');
    await screenshot(page, 'lesson-page');

    const row = await h.db.prisma.attachment.findFirstOrThrow({ where: { lessonId } });
    expect(row).toMatchObject({ fileName: 'Бөлчөктөр боюнча көнүгүүлөр.pdf', target: 'HOMEWORK' });

    // A parent of the class, through the bot's API call: byte-identical.
    const parent = await binary(
      request(h.app)
        .get(`/api/v1/attachments/${row.id}`)
        .set(await h.headersFor('parentA')),
    );
    expect(parent.status).toBe(200);
    expect(Buffer.compare(asBytes(parent), pdf)).toBe(0);
    // Another class's parent cannot.
    const other = await request(h.app)
      .get(`/api/v1/attachments/${row.id}`)
      .set(await h.headersFor('parentB'));
    expect(other.status).toBe(403);

    // A program renamed .pdf is refused on the page, in Kyrgyz, and nothing is stored.
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    exe.writeUInt32LE(0x80, 0x3c);
    exe.write('PE\0\0', 0x80, 'latin1');
    await page.setInputFiles('#file', {
      name: 'көнүгүү.pdf',
      mimeType: 'application/pdf',
      buffer: exe,
    });
    await page.click('form.upload button[type=submit]');
    await page.locator('#upload-error').waitFor();
    expect(await page.locator('#upload-error').textContent()).toContain('Мындай түрдөгү файлды');
    expect(await h.db.prisma.attachment.count({ where: { lessonId } })).toBe(1);
  });

  it('takes the topic from the calendar-thematic plan', async () => {
    const w = h.world;
    const item = await h.db.prisma.planItem.create({
      data: {
        schoolId: w.school.id,
        yearId: w.year.id,
        subjectId: w.math.id,
        gradeLevelId: w.grade5.id,
        position: 7,
        topic: 'Ондук бөлчөктөр',
      },
    });
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, 'teacherOfClass');
    await page.goto(`/journal/lessons/${w.lessonA.id}`);
    await page.selectOption('#planItemId', String(item.id));
    await page.fill('#topic', '');
    await Promise.all([page.waitForURL(/saved=1/), page.click('form.lesson-form button.primary')]);
    const lesson = await h.db.prisma.lesson.findUniqueOrThrow({ where: { id: w.lessonA.id } });
    expect(lesson).toMatchObject({ planItemId: item.id, topic: 'Ондук бөлчөктөр' });
    expect(await page.inputValue('#topic')).toBe('Ондук бөлчөктөр');
  });

  it('refuses an upload without the CSRF token, storing nothing', async () => {
    const before = await h.db.prisma.attachment.count();
    const boundary = 'sabakboundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdfBytes(),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await request(h.app)
      .post(`/journal/lessons/${h.world.lessonA.id}/attachments`)
      .set(await h.headersFor('teacherOfClass'))
      .set('hx-request', 'true')
      .set('content-type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
    expect(res.status).toBe(403);
    expect(await h.db.prisma.attachment.count()).toBe(before);
  });

  it("refuses a teacher who does not teach the lesson's class", async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, 'teacherOfOtherClass');
    const res = await page.goto(`/journal/lessons/${h.world.lessonA.id}`);
    expect(res?.status()).toBe(403);
  });
});

describe("the class teacher's pages", () => {
  it('shows the class overview', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'classTeacher');
    await page.goto('/class');
    expect(new URL(page.url()).pathname).toBe(`/class/${h.world.classA.id}`);
    expect(await page.locator('h1').textContent()).toBe('5-А класс');
    expect(await page.locator('table.pupils tbody tr').count()).toBe(2);
    await expectAccessible(page, 'class overview');
    await screenshot(page, 'class-overview');
  });

  it('prints the link-code slips with one QR code per slip, and downloads the PDF', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'classTeacher');
    await page.goto(`/class/${h.world.classA.id}/slips`);
    await expectAccessible(page, 'slips form');
    await page.selectOption('#slipLang', 'ru');
    await Promise.all([page.waitForURL(/\/slips$/), page.click('button.primary')]);
    const slips = await page.locator('.slip').count();
    expect(slips).toBe(3);
    expect(await page.locator('.slip .qr svg').count()).toBe(slips);
    // The slips speak the chosen language; the codes are the ones just stored.
    expect(await page.locator('.slip-role').first().textContent()).toBe('Для самого ученика');
    const codes = (await page.locator('.slip-code').allTextContents()).map((c) =>
      c.replace('-', ''),
    );
    expect(codes).toHaveLength(3);
    await expectAccessible(page, 'slips sheet');
    await screenshot(page, 'class-slips');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`/class/${h.world.classA.id}/slips`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button.secondary'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('keeps a subject teacher out of the class pages', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'teacherOfClass');
    expect((await page.goto(`/class/${h.world.classA.id}`))?.status()).toBe(403);
    expect((await page.goto(`/class/${h.world.classA.id}/slips`))?.status()).toBe(403);
  });
});

describe('inbox and announcements', () => {
  it("answers a parent's message from the inbox; the parent reads the reply through the API", async () => {
    const started = await request(h.app)
      .post('/api/v1/threads')
      .set(await h.headersFor('parentA'))
      .send({
        pupilId: h.world.pupilA.id,
        recipientUserId: h.world.users.teacherOfClass.id,
        subject: 'Үй тапшырмасы',
        body: 'Саламатсызбы! Нурлан 3-көнүгүүнү түшүнгөн жок.',
      });
    expect(started.status, started.text).toBe(201);
    const threadId = started.body.id ?? started.body.threadId;

    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'teacherOfClass');
    await page.goto('/inbox');
    await expectAccessible(page, 'inbox');
    await screenshot(page, 'inbox');
    await Promise.all([page.waitForURL(/\/inbox\/\d+$/), page.click('.threads a')]);
    expect(await page.locator('.message-body').first().textContent()).toContain('3-көнүгүүнү');
    await page.fill('#body', 'Саламатсызбы! Эртең сабактан кийин түшүндүрүп берем.');
    await Promise.all([page.waitForURL(/sent=1/), page.click('#reply button.primary')]);
    await expectAccessible(page, 'thread');
    await screenshot(page, 'inbox-thread');

    const seen = await request(h.app)
      .get(`/api/v1/threads/${threadId}`)
      .set(await h.headersFor('parentA'));
    expect(seen.status).toBe(200);
    expect(seen.body.messages.map((m: { body: string }) => m.body)).toEqual([
      'Саламатсызбы! Нурлан 3-көнүгүүнү түшүнгөн жок.',
      'Саламатсызбы! Эртең сабактан кийин түшүндүрүп берем.',
    ]);
  });

  it('lets the class teacher write to a family from the class overview', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'classTeacher');
    await page.goto(`/class/${h.world.classA.id}`);
    await Promise.all([
      page.waitForURL(/\/inbox\/new\/\d+$/),
      page.click(`a[href="/inbox/new/${h.world.pupilA.id}"]`),
    ]);
    await expectAccessible(page, 'new message');
    await page.selectOption('#to', String(h.world.users.parentA.id));
    await page.fill('#subject', 'Ата-энелер чогулушу');
    await page.fill('#body', 'Урматтуу Гүлзат айым, жума күнү мектепке келип кетиңизчи.');
    await Promise.all([page.waitForURL(/\/inbox\/\d+\?sent=1/), page.click('button.primary')]);
    const threads = await request(h.app)
      .get('/api/v1/threads')
      .set(await h.headersFor('parentA'));
    expect(threads.body.map((t: { subject: string }) => t.subject)).toContain(
      'Ата-энелер чогулушу',
    );
  });

  it('posts an announcement to a class the teacher teaches and shows how many families it reached', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'teacherOfClass');
    await page.goto('/announcements');
    const options = await page.locator('#target option').allTextContents();
    expect(options).toEqual(['5-А класска']);
    await page.fill('#title', 'Ата-энелер чогулушу');
    await page.fill('#body', 'Жума күнү саат 18:00дө 5-А класста ата-энелер чогулушу болот.');
    await Promise.all([page.waitForURL(/posted=1/), page.click('button.primary')]);
    const created = await h.db.prisma.announcement.findFirstOrThrow({
      where: { title: 'Ата-энелер чогулушу' },
    });
    expect(created).toMatchObject({ audience: 'CLASS', classGroupId: h.world.classA.id });
    expect(await page.locator('.reach').first().textContent()).toBe(
      'Telegram аркылуу жетти: 0 / 2 үй-бүлө.',
    );
    await expectAccessible(page, 'announcements');
    await screenshot(page, 'announcements');
  });

  it('lets the administration address a parallel or the whole school', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'deputy');
    await page.goto('/announcements');
    const options = await page.locator('#target option').allTextContents();
    expect(options).toEqual([
      'Бүт мектепке',
      '5-класстардын баарына',
      '6-класстардын баарына',
      '5-А класска',
      '6-Б класска',
    ]);
    await page.selectOption('#target', 'grade:5');
    await page.fill('#title', 'Олимпиада');
    await page.fill('#body', '5-класстардын окуучулары үчүн математика олимпиадасы шейшемби күнү.');
    await Promise.all([page.waitForURL(/posted=1/), page.click('button.primary')]);
    expect(
      await h.db.prisma.announcement.findFirstOrThrow({ where: { title: 'Олимпиада' } }),
    ).toMatchObject({ audience: 'PARALLEL', grade: 5 });
  });
});

describe('on a 360-px phone', () => {
  it('the lesson page, the class overview and the inbox need no sideways scrolling', async () => {
    const overflow = `document.documentElement.scrollWidth - document.documentElement.clientWidth`;
    const teacher = await h.newPage({ lang: 'ky', width: 360 });
    await h.signIn(teacher, 'teacherOfClass');
    for (const path of [`/journal/lessons/${h.world.lessonA.id}`, '/inbox', '/announcements']) {
      await teacher.goto(path);
      expect(await teacher.evaluate<number>(overflow), path).toBeLessThanOrEqual(0);
    }
    await screenshot(teacher, 'lesson-page-phone-360');
    const leader = await h.newPage({ lang: 'ky', width: 360 });
    await h.signIn(leader, 'classTeacher');
    await leader.goto(`/class/${h.world.classA.id}`);
    expect(await leader.evaluate<number>(overflow)).toBeLessThanOrEqual(0);
    await screenshot(leader, 'class-overview-phone-360');
  });
});
