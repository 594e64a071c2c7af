/**
 * `npm run bot:api-types`: writes bot/api-schema.d.ts, the bot's types of the API, from the same
 * OpenAPI document the API serves at /api/v1/openapi.json — built in-process, no server needed.
 * `npm run bot:api-types -- --check` exits 1 when the file is out of date (CI, and a test).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderApiTypes } from './render-bot-api-types.ts';

const SCHEMA_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../bot/api-schema.d.ts',
);

const main = async () => {
  const fresh = await renderApiTypes();
  if (process.argv.includes('--check')) {
    const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
    if (current !== fresh) {
      console.error(
        'bot/api-schema.d.ts is out of date with the API: run `npm run bot:api-types` and commit it.',
      );
      process.exit(1);
    }
    console.log('bot/api-schema.d.ts matches the API.');
    return;
  }
  await writeFile(SCHEMA_FILE, fresh);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
};

await main();
