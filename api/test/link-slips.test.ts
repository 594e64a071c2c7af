/**
 * Link-code slips (R3): one per guardian and per pupil of a class, with the bot's deep link, as
 * JSON and as an A4 PDF whose text (read back with pdf.js) keeps the Kyrgyz letters.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLinkCode } from '../../domain/accounts/link-code-format.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness({ botUsername: 'sabak_demo_bot' });
});
afterAll(() => h.close());

const slips = async (role: 'classTeacher' | 'teacherOfClass' | 'parentA', body: object = {}) =>
  request(h.app)
    .post(`/api/v1/classes/${h.world.classA.id}/link-slips`)
    .set(await h.headersFor(role))
    .send(body);

/** Every text item of every page, and the number of pages. */
const pdfText = async (data: Buffer) => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), disableFontFace: true })
    .promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  return { text: parts.join(' '), pages: doc.numPages };
};

describe('link-code slips of a class (POST /classes/:classGroupId/link-slips)', () => {
  it("gives the class teacher one slip per pupil and per guardian, with the bot's deep link", async () => {
    const res = await slips('classTeacher');
    expect(res.status, res.text).toBe(201);
    expect(res.body.className).toBe('5-А');
    expect(res.body.botUsername).toBe('sabak_demo_bot');
    const got = res.body.slips.map((s: { kind: string; holder: { lastName: string } }) => [
      s.kind,
      s.holder.lastName,
    ]);
    // Pupils in Kyrgyz alphabetical order, each pupil's own slip before their guardians'.
    expect(got).toEqual([
      ['PUPIL', 'Асанов'],
      ['PARENT', 'Асанова'],
      ['PUPIL', 'Өмүрбекова'],
    ]);
    for (const slip of res.body.slips) {
      expect(slip.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
      expect(slip.deepLink).toBe(`https://t.me/sabak_demo_bot?start=${slip.code}`);
      expect(slip.className).toBe('5-А');
      const stored = await h.db.prisma.linkCode.findUnique({
        where: { codeHash: hashLinkCode(slip.code) },
      });
      expect(stored).toMatchObject({ usedAt: null, role: slip.kind });
    }
    expect(res.body.withoutGuardian).toEqual([expect.objectContaining({ lastName: 'Өмүрбекова' })]);
  });

  it("uses the school's own bot when it has one", async () => {
    const bot = await h.db.prisma.botAccount.create({
      data: { schoolId: h.world.school.id, username: 'mektep_abdyldaev_bot', tokenEncrypted: 'x' },
    });
    const res = await slips('classTeacher', { include: 'PUPILS' });
    expect(res.body.slips).toHaveLength(2);
    expect(res.body.slips[0].deepLink).toMatch(/^https:\/\/t\.me\/mektep_abdyldaev_bot\?start=/);
    await h.db.prisma.botAccount.delete({ where: { id: bot.id } });
  });

  it('refuses a subject teacher and a parent of the class (403), writing no code', async () => {
    const before = await h.db.prisma.linkCode.count();
    expect((await slips('teacherOfClass')).status).toBe(403);
    expect((await slips('parentA')).status).toBe(403);
    expect(await h.db.prisma.linkCode.count()).toBe(before);
  });

  it('prints the slips as an A4 PDF with the Kyrgyz letters, the names and every code', async () => {
    const res = await request(h.app)
      .post(`/api/v1/classes/${h.world.classA.id}/link-slips/pdf`)
      .set(await h.headersFor('classTeacher'))
      .set('accept-language', 'ky')
      .send({})
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/pdf');
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = await pdfText(body);
    expect(pages).toBe(1);
    for (const letter of ['ң', 'ө', 'ү']) expect(text).toContain(letter);
    expect(text).toContain('Өмүрбекова Айзада Талант кызы');
    expect(text).toContain('Асанова Гүлзат');
    expect(text).toContain('@sabak_demo_bot');
    // The codes just issued (the latest unused ones of this class) are printed, grouped 4-4.
    const squeezed = text.replace(/\s+/g, '');
    const codes = await h.db.prisma.linkCode.findMany({
      where: { pupil: { classGroupId: h.world.classA.id }, usedAt: null },
      orderBy: { id: 'desc' },
      take: 3,
    });
    expect(codes).toHaveLength(3);
    const printed = [...squeezed.matchAll(/([A-HJ-NP-Z2-9]{4})-([A-HJ-NP-Z2-9]{4})/g)].map(
      (m) => `${m[1]}${m[2]}`,
    );
    expect(printed).toHaveLength(3);
    expect(printed.map(hashLinkCode).sort()).toEqual(codes.map((c) => c.codeHash).sort());
  });
});
