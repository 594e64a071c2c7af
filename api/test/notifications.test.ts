import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { TG } from '../../test/world.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

describe('GET /api/v1/announcements/:announcementId/delivery', () => {
  const post = async () => {
    const res = await request(h.app)
      .post('/api/v1/announcements')
      .set(await h.headersFor('teacherOfClass'))
      .send({
        audience: 'CLASS',
        classGroupId: h.world.classA.id,
        title: 'Экскурсия',
        body: 'Жума күнү музейге барабыз.',
      });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };

  it('counts the families addressed, linked and reached, and the chats by status', async () => {
    const id = await post();
    const event = await h.db.prisma.outboxEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await h.db.prisma.delivery.createMany({
      data: [
        { eventId: event.id, userId: h.world.users.parentA.id, chatId: TG.parentA, status: 'SENT' },
        {
          eventId: event.id,
          userId: h.world.users.pupilA.id,
          chatId: TG.pupilA,
          status: 'BLOCKED',
        },
      ],
    });
    const res = await request(h.app)
      .get(`/api/v1/announcements/${id}/delivery`)
      .set(await h.headersFor('teacherOfClass'));
    expect(res.status).toBe(200);
    // 5-А has two pupils; only pupil A's family has Telegram, and it got the message.
    expect(res.body).toEqual({
      announcementId: id,
      families: 2,
      familiesLinked: 1,
      familiesReached: 1,
      chats: { queued: 0, sent: 1, failed: 0, blocked: 1, skipped: 0 },
    });
  });

  it('refuses another teacher and a parent, and changes nothing', async () => {
    const id = await post();
    for (const role of ['teacherOfOtherClass', 'parentA'] as const) {
      const res = await request(h.app)
        .get(`/api/v1/announcements/${id}/delivery`)
        .set(await h.headersFor(role));
      expect(res.status).toBe(403);
    }
  });

  it('answers 404 for an announcement that does not exist', async () => {
    const res = await request(h.app)
      .get('/api/v1/announcements/999999/delivery')
      .set(await h.headersFor('admin'));
    expect(res.status).toBe(404);
  });
});
