/**
 * The import CLI's expected failures: one localized line and a non-zero exit, never an English
 * stack trace (unreachable or unmigrated database, unreadable or broken file, unknown school).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../locales/i18n.ts';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { ADMIN_URL } from '../../test/db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const i18n = createI18n();

let h: ApiHarness;
let dir: string;
let csv: string;
beforeAll(async () => {
  h = await createApiHarness();
  dir = await mkdtemp(path.join(tmpdir(), 'sabak-import-fail-'));
  csv = path.join(dir, 'subjects.csv');
  await writeFile(csv, 'Код;Название (кырг.);Название (рус.)\nART;Сүрөт;Изо\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

const runCli = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      tsx,
      ['domain/imports/cli.ts', ...args],
      {
        cwd: root,
        env: { ...process.env, LANG: 'C.UTF-8', SABAK_DEBUG: '', ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

/** One line, no stack frames, no Prisma invocation text. */
const expectOneCleanLine = (stderr: string, expected: string) => {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, stderr).toEqual([expected]);
  expect(stderr).not.toMatch(/\n\s+at |Invalid `|PrismaClient|\w+Error:/);
};

describe('npm run import: expected failures', () => {
  const withUrl = (url: string) => {
    const u = new URL(ADMIN_URL);
    return url.replace('HOST', u.host);
  };

  it.each(['ky', 'ru', 'en'] as const)('an unreachable database (%s)', async (lang) => {
    const r = await runCli([csv, '--school', 'x', '--lang', lang], {
      DATABASE_URL: 'postgresql://sabak:pw@127.0.0.1:1/sabak',
    });
    expect(r.code).not.toBe(0);
    expectOneCleanLine(
      r.stderr,
      i18n.getFixedT(lang)('cli:cli.databaseUnreachable', { database: '127.0.0.1:1/sabak' }),
    );
  });

  it('a database that does not exist, in the language of LANG', async () => {
    const r = await runCli([csv, '--school', 'x'], {
      DATABASE_URL: withUrl('postgresql://postgres@HOST/sabak_no_such_db'),
      LANG: 'ru_RU.UTF-8',
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Такой базы данных нет');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a database nobody migrated', async () => {
    const r = await runCli([csv, '--school', 'x', '--lang', 'ky'], {
      DATABASE_URL: ADMIN_URL,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('npm run db:migrate');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown school names the code', async () => {
    const r = await runCli([csv, '--school', 'no-such-school', '--lang', 'en'], {
      DATABASE_URL: h.db.url,
    });
    expect(r.code).toBe(2);
    expectOneCleanLine(
      r.stderr,
      i18n.getFixedT('en')('imports:cli.error', {
        message: `${i18n.getFixedT('en')('errors:NOT_FOUND')} ${i18n.getFixedT('en')('errors:cli.unknownSchool', { code: 'no-such-school' })}`,
      }),
    );
  });

  it('a missing file and a file that is not a workbook', async () => {
    const missing = await runCli([path.join(dir, 'nope.xlsx'), '--lang', 'ky'], {
      DATABASE_URL: h.db.url,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const garbage = path.join(dir, 'garbage.xlsx');
    await writeFile(garbage, Buffer.from('PK\u0003\u0004 this is not a zip at all'));
    const broken = await runCli([garbage, '--school', h.world.school.code, '--lang', 'ky'], {
      DATABASE_URL: h.db.url,
    });
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).not.toMatch(/\n\s+at |\w+Error:/);
    const dirAsFile = await runCli([dir, '--school', h.world.school.code, '--lang', 'ru'], {
      DATABASE_URL: h.db.url,
    });
    expect(dirAsFile.code).not.toBe(0);
    expect(dirAsFile.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
