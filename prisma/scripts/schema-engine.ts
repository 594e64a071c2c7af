/**
 * Drives Prisma's official WebAssembly schema engine, because the migrate CLI cannot download its
 * native binary here. Migrations stay in Prisma's own folder format, so `prisma migrate deploy`
 * works unchanged wherever the binary exists.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PRISMA_DIR = path.resolve(here, '..');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
/** Copy of schema.prisma as of the newest migration: the "from" side of the next diff. */
export const SNAPSHOT_PATH = path.join(MIGRATIONS_DIR, 'schema.snapshot.prisma');

const NO_FILTER = { externalTables: [], externalEnums: [] };

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let wasmReady = false;
const loadWasm = async () => {
  if (wasmReady) return;
  const require = createRequire(import.meta.url);
  const wasmPath = path.join(
    path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
    'schema_engine_bg.wasm',
  );
  // Node 20 cannot import .wasm, so the module is instantiated by hand (no DOM typings here).
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const module = new wasm.Module(await readFile(wasmPath));
  const instance = new wasm.Instance(module, { './schema_engine_bg.js': bg });
  (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  wasmReady = true;
};

type Engine = Awaited<ReturnType<typeof bg.SchemaEngine.new>>;

const withEngine = async <T>(
  connectionString: string,
  datamodel: string,
  run: (engine: Engine) => Promise<T>,
): Promise<T> => {
  await loadWasm();
  // Our own pool, so it can be closed: an idle pool would keep the process alive for seconds.
  const pool = new pg.Pool({ connectionString, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await bg.SchemaEngine.new(
    { datamodels: [['schema.prisma', datamodel]] },
    () => undefined,
    adapter,
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
    await pool.end();
  }
};

const loadMigrations = async () => {
  const names = (await readdir(MIGRATIONS_DIR)).sort();
  const migrationDirectories = [];
  for (const name of names) {
    const dir = path.join(MIGRATIONS_DIR, name);
    if (!(await stat(dir)).isDirectory()) continue;
    const content = await readFile(path.join(dir, 'migration.sql'), 'utf8');
    migrationDirectories.push({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: content } },
    });
  }
  let lock: string | null = null;
  try {
    lock = await readFile(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), 'utf8');
  } catch {
    lock = null;
  }
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: 'migration_lock.toml', content: lock },
    shadowDbInitScript: '',
    migrationDirectories,
  };
};

/** Applies every migration folder not yet recorded in `_prisma_migrations`; returns their names. */
export const applyMigrations = async (connectionString: string): Promise<string[]> => {
  const datamodel = await readFile(SCHEMA_PATH, 'utf8');
  return withEngine(connectionString, datamodel, async (engine) => {
    const migrationsList = await loadMigrations();
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER } as never);
    return out.appliedMigrationNames;
  });
};

/** SQL that takes a database from `from` (a datamodel, or empty) to `to`. Needs no database. */
export const diffDatamodels = async (from: string | null, to: string): Promise<string> => {
  // The engine opens its adapter at start even though a datamodel-to-datamodel diff reads nothing
  // from it, so it gets any reachable PostgreSQL (DATABASE_URL, else the local default).
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  return withEngine(url, to, async (engine) => {
    const target = (content: string) => ({
      tag: 'schemaDatamodel',
      files: [{ path: 'schema.prisma', content }],
    });
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    } as never);
    return result.stdout ?? '';
  });
};

export const isEmptyDiff = (sql: string) => sql.replace(/--.*$/gm, '').trim() === '';

export interface MigrationChecksumReport {
  /** Applied migrations whose migration.sql no longer matches the checksum recorded when applied. */
  edited: string[];
  /** Applied migrations that have no folder here any more. */
  missing: string[];
}

/**
 * Compares each applied migration's recorded `_prisma_migrations.checksum` (the SHA-256 of its
 * migration.sql) with the file on disk, as Prisma's migrate does: an edited migration means this
 * database was built from other SQL than the folder now holds. A database without the table has
 * nothing applied and reports nothing.
 */
export const checkAppliedMigrations = async (
  connectionString: string,
): Promise<MigrationChecksumReport> => {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const exists = await client.query<{ t: string | null }>(
      "SELECT to_regclass('_prisma_migrations')::text AS t",
    );
    if (!exists.rows[0]?.t) return { edited: [], missing: [] };
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM _prisma_migrations
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const report: MigrationChecksumReport = { edited: [], missing: [] };
    for (const row of rows) {
      const file = path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql');
      const content = await readFile(file).catch(() => null);
      if (content === null) report.missing.push(row.migration_name);
      else if (createHash('sha256').update(content).digest('hex') !== row.checksum)
        report.edited.push(row.migration_name);
    }
    return report;
  } finally {
    await client.end();
  }
};

/** Warning lines for a checksum report (empty when every applied migration is intact). */
export const checksumWarnings = (report: MigrationChecksumReport): string[] => [
  ...report.edited.map(
    (name) =>
      `WARNING: migration ${name} was modified after it was applied: its migration.sql no longer matches the checksum in _prisma_migrations. Restore the file (git checkout) and put the change in a new migration.`,
  ),
  ...report.missing.map(
    (name) =>
      `WARNING: migration ${name} is applied to this database but its folder is missing from prisma/migrations.`,
  ),
];
