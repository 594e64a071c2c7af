/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (also the embedded database of
 * a running `npm start`, whose banner prints the URL), then warns about applied migrations whose
 * migration.sql was edited afterwards (checksum mismatch, as Prisma's migrate does).
 */
import { cliLanguage, cliTranslator, failureText } from '../../domain/cli.ts';
import { applyMigrations, checkAppliedMigrations, checksumWarnings } from './schema-engine.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    'DATABASE_URL is not set (the embedded database migrates itself on `npm start`, which prints its DATABASE_URL).',
  );
  process.exit(1);
}
try {
  const warnings = checksumWarnings(await checkAppliedMigrations(url));
  for (const line of warnings) console.error(line);
  const applied = await applyMigrations(url);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} catch (error) {
  console.error(failureText(cliTranslator(cliLanguage(undefined)), error, url));
  process.exitCode = 1;
}
