/**
 * The embedded database's door: every client connection of pglite-socket shares PGlite's ONE
 * backend session, so the order in which their protocol messages reach it decides what each sees.
 *
 * pglite-socket 0.2.17 queues single messages and keeps a connection's turn only while
 * `isInTransaction()`; between the Parse, Bind, Execute and Sync of an ordinary query the session
 * is not in a transaction block, so another connection's messages ran in between. Its ROLLBACK (or
 * error) then undid the first connection's already-answered INSERT, and its Parse replaced the
 * unnamed statement the first one was about to bind — lost sign-ins and links and wrong rows
 * (upstream issue electric-sql/pglite#1046; reproduced in scripts/test/pglite-session-queue.test.ts).
 * A throw inside PGlite also stopped its queue for good.
 *
 * This queue gives a connection the session from its first message until the session is idle
 * again: after a Sync or a simple Query that leaves no transaction block open (or a Terminate).
 * That is what PostgreSQL itself guarantees per connection; a transaction held open still makes
 * the others wait, so keep transactions short and never across network I/O.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface Item {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

export class SessionQueue {
  private queue: Item[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void) {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }

  getQueueLength() {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number) {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** A connection that left in the middle of its turn: roll back what it had begun, pass on. */
  async clearTransactionIfNeeded(handlerId: number) {
    if (this.owner !== handlerId) return;
    while (this.running) await new Promise((r) => setImmediate(r));
    if (this.owner !== handlerId) return;
    try {
      // Outside a block this only warns; inside one (or an aborted one) it ends it.
      await this.db.exec('ROLLBACK');
    } catch {
      // nothing to roll back
    }
    this.owner = null;
    void this.pump();
  }

  private next(): Item | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((item) => item.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async pump() {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        this.owner = item.handlerId;
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
          current.resolve(bytes);
        } catch (error) {
          current.reject(error);
        }
        const type = current.message[0];
        // A client that says goodbye inside a transaction: PostgreSQL would roll it back.
        if (type === TERMINATE && this.db.isInTransaction())
          await this.db.exec('ROLLBACK').catch(() => undefined);
        // A startup message (no type byte: it begins with its length), a finished query or sync
        // outside a transaction block, or a goodbye ends the turn.
        const ends =
          type === 0 ||
          type === TERMINATE ||
          ((type === SYNC || type === QUERY) && !this.db.isInTransaction());
        if (ends) this.owner = null;
      }
    } finally {
      this.running = false;
    }
  }
}

/**
 * Puts a `SessionQueue` in place of pglite-socket's own queue (before `start()`). The field is
 * internal to pglite-socket (pinned to 0.2.17 in package.json): if it moves, this fails loudly
 * rather than serving clients through the unsafe queue.
 */
export const installSessionQueue = (server: PGLiteSocketServer, db: PGlite) => {
  const internals = server as unknown as { queryQueue?: unknown };
  if (typeof internals.queryQueue !== 'object' || internals.queryQueue === null)
    throw new Error(
      'pglite-socket changed: no queryQueue to replace (see scripts/pglite-session-queue.ts)',
    );
  internals.queryQueue = new SessionQueue(db);
};
