/**
 * Teachers' web journal in real Chromium: a teacher sets a password with a one-time code, signs
 * in, sees their day (with a substitution) and enters marks and attendance in the class journal
 * with the keyboard (checked in the database); bad values are refused inline in the reader's
 * language and save nothing; deleting a mark asks for a reason and keeps its history; another
 * teacher cannot open the page by URL; writes without the CSRF token are refused; every page
 * passes axe-core; a screenshot of each page is saved.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { dateOnly } from '../../../domain/dates.ts';
import { createI18n } from '../../../locales/i18n.ts';
import { TEST_PASSWORD } from '../../../test/world.ts';
import {
  createWebHarness,
  expectAccessible,
  screenshot,
  typeKeys,
  type WebHarness,
} from '../../../test/web-harness.ts';

// A browser on this small machine: each test walks several pages.
vi.setConfig({ testTimeout: 120_000 });

const i18n = createI18n();
/** The password the first test sets for `teacherOfClass` with a setup code. */
const NEW_PASSWORD = 'Жаңы-сырсөз-2026';
const ky = i18n.getFixedT('ky');
const ru = i18n.getFixedT('ru');

let h: WebHarness;
let journalUrl = '';
let oldLessonId = 0;
beforeAll(async () => {
  h = await createWebHarness();
  const { world } = h;
  const db = h.db.prisma;
  const q1 = world.terms[0];
  journalUrl = `/journal/${world.classA.id}/${world.math.id}?termId=${q1?.id}`;
  // Thursday 15 October: the teacher's own math lesson 1 in 5-А, and lesson 3 of 6-Б covered for
  // the other teacher.
  await db.timetableSlot.create({
    data: {
      classGroupId: world.classA.id,
      weekday: 4,
      lessonNumber: 1,
      subjectId: world.math.id,
      teacherId: world.users.teacherOfClass.id,
      room: '12',
      validFrom: dateOnly('2026-09-01'),
    },
  });
  await db.timetableSlot.create({
    data: {
      classGroupId: world.classB.id,
      weekday: 4,
      lessonNumber: 3,
      subjectId: world.math.id,
      teacherId: world.users.teacherOfOtherClass.id,
      validFrom: dateOnly('2026-09-01'),
    },
  });
  await db.substitution.create({
    data: {
      classGroupId: world.classB.id,
      date: dateOnly('2026-10-15'),
      lessonNumber: 3,
      subjectId: world.math.id,
      absentTeacherId: world.users.teacherOfOtherClass.id,
      substituteTeacherId: world.users.teacherOfClass.id,
      createdById: world.users.admin.id,
    },
  });
  // A lesson older than the school's late-entry window (7 days).
  oldLessonId = (
    await db.lesson.create({
      data: {
        classGroupId: world.classA.id,
        subjectId: world.math.id,
        teacherId: world.users.teacherOfClass.id,
        date: dateOnly('2026-09-21'),
        lessonNumber: 1,
        topic: 'Натурал сандар',
      },
    })
  ).id;
});
afterAll(() => h.close());

const cell = (page: Page, pupilId: number, lessonId: number) =>
  page.locator(`tr[data-pupil-id="${pupilId}"] td.cell[data-lesson-id="${lessonId}"]`);
const statusText = (page: Page) => page.locator('#journal-status').textContent();

describe('a teacher new to the web journal', () => {
  it('sets a password with a one-time code, sees their day and keeps the journal by keyboard', async () => {
    const { world } = h;
    const db = h.db.prisma;
    const reset = await request(h.app)
      .post(
        `/api/v1/schools/${world.school.id}/staff/${world.users.teacherOfClass.id}/reset-access`,
      )
      .set(await h.headersFor('admin'));
    expect(reset.status, reset.text).toBe(201);
    const code = reset.body.code as string;

    const page = await h.newPage({ lang: 'ky' });
    await page.goto('/login');
    await page.click(`text=${ky('web:login.setupLink')}`);
    expect(new URL(page.url()).pathname).toBe('/setup-password');
    await expectAccessible(page, 'setup-password');
    await screenshot(page, 'setup-password');
    // Too short: the domain's password rule, in Kyrgyz, and the code is not used up.
    await page.fill('#code', code);
    await page.fill('#newPassword', 'кыска');
    await page.fill('#confirm', 'кыска');
    await page.click('button.primary');
    await expect
      .poll(() => page.locator('.error').textContent())
      .toBe(ky('errors:validation.tooShort', { min: 10 }));
    await page.fill('#code', code);
    await page.fill('#newPassword', NEW_PASSWORD);
    await page.fill('#confirm', NEW_PASSWORD);
    await Promise.all([page.waitForURL('**/day'), page.click('button.primary')]);

    // My day: own lesson and the covered one, with what is missing.
    const lessons = page.locator('ol.lessons > li');
    await expect.poll(() => lessons.count()).toBe(2);
    expect(await lessons.nth(0).textContent()).toContain(ky('web:day.noAttendance'));
    expect(await lessons.nth(0).textContent()).toContain(ky('web:day.noTopic'));
    expect(await lessons.nth(0).textContent()).toContain(ky('web:day.noHomework'));
    expect(await lessons.nth(1).textContent()).toContain(ky('web:day.substitution'));
    expect(await lessons.nth(1).textContent()).toContain('6-Б');
    await expectAccessible(page, 'day');
    await screenshot(page, 'day');

    // The class journal of 5-А, math, first quarter.
    await page.goto(journalUrl);
    await expectAccessible(page, 'journal');
    const lessonA = world.lessonA.id;
    await cell(page, world.pupilA.id, lessonA).click();
    await typeKeys(page, '5');
    await page.keyboard.press('Enter');
    await expect.poll(() => statusText(page)).toBe(ky('web:journal.saved'));
    await expect.poll(() => cell(page, world.pupilA.id, lessonA).textContent()).toBe('5');
    const marks = await db.mark.findMany({ where: { lessonId: lessonA, deletedAt: null } });
    expect(marks.map((m) => [m.pupilId, m.value, m.kind])).toEqual([[world.pupilA.id, 5, 'ORAL']]);
    // The focus moved down to the next pupil: absent ("кж").
    await typeKeys(page, 'кж');
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        db.attendance.findFirst({ where: { lessonId: lessonA, pupilId: world.pupilA2.id } }),
      )
      .toMatchObject({ status: 'ABSENT' });
    await expect
      .poll(() => cell(page, world.pupilA2.id, lessonA).textContent())
      .toBe(ky('common:attendanceLetter.ABSENT'));
    // Up again, late by 10 minutes.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await typeKeys(page, 'кеч10');
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        db.attendance.findFirst({ where: { lessonId: lessonA, pupilId: world.pupilA.id } }),
      )
      .toMatchObject({ status: 'LATE', lateMinutes: 10 });
    await expect
      .poll(() => page.locator(`tr[data-pupil-id="${world.pupilA.id}"] td.avg`).textContent())
      .toBe('5.00');
    // The quarter's final mark, typed in its column like a mark: refused before the quarter ends
    // (the school's rule, said in place), taken once the school allows early finals.
    const finalCell = page.locator(`tr[data-pupil-id="${world.pupilA.id}"] td.final`);
    await finalCell.click();
    await typeKeys(page, '5');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => statusText(page))
      .toBe(ky('errors:validation.termNotEnded', { endsOn: '2026-10-31' }));
    expect(await db.finalMark.count()).toBe(0);
    await db.school.update({ where: { id: world.school.id }, data: { allowEarlyFinals: true } });
    await finalCell.click();
    await typeKeys(page, '5');
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        db.finalMark.findFirst({
          where: { pupilId: world.pupilA.id, termId: world.terms[0]?.id, withdrawnAt: null },
        }),
      )
      .toMatchObject({ value: 5 });
    await expect
      .poll(() => page.locator(`tr[data-pupil-id="${world.pupilA.id}"] td.final`).textContent())
      .toBe('5');
    await screenshot(page, 'journal');
  });

  it('refuses a value outside the scale inline, in the reader’s language, and saves nothing', async () => {
    const { world } = h;
    const db = h.db.prisma;
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, 'classTeacher');
    // The class teacher teaches Kyrgyz in 5-А: an out-of-scale mark there.
    const lesson = await db.lesson.create({
      data: {
        classGroupId: world.classA.id,
        subjectId: world.kyrgyz.id,
        teacherId: world.users.classTeacher.id,
        date: dateOnly('2026-10-13'),
        lessonNumber: 4,
      },
    });
    await page.goto(`/journal/${world.classA.id}/${world.kyrgyz.id}?termId=${world.terms[0]?.id}`);
    await cell(page, world.pupilA.id, lesson.id).click();
    await typeKeys(page, '9');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => statusText(page))
      .toBe(ru('errors:validation.markOutOfScale', { min: 2, max: 5 }));
    expect(await db.mark.count({ where: { lessonId: lesson.id } })).toBe(0);
    // Late without minutes: the domain's rule, in Russian.
    await typeKeys(page, 'оп');
    await page.keyboard.press('Enter');
    await expect.poll(() => statusText(page)).toBe(ru('errors:validation.lateMinutesRequired'));
    expect(await db.attendance.count({ where: { lessonId: lesson.id } })).toBe(0);
    await screenshot(page, 'journal-refused-ru');
  });

  it('asks for a reason on an old lesson and for a deletion, and keeps the history', async () => {
    const { world } = h;
    const db = h.db.prisma;
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'teacherOfClass', NEW_PASSWORD);
    await page.goto(journalUrl);
    const old = cell(page, world.pupilA2.id, oldLessonId);
    await old.click();
    await typeKeys(page, '4');
    await page.keyboard.press('Enter');
    await expect.poll(() => statusText(page)).toBe(ky('errors:JOURNAL_LOCKED', { days: 7 }));
    expect(await db.mark.count({ where: { lessonId: oldLessonId } })).toBe(0);
    // The full form: value with a reason.
    await old.focus();
    await page.keyboard.press('Enter');
    await page.locator('#cell-dialog[open]').waitFor();
    await expectAccessible(page, 'journal cell form');
    await page.fill('#new-value', '4');
    await page.fill('#new-reason', 'Ооруканада болгон, кийин тапшырды');
    await page.click(`#cell-dialog button:has-text("${ky('web:journal.saveMark')}")`);
    await expect
      .poll(() => db.mark.count({ where: { lessonId: oldLessonId, deletedAt: null } }))
      .toBe(1);
    // Delete it: the reason is required; the history stays.
    await old.focus();
    await page.keyboard.press('Delete');
    await page.locator('#cell-dialog[open]').waitFor();
    await screenshot(page, 'journal-cell-dialog');
    const mark = await db.mark.findFirstOrThrow({ where: { lessonId: oldLessonId } });
    await page.fill(`#d-${mark.id}`, 'Ката коюлган');
    await page.click(`#cell-dialog button:has-text("${ky('web:journal.deleteMark')}")`);
    await expect
      .poll(async () => (await db.mark.findUniqueOrThrow({ where: { id: mark.id } })).deleteReason)
      .toBe('Ката коюлган');
    await expect.poll(() => old.textContent()).toBe('');
    await old.focus();
    await page.keyboard.press('Enter');
    await page.locator('#cell-dialog[open]').waitFor();
    const dialog = await page.locator('#cell-dialog').textContent();
    expect(dialog).toContain(ky('web:journal.deleted'));
    expect(dialog).toContain('Ката коюлган');
    expect(dialog).toContain('Ооруканада болгон');
  });
});

describe('access', () => {
  it("another teacher gets a refusal page for 5-А's math journal and sees none of it", async () => {
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'teacherOfOtherClass');
    const res = await page.goto(journalUrl);
    expect(res?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe(ky('web:error.forbiddenTitle'));
    const html = await page.content();
    expect(html).not.toContain(h.world.pupilA.lastName);
    expect(html).not.toContain(h.world.pupilA2.lastName);
    await expectAccessible(page, 'forbidden');
    await screenshot(page, 'journal-forbidden');
    // The cell form and a save are refused the same way, and write nothing.
    const cellRes = await page.request.get(
      `/journal/${h.world.classA.id}/${h.world.math.id}/cell?lessonId=${h.world.lessonA.id}&pupilId=${h.world.pupilA.id}`,
      { headers: { accept: 'application/json' } },
    );
    expect(cellRes.status()).toBe(403);
    expect(await cellRes.text()).not.toContain(h.world.pupilA.lastName);
  });

  it('an expired session goes back to sign-in with a message', async () => {
    const page = await h.newPage({ lang: 'en' });
    await h.signIn(page, 'deputy');
    await h.db.prisma.session.updateMany({
      where: { userId: h.world.users.deputy.id },
      data: { expiresAt: new Date('2026-01-01T00:00:00Z') },
    });
    await page.goto('/day');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('.error').textContent()).toBe(
      i18n.getFixedT('en')('web:login.expired'),
    );
  });
});

describe('CSRF', () => {
  it('refuses a form post and an htmx request without the token, writing nothing', async () => {
    const { world } = h;
    const db = h.db.prisma;
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'teacherOfClass', NEW_PASSWORD);
    const before = await db.mark.count();
    const url = `/journal/${world.classA.id}/${world.math.id}/marks`;
    const form = {
      lessonId: String(world.lessonA.id),
      pupilId: String(world.pupilA2.id),
      value: '3',
      kind: 'WRITTEN',
    };
    const plain = await page.request.post(url, { form });
    expect(plain.status()).toBe(403);
    expect(await plain.text()).toContain(ky('web:csrf.title'));
    const htmx = await page.request.post(url, {
      form,
      headers: { 'hx-request': 'true', 'x-csrf-token': 'forged.value' },
    });
    expect(htmx.status()).toBe(403);
    expect((await htmx.json()).detail).toBe(ky('errors:badCsrfToken'));
    const password = await page.request.post('/password', {
      form: {
        currentPassword: TEST_PASSWORD,
        newPassword: 'бөлөк-сырсөз-99',
        confirm: 'бөлөк-сырсөз-99',
      },
    });
    expect(password.status()).toBe(403);
    expect(await db.mark.count()).toBe(before);
    // With the page's token the same request is accepted.
    await page.goto(journalUrl);
    const token = JSON.parse((await page.getAttribute('body', 'hx-headers')) ?? '{}')[
      'x-csrf-token'
    ];
    const ok = await page.request.post(url, {
      form,
      headers: { 'x-csrf-token': token, accept: 'application/json' },
    });
    expect(ok.status(), await ok.text()).toBe(200);
    expect(await db.mark.count()).toBe(before + 1);
  });
});

describe('page input', () => {
  it('refuses NUL text and ids that are not canonical in a posted form, writing nothing', async () => {
    const { world } = h;
    const db = h.db.prisma;
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'teacherOfClass', NEW_PASSWORD);
    await page.goto(journalUrl);
    const token = JSON.parse((await page.getAttribute('body', 'hx-headers')) ?? '{}')[
      'x-csrf-token'
    ];
    const before = await db.mark.count();
    const url = `/journal/${world.classA.id}/${world.math.id}/marks`;
    const form = {
      lessonId: String(world.lessonA.id),
      pupilId: String(world.pupilA2.id),
      value: '3',
      kind: 'WRITTEN',
    };
    const headers = { 'x-csrf-token': token, accept: 'application/json' };
    const nul = await page.request.post(url, {
      form: { ...form, comment: 'a\u0000b' },
      headers: { ...headers, 'hx-request': 'true' },
    });
    expect(nul.status()).toBe(400);
    expect(await nul.text()).toContain(ky('errors:validation.invalidText'));
    for (const pupilId of [` ${world.pupilA2.id}`, `0${world.pupilA2.id}`, '0x10', '1e1']) {
      const res = await page.request.post(url, {
        form: { ...form, pupilId },
        headers: { ...headers, 'hx-request': 'true' },
      });
      expect(res.status(), pupilId).toBe(400);
    }
    const path = await page.request.get(`/journal/0${world.classA.id}/${world.math.id}`);
    expect(path.status()).toBe(404);
    expect(await db.mark.count()).toBe(before);
  });
});

describe('passwords', () => {
  it('changes the password (rules apply) and limits wrong sign-ins', async () => {
    const page = await h.newPage({ lang: 'ky' });
    await h.signIn(page, 'psychologist');
    await page.goto('/password');
    await expectAccessible(page, 'password');
    await page.fill('#currentPassword', TEST_PASSWORD);
    await page.fill('#newPassword', 'Психолог-сырсөз-77');
    await page.fill('#confirm', 'Психолог-сырсөз-77');
    await page.click('button.primary');
    await expect.poll(() => page.locator('.notice').textContent()).toBe(ky('web:password.done'));
    await screenshot(page, 'password');
    // Wrong passwords: refused, then rate-limited (10 failures of one account per address).
    const other = await h.newPage({ lang: 'ky' });
    let last = '';
    for (let i = 0; i < 11; i++) {
      await other.goto('/login');
      await other.fill('#login', h.world.users.psychologist.login ?? '');
      await other.fill('#password', `туура-эмес-${i}`);
      await other.click('button.primary');
      last = (await other.locator('.error').textContent()) ?? '';
    }
    expect(last).toBe(ky('errors:RATE_LIMITED'));
    await screenshot(other, 'login-rate-limited');
  });
});
