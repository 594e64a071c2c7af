/**
 * The family_link_grants migration on a database that already has families: guardians keep access
 * only where it was granted (a code for that very pupil, or a family the school linked itself).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_URL, urlFor } from '../test/db.ts';

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const name = `sabak_t_${Math.floor(Date.now() / 1000)}_backfill${process.pid}`;
let db: pg.Client;

const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const migrationSql = async (folder: string) =>
  readFile(path.join(MIGRATIONS, folder, 'migration.sql'), 'utf8');

beforeAll(async () => {
  await admin(`CREATE DATABASE "${name}"`);
  db = new pg.Client({ connectionString: urlFor(name) });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

describe('migration family_link_grants', () => {
  it('ungrants imported and sibling-only guardians, keeps code-granted and school-linked ones', async () => {
    const folders = (await readdir(MIGRATIONS, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const mine = folders.find((f) => f.endsWith('_family_link_grants'));
    expect(mine).toBeDefined();
    for (const folder of folders.filter((f) => f < mine!))
      await db.query(await migrationSql(folder));

    const one = async (sql: string, params: unknown[] = []) =>
      ((await db.query<{ id: number }>(`${sql} RETURNING id`, params)).rows[0] as { id: number })
        .id;
    const district = await one(`INSERT INTO district (name) VALUES ('Ош')`);
    const school = await one(
      `INSERT INTO school (district_id, code, name) VALUES ($1, 'osh-1', 'Мектеп')`,
      [district],
    );
    const year = await one(
      `INSERT INTO academic_year (school_id, name, starts_on, ends_on) VALUES ($1, '2026-2027', '2026-09-01', '2027-05-25')`,
      [school],
    );
    const grade = await one(`INSERT INTO grade_level (school_id, grade) VALUES ($1, 5)`, [school]);
    const cls = await one(
      `INSERT INTO class_group (school_id, year_id, grade_level_id, letter) VALUES ($1, $2, $3, 'А')`,
      [school, year, grade],
    );
    const user = (last: string) =>
      one(`INSERT INTO app_user (school_id, last_name, first_name) VALUES ($1, $2, 'X')`, [
        school,
        last,
      ]);
    const pupil = (last: string) =>
      one(
        `INSERT INTO pupil (school_id, class_group_id, last_name, first_name) VALUES ($1, $2, $3, 'Y')`,
        [school, cls, last],
      );
    const [p1, p2, p3] = [await pupil('Бир'), await pupil('Эки'), await pupil('Үч')];
    const [linkedByCode, imported, schoolLinked, teacher] = [
      await user('Кодду'),
      await user('Импорт'),
      await user('Мектеп'),
      await user('Мугалим'),
    ];
    const guardian = (u: number, p: number) =>
      db.query(`INSERT INTO guardian (user_id, pupil_id) VALUES ($1, $2)`, [u, p]);
    await guardian(linkedByCode, p1);
    await guardian(linkedByCode, p2); // a sibling reached only through p1's code
    await guardian(imported, p1);
    await guardian(schoolLinked, p3);
    for (const [u, tg] of [
      [linkedByCode, 501],
      [schoolLinked, 502],
    ])
      await db.query(
        `INSERT INTO telegram_link (user_id, telegram_user_id, chat_id) VALUES ($1, $2, $2)`,
        [u, tg],
      );
    await db.query(
      `INSERT INTO link_code (school_id, code_hash, pupil_id, role, created_by_id, expires_at, used_at, used_by_user_id)
       VALUES ($1, 'h1', $2, 'PARENT', $3, now(), now(), $4)`,
      [school, p1, teacher, linkedByCode],
    );

    await db.query(await migrationSql(mine!));

    const { rows } = await db.query<{ user_id: number; pupil_id: number; granted: boolean }>(
      `SELECT user_id, pupil_id, granted_at IS NOT NULL AS granted FROM guardian ORDER BY user_id, pupil_id`,
    );
    expect(rows).toEqual([
      { user_id: linkedByCode, pupil_id: p1, granted: true },
      { user_id: linkedByCode, pupil_id: p2, granted: false },
      { user_id: imported, pupil_id: p1, granted: false },
      { user_id: schoolLinked, pupil_id: p3, granted: true },
    ]);
    // New rows the school adds itself count as confirmed.
    await guardian(imported, p3);
    const added = await db.query<{ granted: boolean }>(
      `SELECT granted_at IS NOT NULL AS granted FROM guardian WHERE user_id = $1 AND pupil_id = $2`,
      [imported, p3],
    );
    expect(added.rows[0]?.granted).toBe(true);
  });
});
