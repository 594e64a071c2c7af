import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Actor, Domain } from '../../domain/index.ts';
import type { TFunction } from '../../locales/i18n.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext {
  domain: Domain;
  actor: Actor;
  /** Path parameters as strings; the domain parses them. */
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  t: TFunction;
  req: Request;
  res: Response;
}

/**
 * One API endpoint. Inputs are validated by the domain use case (its zod schema is the single
 * source); the schemas here only document the endpoint in /api/v1/openapi.json.
 */
export interface RouteSpec {
  method: HttpMethod;
  /** Express-style path below /api/v1, e.g. `/marks/:markId`. */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success status (default 200; 201 for creations, 204 for no body). */
  status?: number;
  /** Which limiter guards this route, if any. */
  rateLimit?: 'login' | 'password' | 'linkCode';
  /** Returns the JSON body (or sets the response itself and returns undefined). */
  handle: (ctx: RouteContext) => Promise<unknown>;
}

export const defineRoutes = (routes: RouteSpec[]) => routes;

/** `/marks/:markId` → `/marks/{markId}` (OpenAPI's spelling). */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
