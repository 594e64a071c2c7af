import type { DomainDeps } from '../deps.ts';

/**
 * Moves committed outbox events to the queue, with no transaction open across the publish: reads
 * the oldest unpublished events (one statement), calls `publish` with their ids, then marks them
 * published (one statement). If `publish` throws (Redis down), nothing is marked and the same
 * events go next time; if the process dies after publishing, or two relays read the same rows,
 * they are published again under the same job ids, which the queue and the fan-out both dedupe.
 * (An earlier version held a transaction with FOR UPDATE across the publish: on the embedded
 * database's single backend that made every other client wait for Redis.) Events older than
 * `maxAgeMs` are marked without publishing: a worker started on an old database does not replay
 * history.
 * @returns how many events were read (published or skipped as old)
 */
export const relayOutbox = async (
  { db, now }: DomainDeps,
  publish: (eventIds: number[]) => Promise<void>,
  options: { limit?: number; maxAgeMs?: number } = {},
): Promise<number> => {
  const { limit = 500, maxAgeMs = 24 * 3_600_000 } = options;
  const at = now();
  const rows = await db.outboxEvent.findMany({
    where: { publishedAt: null },
    orderBy: { id: 'asc' },
    take: limit,
    select: { id: true, createdAt: true },
  });
  if (rows.length === 0) return 0;
  const cutoff = at.getTime() - maxAgeMs;
  const fresh = rows.filter((r) => r.createdAt.getTime() >= cutoff).map((r) => r.id);
  if (fresh.length > 0) await publish(fresh);
  await db.outboxEvent.updateMany({
    where: { id: { in: rows.map((r) => r.id) }, publishedAt: null },
    data: { publishedAt: at },
  });
  return rows.length;
};
