import type { DomainDeps } from '../deps.ts';

/**
 * Moves committed outbox events to the queue: locks up to `limit` unpublished events (SKIP LOCKED,
 * so several relays share the work), calls `publish` with their ids and marks them published in
 * the same transaction. If `publish` throws (Redis down), nothing is marked and the same events
 * go next time; if the commit fails after publishing, they go again under the same job ids, which
 * the queue and the fan-out both dedupe. Events older than `maxAgeMs` are marked without
 * publishing: a worker started on an old database does not replay history.
 * @returns how many events were published
 */
export const relayOutbox = async (
  { db, now }: DomainDeps,
  publish: (eventIds: number[]) => Promise<void>,
  options: { limit?: number; maxAgeMs?: number } = {},
): Promise<number> => {
  const { limit = 500, maxAgeMs = 24 * 3_600_000 } = options;
  const at = now();
  await db.outboxEvent.updateMany({
    where: { publishedAt: null, createdAt: { lt: new Date(at.getTime() - maxAgeMs) } },
    data: { publishedAt: at },
  });
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM outbox_event WHERE published_at IS NULL
        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      await publish(ids);
      await tx.outboxEvent.updateMany({ where: { id: { in: ids } }, data: { publishedAt: at } });
      return ids.length;
    },
    { timeout: 60_000 },
  );
};
