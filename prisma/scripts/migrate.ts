/** `npm run db:migrate`: applies pending migrations to DATABASE_URL. */
import { applyMigrations } from './schema-engine.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (the embedded database migrates itself on `npm start`).');
  process.exit(1);
}
const applied = await applyMigrations(url);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
