/**
 * A bot account with paid broadcast: its messages go with allow_paid_broadcast at its own rate,
 * above the free 30/s (the fake lets paid sends through, as Telegram does for Stars), while the
 * free bot keeps to its limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../domain/actor.ts';
import { createBotSender } from '../telegram/bots.ts';
import {
  addLinkedGuardians,
  createPipelineHarness,
  TOKEN_A,
  TOKEN_B,
  waitFor,
  type PipelineHarness,
} from './harness.ts';

let h: PipelineHarness;
beforeAll(async () => {
  h = await createPipelineHarness({ windowMs: 0, fakeRate: 30 });
});
afterAll(() => h.close());

describe('paid broadcast per bot account', () => {
  it('the paid bot sends with allow_paid_broadcast at its own rate; the free bot does not', async () => {
    await h.db.prisma.botAccount.update({
      where: { id: h.botB },
      data: { allowPaidBroadcast: true, paidRatePerSecond: 200 },
    });
    const [account] = (await h.domain.notifications.listBotAccounts('ab'.repeat(32))).filter(
      (a) => a.id === h.botB,
    );
    expect(account).toMatchObject({ ratePerSecond: 200, allowPaidBroadcast: true });
    const paid = await addLinkedGuardians(h, h.world.pupilB.id, 150, 800_000, h.botB);
    const free = await addLinkedGuardians(h, h.world.pupilA2.id, 20, 900_000, null);
    await h.start({
      ratePerBot: 25,
      bots: [
        createBotSender(null, TOKEN_A, h.fake.apiRoot),
        createBotSender(h.botB, TOKEN_B, h.fake.apiRoot, {
          ratePerSecond: account?.ratePerSecond,
          allowPaidBroadcast: account?.allowPaidBroadcast,
        }),
      ],
    });
    const admin = await loadActor(h.db.prisma, h.world.users.admin.id);
    await h.domain.messaging.createAnnouncement(admin, {
      audience: 'SCHOOL',
      title: 'Эртең сабак жок',
      body: 'Суук болгондуктан мектеп жабык.',
    });
    const got = (chats: number[]) => chats.filter((c) => h.fake.sentTo(c).length > 0).length;
    await waitFor(() => got(paid) === paid.length && got(free) === free.length, 30_000);
    const paidSent = h.fake.sent.filter((m) => m.token === TOKEN_B);
    expect(paidSent.every((m) => m.paidBroadcast)).toBe(true);
    expect(h.fake.sent.filter((m) => m.token === TOKEN_A).some((m) => m.paidBroadcast)).toBe(false);
    // Paced at 200/s, yet not one 429: every send carried the paid flag.
    expect(h.fake.requests.get(TOKEN_B)).toBe(paidSent.length);
    for (const chat of [...paid, ...free]) expect(h.fake.sentTo(chat)).toHaveLength(1);
  }, 60_000);
});
