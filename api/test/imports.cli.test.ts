/** The import CLI, run as a child process against the test database (as `npm run import` runs it). */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { schoolSheets, withCells, xlsxOf } from './fixtures/school-workbook.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

let h: ApiHarness;
let dir: string;
beforeAll(async () => {
  h = await createApiHarness();
  dir = await mkdtemp(path.join(tmpdir(), 'sabak-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await h.close();
});

const runCli = (args: string[], env: Record<string, string | undefined> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      tsx,
      ['domain/imports/cli.ts', ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: h.db.url, LANG: 'C.UTF-8', ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

const fileWith = async (name: string, content: Buffer) => {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
};

describe('npm run import (domain/imports/cli.ts)', () => {
  describe('with a broken file', () => {
    it('exits 1, prints every error in the chosen language and writes nothing', async () => {
      const sheets = withCells(schoolSheets(h.world, 'ru'), 'Ученики', 7, {
        4: '31.02.2014',
        5: '9-Я',
      });
      const file = await fileWith('broken.xlsx', await xlsxOf(sheets));
      const pupils = await h.db.prisma.pupil.count();
      const result = await runCli([file, '--school', h.world.school.code, '--lang', 'ru']);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('Импорт остановлен, ничего не записано. Ошибок: 2.');
      expect(result.stderr).toContain(
        'Лист «Ученики», строка 7, столбец «Дата рождения»: «31.02.2014» — неверная дата.',
      );
      expect(result.stderr).toContain(
        'Лист «Ученики», строка 7, столбец «Класс»: класса «9-Я» нет ни в файле, ни в школе.',
      );
      expect(await h.db.prisma.pupil.count()).toBe(pupils);
    });
  });

  describe('as the console operator with a valid file', () => {
    it('exits 0, imports the rows and prints the counts and who needs a password', async () => {
      const file = await fileWith('мектеп.xlsx', await xlsxOf(schoolSheets(h.world, 'ky')));
      const result = await runCli([file, '--school', h.world.school.code, '--lang', 'ky']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Импорт аяктады: «мектеп.xlsx».');
      expect(result.stdout).toContain('Окуучулар: жаңы 10, өзгөртүлгөн 0, өзгөрүүсүз 0');
      expect(result.stdout).toContain('toktogulova  Токтогулова Жаңыл');
      const pupil = await h.db.prisma.pupil.findFirstOrThrow({
        where: { schoolId: h.world.school.id, externalId: 'P-003' },
      });
      expect([pupil.lastName, pupil.firstName]).toEqual(['Жеңишбеков', 'Мээрим']);
      const audit = await h.db.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'import.school-data' },
        orderBy: { id: 'desc' },
      });
      expect(audit.actorId).toBeNull();
      expect(audit.after).toMatchObject({ via: 'console', counts: { pupils: { created: 10 } } });
    });

    it('changes nothing when run again with the same file', async () => {
      const file = await fileWith('мектеп.xlsx', await xlsxOf(schoolSheets(h.world, 'ky')));
      const pupils = await h.db.prisma.pupil.count();
      const users = await h.db.prisma.user.count();
      const result = await runCli([file, '--lang', 'ru', '--school', h.world.school.code]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Ученики: новых 0, изменено 0, без изменений 10');
      expect(await h.db.prisma.pupil.count()).toBe(pupils);
      expect(await h.db.prisma.user.count()).toBe(users);
    });
  });

  describe('with --as', () => {
    it('imports as the named deputy, audited under their name', async () => {
      const csv = Buffer.from('Код,Название (кырг.),Название (рус.)\nPHYS,Физика,Физика\n');
      const file = await fileWith('subjects.csv', csv);
      const result = await runCli([file, '--as', h.world.users.deputy.login ?? '']);
      expect(result.code, result.stderr).toBe(0);
      expect(await h.db.prisma.subject.count({ where: { code: 'PHYS' } })).toBe(1);
      const audit = await h.db.prisma.auditEntry.findFirstOrThrow({
        where: { action: 'import.school-data' },
        orderBy: { id: 'desc' },
      });
      expect(audit.actorId).toBe(h.world.users.deputy.id);
    });

    it('refuses a teacher (exit 2) and writes nothing', async () => {
      const file = await fileWith(
        'subjects2.csv',
        Buffer.from('Код,Название (рус.)\nBIO,Биология\n'),
      );
      const result = await runCli([
        file,
        '--as',
        h.world.users.teacherOfClass.login ?? '',
        '--lang',
        'en',
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Error:');
      expect(await h.db.prisma.subject.count({ where: { code: 'BIO' } })).toBe(0);
    });
  });

  describe('when misused', () => {
    it('prints the usage and exits 2 without a file', async () => {
      const result = await runCli(['--lang', 'en']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Usage: npm run import --');
    });

    it('says DATABASE_URL is missing', async () => {
      const result = await runCli(['x.xlsx', '--lang', 'ru'], { DATABASE_URL: '' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Не задан DATABASE_URL');
    });
  });
});
