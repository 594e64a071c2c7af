import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Actor, Domain } from '../../domain/index.ts';
import type { TFunction } from '../../locales/i18n.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext {
  domain: Domain;
  actor: Actor;
  /** Path parameters: every one is a row id, already checked to be a canonical integer. */
  params: Record<string, number>;
  /** The query string parsed by the route's `query` schema (numbers and booleans typed). */
  query: Record<string, unknown>;
  body: unknown;
  t: TFunction;
  req: Request;
  res: Response;
}

/**
 * One API endpoint. Path ids and the query string are checked at the boundary
 * (api/middleware/boundary.ts); bodies are validated by the domain use case (its zod schema is the
 * single source) and documented here in /api/v1/openapi.json.
 */
export interface RouteSpec {
  method: HttpMethod;
  /** Express-style path below /api/v1, e.g. `/marks/:markId`. */
  path: string;
  summary: string;
  tag: string;
  /** The query string's schema: it both validates and documents it (path ids are derived from `path`). */
  query?: z.ZodObject;
  body?: z.ZodType;
  /**
   * A file upload (multipart/form-data with a `file` part) instead of a JSON body: documented in
   * OpenAPI as such; the handler reads the request itself.
   */
  upload?: { description: string };
  /** A binary answer (the handler streams it), e.g. `application/octet-stream`. */
  produces?: string;
  /** Success status (default 200; 201 for creations, 204 for no body). */
  status?: number;
  /** Which limiter guards this route, if any. */
  rateLimit?: 'login' | 'setupCode' | 'password' | 'linkCode';
  /**
   * The use case reads its actor afresh inside its own statement and decides access on that (the
   * diary day and week), so the auth middleware may hand it a remembered actor and save a round
   * trip (domain/actor-cache.ts).
   */
  rereadsActor?: true;
  /** Returns the JSON body (or sets the response itself and returns undefined). */
  handle: (ctx: RouteContext) => Promise<unknown>;
}

export const defineRoutes = (routes: RouteSpec[]) => routes;

/** `/marks/:markId` → `/marks/{markId}` (OpenAPI's spelling). */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * The body with the path's ids laid over it (so a body cannot name another lesson, school or
 * user). A body that is not an object goes to the domain as it is, which refuses it with a
 * localized message.
 */
export const withPath = (body: unknown, path: Record<string, number | undefined>): unknown => {
  if (body === undefined || body === null) return path;
  if (typeof body === 'object' && !Array.isArray(body)) return { ...body, ...path };
  return body;
};

/** Does a GET request go to one of `routes` that re-read their actor (see `rereadsActor`)? */
export const rereadsActorMatcher = (routes: readonly RouteSpec[]) => {
  const patterns = routes
    .filter((r) => r.rereadsActor && r.method === 'get')
    .map((r) => new RegExp(`^${r.path.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`));
  return (req: Request) => req.method === 'GET' && patterns.some((p) => p.test(req.path));
};
