import { applyMigrations } from '../prisma/scripts/schema-engine.ts';
import { dropStaleTestDbs, recreateTemplate } from './db.ts';

export default async function setup() {
  await dropStaleTestDbs();
  await recreateTemplate(applyMigrations);
}
