import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../domain/actor.ts';
import {
  addLinkedGuardians,
  createPipelineHarness,
  spawnWorkerProcess,
  waitFor,
  type PipelineHarness,
} from './harness.ts';

const CONCURRENCY = 16;

let h: PipelineHarness;
const children: ChildProcess[] = [];
beforeAll(async () => {
  h = await createPipelineHarness({ windowMs: 0 });
  // The real worker/main.ts runs here with the default bot only.
  await h.db.prisma.botAccount.updateMany({ data: { isActive: false } });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await h.close();
});

const startWorkerProcess = () => {
  const child = spawnWorkerProcess(h, {
    env: {
      NOTIFY_RATE_PER_BOT: '150',
      NOTIFY_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'warn',
    },
  });
  children.push(child);
  return child;
};

describe('worker killed with SIGKILL in the middle of a 2,000-chat announcement', () => {
  it('after a restart every chat has it; a duplicate is possible only for a send in flight at the kill', async () => {
    const chats = await addLinkedGuardians(h, h.world.pupilA2.id, 2_000, 7_000_000, null);
    const first = startWorkerProcess();
    const admin = await loadActor(h.db.prisma, h.world.users.admin.id);
    await h.domain.messaging.createAnnouncement(admin, {
      audience: 'CLASS',
      classGroupId: h.world.classA.id,
      title: 'Мектеп жабык',
      body: 'Эртең суук болгондуктан сабак болбойт.',
    });
    const wanted = new Set(chats);
    const received = () =>
      new Set(h.fake.sent.filter((m) => wanted.has(m.chatId)).map((m) => m.chatId)).size;
    await waitFor(() => received() >= 500, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = received();
    expect(atKill).toBeLessThan(chats.length);

    startWorkerProcess();
    await waitFor(() => received() >= chats.length, 120_000);
    // Sends that were in flight at the kill are Telegram-accepted but not yet recorded: BullMQ
    // hands their stalled jobs out again (after its stalled-check interval), and they end SENT.
    const sentOf = () =>
      h.db.prisma.delivery.count({ where: { chatId: { in: chats.map(BigInt) }, status: 'SENT' } });
    await waitFor(async () => (await sentOf()) >= chats.length, 120_000);
    const counts = new Map<number, number>();
    for (const m of h.fake.sent) counts.set(m.chatId, (counts.get(m.chatId) ?? 0) + 1);
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    for (const chat of chats) expect(counts.get(chat) ?? 0).toBeGreaterThanOrEqual(1);
    // The crash window: Telegram accepted, the SENT row not yet committed — at most the sends in flight.
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    const sentRows = await h.db.prisma.delivery.count({
      where: { chatId: { in: chats.map(BigInt) }, status: 'SENT' },
    });
    expect(sentRows).toBe(chats.length);
    console.log(
      `kill -9 at ${atKill} of ${chats.length + 2} sent; duplicates after restart: ${duplicates}`,
    );
  }, 240_000);
});
