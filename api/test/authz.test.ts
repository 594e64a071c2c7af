/// <reference types="vite/client" />
/**
 * The authorization matrix (R2): every API route × every role, allowed or refused. A route added
 * without a matrix row fails the first test, so no endpoint ships without an access test.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from '../../test/api-harness.ts';
import { ROLES } from '../../test/world.ts';
import { allRoutes } from '../routes/index.ts';
import type { MatrixEntry } from './authz/types.ts';

const modules = import.meta.glob<Record<string, MatrixEntry[]>>('./authz/*.matrix.ts', {
  eager: true,
});
// Signing out ends the sessions the other rows reuse, so that row runs last.
const matrix: MatrixEntry[] = Object.values(modules)
  .flatMap((m) => Object.values(m).flat())
  .sort(
    (a, b) => Number(a.route === 'POST /auth/logout') - Number(b.route === 'POST /auth/logout'),
  );
const keyOf = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

describe('authorization matrix', () => {
  it('has exactly one row for every route', () => {
    const routeKeys = allRoutes.map(keyOf).sort();
    const rowKeys = matrix.map((e) => e.route).sort();
    expect(rowKeys.filter((k) => !routeKeys.includes(k))).toEqual([]);
    expect(routeKeys.filter((k) => !rowKeys.includes(k))).toEqual([]);
    expect(new Set(rowKeys).size).toBe(rowKeys.length);
  });

  for (const entry of matrix) {
    describe(entry.route, () => {
      for (const role of ROLES) {
        const allowed = entry.allowed.includes(role);
        it(`${allowed ? 'allows' : 'refuses'} ${role}`, async () => {
          const [method = '', path = ''] = entry.route.split(' ');
          const spec = await entry.request({
            world: h.world,
            prisma: h.db.prisma,
            filesDir: h.filesDir,
            role,
          });
          const url = `/api/v1${path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
            const value = spec.params?.[name];
            if (value === undefined) throw new Error(`${entry.route}: no value for :${name}`);
            return encodeURIComponent(String(value));
          })}`;
          const agent = request(h.app);
          let req = agent[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](
            url,
          ).set(await h.headersFor(role));
          if (spec.query) req = req.query(spec.query);
          const res = spec.raw
            ? await req.set('content-type', spec.raw.contentType).send(spec.raw.data)
            : spec.body !== undefined
              ? await req.send(spec.body as object)
              : await req;
          if (allowed) {
            expect(
              res.status,
              `${entry.route} as ${role}: ${(res.text ?? '').slice(0, 300)}`,
            ).toBeLessThan(300);
          } else if (role === 'anonymous') {
            expect(res.status, res.text.slice(0, 300)).toBe(401);
          } else {
            expect(
              [403, 404],
              `${entry.route} as ${role}: ${res.status} ${res.text.slice(0, 300)}`,
            ).toContain(res.status);
          }
        });
      }
    });
  }
});
