/**
 * The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) with its data
 * directory on disk, served on a loopback port by pglite-socket, so the normal node-postgres
 * clients (Prisma's adapter-pg, the wasm migration engine) connect to it like to any PostgreSQL.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { installSessionQueue } from './pglite-session-queue.ts';

export interface EmbeddedPostgresOptions {
  /** Data directory (created on first start). */
  dataDir: string;
  port: number;
  /** Loopback only by default: the embedded database has no password. */
  host?: string;
  /** Concurrent client connections the socket server multiplexes onto PGlite (default 10). */
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** Stops accepting connections and shuts PostgreSQL down cleanly (a checkpoint, no recovery next time). */
  stop: () => Promise<void>;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** One process per data directory: two PGlite instances on one directory would corrupt it. */
const takeLock = async (lockFile: string) => {
  const previous = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
  if (previous && previous !== process.pid && isAlive(previous)) {
    throw new Error(
      `Another Sabak process (pid ${previous}) is using ${path.dirname(lockFile)}. Stop it first, or set SABAK_DATA_DIR to another folder.`,
    );
  }
  await writeFile(lockFile, String(process.pid));
};

/** Starts PGlite on `dataDir` and serves it on `host:port`. */
export const startEmbeddedPostgres = async (
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> => {
  const host = options.host ?? '127.0.0.1';
  await mkdir(options.dataDir, { recursive: true });
  const lockFile = `${options.dataDir}.pid`;
  await takeLock(lockFile);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(options.dataDir);
    const server = new PGLiteSocketServer({
      db,
      host,
      port: options.port,
      maxConnections: options.maxConnections ?? 10,
    });
    // One connection's query or transaction at a time on the one backend (see that file).
    installSessionQueue(server, db);
    await server.start().catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE'
        ? new Error(`Port ${options.port} is taken; set PGLITE_PORT to a free port.`)
        : error;
    });
    const pglite = db;
    // Port 0 takes a free one (tests).
    const port = options.port || Number(server.getServerConn().split(':').at(-1));
    let stopped = false;
    return {
      url: `postgresql://postgres@${host}:${port}/postgres?sslmode=disable`,
      port,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await server.stop();
        await pglite.close();
        await rm(lockFile, { force: true });
      },
    };
  } catch (error) {
    if (db && !db.closed) await db.close();
    await rm(lockFile, { force: true });
    throw error;
  }
};
