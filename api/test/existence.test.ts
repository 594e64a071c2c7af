/// <reference types="vite/client" />
/**
 * 403 vs 404 must not reveal whether another school's lesson, mark, class, pupil (or any other
 * id) exists: for every route of the authorization matrix and every role, a request naming a
 * second school's objects gets exactly the answer (status and body) of the same request naming
 * ids that do not exist. The rule is written at the top of domain/policies/index.ts.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { buildWorld, ROLES, TG, type Role, type World } from '../../test/world.ts';
import type { MatrixEntry, MatrixRequest } from './authz/types.ts';

const modules = import.meta.glob<Record<string, MatrixEntry[]>>('./authz/*.matrix.ts', {
  eager: true,
});
// Signing out would end the sessions the other rows reuse.
const matrix: MatrixEntry[] = Object.values(modules)
  .flatMap((m) => Object.values(m).flat())
  .filter((e) => e.route !== 'POST /auth/logout');

/** Added to every id of the foreign world to get ids no row has. */
const GHOST = 1_000_000_000;

/** The foreign world with every id (and *Id) moved to where no row is. */
const ghostOf = <T>(value: T): T => {
  if (Array.isArray(value)) return value.map(ghostOf) as T;
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      typeof v === 'number' && (k === 'id' || k.endsWith('Id')) ? v + GHOST : ghostOf(v),
    ]),
  ) as T;
};

let h: ApiHarness;
let foreign: World;
let ghost: World;
beforeAll(async () => {
  h = await createApiHarness();
  const db = h.db.prisma;
  // A second school built by the same factory; its bot users get other Telegram ids.
  const mine = await db.telegramLink.findMany();
  for (const link of mine)
    await db.telegramLink.update({
      where: { id: link.id },
      data: { telegramUserId: link.telegramUserId + 500_000n, chatId: link.chatId + 500_000n },
    });
  foreign = await buildWorld(db);
  const theirs = await db.telegramLink.findMany({
    where: { telegramUserId: { in: Object.values(TG) } },
  });
  for (const link of theirs)
    await db.telegramLink.update({
      where: { id: link.id },
      data: { telegramUserId: link.telegramUserId + 900_000n, chatId: link.chatId + 900_000n },
    });
  for (const link of mine)
    await db.telegramLink.update({
      where: { id: link.id },
      data: { telegramUserId: link.telegramUserId, chatId: link.chatId },
    });
  ghost = ghostOf(foreign);
}, 60_000);
afterAll(() => h.close());

const send = async (entry: MatrixEntry, role: Role, spec: MatrixRequest) => {
  const [method = '', path = ''] = entry.route.split(' ');
  const url = `/api/v1${path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => String(spec.params?.[name]))}`;
  let req = request(h.app)
    [method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url)
    .set(await h.headersFor(role))
    .set('accept-language', 'ru');
  if (spec.query) req = req.query(spec.query);
  if (spec.raw) return req.set('content-type', spec.raw.contentType).send(spec.raw.data);
  if (spec.body !== undefined) return req.send(spec.body as object);
  return req;
};

/** The ghost request: built from the ghost world, or (rows that first write rows of their world) the foreign one with ghost path ids. */
const ghostRequest = async (entry: MatrixEntry, role: Role, foreignSpec: MatrixRequest) => {
  try {
    return await entry.request({ world: ghost, prisma: h.db.prisma, filesDir: h.filesDir, role });
  } catch {
    if (!foreignSpec.params) return foreignSpec;
    return {
      ...foreignSpec,
      params: Object.fromEntries(
        Object.entries(foreignSpec.params).map(([k, v]) => [k, Number(v) + GHOST]),
      ),
    };
  }
};

const compared = new Set<string>();

describe('a foreign id is answered like a missing one', () => {
  for (const entry of matrix) {
    it(`${entry.route}`, async () => {
      const mismatches: string[] = [];
      for (const role of ROLES.filter((r) => r !== 'anonymous')) {
        const foreignSpec = await entry.request({
          world: foreign,
          prisma: h.db.prisma,
          filesDir: h.filesDir,
          role,
        });
        const ghostSpec = await ghostRequest(entry, role, foreignSpec);
        // A request naming no id (a link code is a secret, not an id) has nothing to compare.
        if (JSON.stringify(ghostSpec) === JSON.stringify(foreignSpec)) continue;
        compared.add(entry.route);
        const a = await send(entry, role, foreignSpec);
        const b = await send(entry, role, ghostSpec);
        if (a.status < 300)
          mismatches.push(
            `${role}: the foreign request succeeded (${a.status}) ${a.text.slice(0, 150)}`,
          );
        else if (a.status !== b.status || a.text !== b.text)
          mismatches.push(
            `${role}: foreign ${a.status} ${a.text.slice(0, 200)} ≠ missing ${b.status} ${b.text.slice(0, 200)}`,
          );
      }
      expect(mismatches).toEqual([]);
    });
  }
  it('compared every route that takes an id in its path, and most of the others', () => {
    const withPathIds = matrix.filter((e) => e.route.includes(':')).map((e) => e.route);
    expect(withPathIds.filter((r) => !compared.has(r))).toEqual([]);
    expect(compared.size).toBeGreaterThan(40);
  });
});
