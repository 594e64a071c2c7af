import { applyMigrations } from '../prisma/scripts/schema-engine.ts';
import { createTemplate, dropStaleTestDbs, newTemplateName } from './db.ts';

/** Migrates this run's template database; test files clone it (see test/db.ts). */
export default async function setup() {
  await dropStaleTestDbs();
  const name = newTemplateName();
  // Test workers are forked after this runs, so they inherit the name.
  process.env.SABAK_TEST_TEMPLATE = name;
  const dropTemplate = await createTemplate(name, applyMigrations);
  return async () => {
    await dropTemplate();
  };
}
