/**
 * The embedded database under concurrent clients: several pools write, read and roll back at once
 * on PGlite's one backend. Before the session queue (scripts/pglite-session-queue.ts), this lost
 * answered INSERTs and returned other connections' rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../scripts/embedded-db.ts';

let dir: string;
let embedded: EmbeddedPostgres;
const pools: pg.Pool[] = [];
const pool = (max: number) => {
  const p = new pg.Pool({ connectionString: embedded.url, max });
  pools.push(p);
  return p;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sabak-pglite-'));
  embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'db'), port: 0 });
  await pool(1).query('CREATE TABLE t (id serial PRIMARY KEY, v int NOT NULL)');
}, 60_000);

afterAll(async () => {
  for (const p of pools) await p.end();
  await embedded.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('embedded PostgreSQL with several connections', () => {
  it('keeps every answered write and every answer its own while others roll back and fail', async () => {
    const writers = pool(3);
    const noisy = pool(3);
    let stop = false;
    let noiseRounds = 0;
    const noise = (async () => {
      while (!stop) {
        await Promise.all(
          [0, 1, 2].map(async (n) => {
            const c = await noisy.connect();
            try {
              await c.query('BEGIN');
              await c.query('INSERT INTO t (v) VALUES ($1)', [-1]);
              await new Promise((r) => setTimeout(r, 1));
              if (n === 2) await c.query('SELECT 1 / $1::int', [0]).catch(() => undefined);
              await c.query('ROLLBACK');
              await c.query('SELECT $1::int + 1 AS x', [n]);
              noiseRounds++;
            } finally {
              c.release();
            }
          }),
        );
      }
    })();
    const answered: number[] = [];
    const wrong: string[] = [];
    await Promise.all(
      [0, 1, 2].map(async (w) => {
        for (let i = 0; i < 150; i++) {
          const v = w * 1_000 + i;
          const { rows } = await writers.query<{ v: number }>(
            'INSERT INTO t (v) VALUES ($1) RETURNING v',
            [v],
          );
          if (rows[0]?.v !== v) wrong.push(`${v} → ${JSON.stringify(rows)}`);
          answered.push(v);
        }
      }),
    );
    stop = true;
    await noise;
    expect(noiseRounds).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
    const { rows } = await writers.query<{ v: number }>('SELECT v FROM t ORDER BY v');
    expect(rows.map((r) => r.v)).toEqual([...answered].sort((a, b) => a - b));
  }, 60_000);

  it('a connection that drops inside a transaction leaves nothing behind and blocks no one', async () => {
    const p = pool(2);
    const c = await p.connect();
    await c.query('BEGIN');
    await c.query('INSERT INTO t (v) VALUES ($1)', [424242]);
    c.release(true); // the socket closes with the transaction open
    const { rows } = await p.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM t WHERE v = $1',
      [424242],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
