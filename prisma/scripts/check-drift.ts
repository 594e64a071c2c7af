/** `npm run db:drift`: fails when schema.prisma and the migrations disagree. */
import { readFile } from 'node:fs/promises';
import { diffDatamodels, isEmptyDiff, SCHEMA_PATH, SNAPSHOT_PATH } from './schema-engine.ts';

const current = await readFile(SCHEMA_PATH, 'utf8');
const snapshot = await readFile(SNAPSHOT_PATH, 'utf8').catch(() => null);
const sql = await diffDatamodels(snapshot, current);
if (!isEmptyDiff(sql)) {
  console.error(
    'Drift: schema.prisma differs from the migrations. Run `npm run db:migration -- <name>`.\n',
  );
  console.error(sql);
  process.exit(1);
}
console.log('No drift: schema.prisma matches the migrations.');
