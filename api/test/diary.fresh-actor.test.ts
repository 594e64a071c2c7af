/**
 * The diary's day and week may start from an actor the API process remembers (no round trip of
 * its own); the diary statement reads the actor afresh and decides on that. So a change of
 * access refuses the very next request, in the process that made it and in another API process
 * on the same database (whose memory nobody told).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, createSecondInstance, type ApiHarness } from '../../test/api-harness.ts';
import { TEST_NOW, TEST_PASSWORD } from '../../test/world.ts';
import { addParent, botHeaders } from './diary-factories.ts';

let h: ApiHarness;
let other: ReturnType<typeof createSecondInstance>;
const DATE = '2026-10-14';

beforeAll(async () => {
  h = await createApiHarness();
  other = createSecondInstance(h, () => TEST_NOW);
});

afterAll(async () => {
  await other?.domain.close();
  await h?.close();
});

const diary = (app: unknown, view: 'day' | 'week', pupilId: number, headers: object) =>
  request(app as Parameters<typeof request>[0])
    .get(`/api/v1/pupils/${pupilId}/diary/${view}?date=${DATE}`)
    .set(headers as Record<string, string>);

/** Both processes answer `status` for the day and the week. */
const expectEverywhere = async (pupilId: number, headers: object, status: number) => {
  for (const app of [h.app, other.app])
    for (const view of ['day', 'week'] as const)
      expect((await diary(app, view, pupilId, headers)).status, `${view}`).toBe(status);
};

/** A new parent of pupil A, linked to the bot as Telegram user `tg`. */
const parentOfPupilA = async (tg: bigint, lastName: string) => {
  const w = h.world;
  const parent = await addParent(h.db.prisma, w.school.id, tg, [w.pupilA.id], {
    lastName,
    firstName: 'Айгүл',
  });
  return { parent, headers: botHeaders(tg) };
};

const login = async (login: string | null) => {
  const res = await request(h.app)
    .post('/api/v1/auth/login')
    .send({ login, password: TEST_PASSWORD });
  expect(res.status).toBe(200);
  return { cookie: String(res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '' };
};

describe('the diary never acts on a remembered actor that lost its access', () => {
  it('serves repeated requests from the remembered actor', async () => {
    const w = h.world;
    const { headers } = await parentOfPupilA(9_100n, 'Асанова');
    const before = h.domain.auth.actorCacheStats()?.hits ?? 0;
    await expectEverywhere(w.pupilA.id, headers, 200);
    await expectEverywhere(w.pupilA.id, headers, 200);
    expect(h.domain.auth.actorCacheStats()?.hits ?? 0).toBeGreaterThan(before);
  });

  it('refuses the next request after the parent unlinks Telegram, in both processes', async () => {
    const w = h.world;
    const { headers } = await parentOfPupilA(9_101n, 'Токтогулова');
    await expectEverywhere(w.pupilA.id, headers, 200);
    const unlink = await request(h.app).delete('/api/v1/me/telegram').set(headers);
    expect(unlink.status).toBeLessThan(300);
    await expectEverywhere(w.pupilA.id, headers, 401);
  });

  it("refuses the next request once the guardian's access is withdrawn, in both processes", async () => {
    const w = h.world;
    const { headers, parent } = await parentOfPupilA(9_102n, 'Осмонова');
    await expectEverywhere(w.pupilA.id, headers, 200);
    await h.db.prisma.guardian.updateMany({
      where: { userId: parent.id },
      data: { grantedAt: null },
    });
    await expectEverywhere(w.pupilA.id, headers, 403);
  });

  it('refuses the next request after logout, in both processes', async () => {
    const w = h.world;
    const session = await login(w.users.deputy.login);
    const before = other.domain.auth.actorCacheStats()?.hits ?? 0;
    await expectEverywhere(w.pupilA.id, session, 200);
    expect(other.domain.auth.actorCacheStats()?.hits ?? 0).toBeGreaterThan(before);
    const out = await request(other.app).post('/api/v1/auth/logout').set(session);
    expect(out.status).toBeLessThan(300);
    await expectEverywhere(w.pupilA.id, session, 401);
  });

  it('refuses the next request of a staff member the director deactivates, in both processes', async () => {
    const w = h.world;
    const teacher = await login(w.users.classTeacher.login);
    await expectEverywhere(w.pupilA.id, teacher, 200);
    const director = await login(w.users.admin.login);
    const off = await request(h.app)
      .put(`/api/v1/schools/${w.school.id}/staff/${w.users.classTeacher.id}/active`)
      .set(director)
      .send({ active: false });
    expect(off.status).toBe(200);
    await expectEverywhere(w.pupilA.id, teacher, 401);
  });
});
