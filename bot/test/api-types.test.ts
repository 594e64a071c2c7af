import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderApiTypes } from '../../scripts/render-bot-api-types.ts';

describe('bot/api-schema.d.ts', () => {
  it('matches the OpenAPI document of the API (run `npm run bot:api-types` after an API change)', async () => {
    const committed = await readFile(new URL('../api-schema.d.ts', import.meta.url), 'utf8');
    expect(committed === (await renderApiTypes()), 'bot/api-schema.d.ts is out of date').toBe(true);
  });
});
