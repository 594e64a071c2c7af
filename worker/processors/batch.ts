/**
 * Collects items for a few milliseconds and hands them to `flush` together: one database
 * statement for many Telegram sends. Each `add` resolves once its batch is stored; a failing
 * flush (the database restarting) is retried with a growing pause rather than failing the job —
 * a job that failed after Telegram accepted its message would send it again.
 */
export const createBatcher = <T>(
  flush: (items: T[]) => Promise<void>,
  { maxWaitMs = 5, maxSize = 200, giveUpAfterMs = 60_000 } = {},
) => {
  let pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const run = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await flush(batch.map((b) => b.item));
        for (const b of batch) b.resolve();
        return;
      } catch (error) {
        if (Date.now() - started > giveUpAfterMs) {
          for (const b of batch) b.reject(error);
          return;
        }
        await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt)));
      }
    }
  };
  return {
    add: (item: T) =>
      new Promise<void>((resolve, reject) => {
        pending.push({ item, resolve, reject });
        if (pending.length >= maxSize) void run();
        else timer ??= setTimeout(() => void run(), maxWaitMs);
      }),
  };
};
