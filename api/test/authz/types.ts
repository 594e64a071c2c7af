import type { Db } from '../../../domain/db.ts';
import type { Role, World } from '../../../test/world.ts';

export interface MatrixRequest {
  /** Values for the route's `:params`. */
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  body?: unknown;
  /** Send this instead of JSON (e.g. an uploaded file), with its content type. */
  raw?: { contentType: string; data: Buffer | string };
}

/**
 * One row of the authorization matrix: a route, how to call it as a given role, and the roles
 * that must succeed. Every other role must be refused (401 for anonymous, 403 or 404 otherwise).
 * `request` runs once per role against the same database, so a row that consumes something
 * (a link code, a mark to delete) creates it inside `request`.
 */
export interface MatrixEntry {
  /** `METHOD /path` exactly as the route is defined, e.g. `POST /marks`. */
  route: string;
  allowed: Role[];
  request: (ctx: {
    world: World;
    prisma: Db;
    /** The disk file store's folder of the app under test (attachments' bytes). */
    filesDir: string;
    role: Role;
  }) => MatrixRequest | Promise<MatrixRequest>;
}
