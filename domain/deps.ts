import type { Db, SqlReader } from './db.ts';

export interface DomainSettings {
  /** How long a class teacher's link code stays valid (default 72 h). */
  linkCodeTtlHours: number;
}

export const DEFAULT_SETTINGS: DomainSettings = { linkCodeTtlHours: 72 };

/** What every use case receives. The apps never see `db`. */
export interface DomainDeps {
  db: Db;
  /** Raw reads without Prisma's query layer, for hot read paths (same pool as `db`). */
  reader: SqlReader;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  settings: DomainSettings;
}
