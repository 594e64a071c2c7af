/**
 * `npm run db:drift`: fails when schema.prisma and the migrations disagree. With DATABASE_URL set
 * it also warns about applied migrations whose migration.sql was edited afterwards (checksum).
 */
import { readFile } from 'node:fs/promises';
import {
  checkAppliedMigrations,
  checksumWarnings,
  diffDatamodels,
  isEmptyDiff,
  SCHEMA_PATH,
  SNAPSHOT_PATH,
} from './schema-engine.ts';

const current = await readFile(SCHEMA_PATH, 'utf8');
const snapshot = await readFile(SNAPSHOT_PATH, 'utf8').catch(() => null);
const sql = await diffDatamodels(snapshot, current);
if (process.env.DATABASE_URL) {
  const report = await checkAppliedMigrations(process.env.DATABASE_URL).catch(() => null);
  for (const line of report ? checksumWarnings(report) : []) console.error(line);
}
if (!isEmptyDiff(sql)) {
  console.error(
    'Drift: schema.prisma differs from the migrations. Run `npm run db:migration -- <name>`.\n',
  );
  console.error(sql);
  process.exit(1);
}
console.log('No drift: schema.prisma matches the migrations.');
