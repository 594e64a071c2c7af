/**
 * The bot's diary reads without Express. Every parent's "what did my child get today?" is a
 * `GET …/pupils/:pupilId/diary/day` or `/week` from the bot; on these two routes Express's own
 * dispatch and our middleware stack cost about 0.3 ms of the API's ~1 ms of CPU per request
 * (measured: a bare Node handler 0.03 ms, Express with one route 0.15 ms, our full stack 0.35 ms;
 * `npm run bench:api` prints the result). So a request of exactly that shape is answered here,
 * with the same parts the Express path uses: the route's own definition and handler, the same
 * boundary checks, the same bot authentication, the same JSON, ETag and 304 rules.
 *
 * Only the success path is taken here. Anything else — another route or method, a session
 * cookie instead of the service token, a body, any error at all — goes to Express untouched, so
 * refusals and their localized problem documents have one home. A refused diary read is then
 * read twice (it changes nothing; its answer is in the user's stored language, which only the
 * full path knows); the common case is read once. An unreachable database is not tried twice:
 * Express is handed that error to answer (its 503 never depended on the user).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import etag from 'etag';
import fresh from 'fresh';
import { DomainError, type Domain } from '../domain/index.ts';
import { botActor } from './middleware/auth.ts';
import { assertCleanText, parsePathIds, parseQuery } from './middleware/boundary.ts';
import type { RouteSpec } from './routes/define.ts';
import type { Request, Response } from 'express';

const PREFIX = '/api/v1';

interface FastRoute {
  route: RouteSpec;
  pattern: RegExp;
  names: string[];
}

/** `/pupils/:pupilId/diary/day` → a pattern with one capture per parameter (exact, case-sensitive). */
const compile = (route: RouteSpec): FastRoute => {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([0-9]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${PREFIX}${source}$`), names };
};

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * Answers a JSON body as Express's `res.type('json').send(text)` does: the same headers, a weak
 * ETag, and 304 without a body when the client already holds it. The text is encoded once, and
 * the tag is taken over those bytes (the same tag as over the string).
 */
const sendJson = (req: IncomingMessage, res: ServerResponse, text: string) => {
  const body = Buffer.from(text);
  const tag = etag(body, { weak: true });
  if (fresh(req.headers, { etag: tag })) {
    res.writeHead(304, { ETag: tag });
    res.end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
    ETag: tag,
  });
  res.end(body);
};

export interface FastPathDeps {
  domain: Domain;
  serviceToken: string;
  routes: readonly RouteSpec[];
  toJson: (value: unknown) => string;
}

/**
 * Returns `take(req, res, fallback)`: false when the request is not one this path answers (the
 * caller hands it to Express); true when it took it, and then on any error it calls `fallback`
 * (Express) before anything was written — with the error when the database was unavailable,
 * for Express to answer without trying again.
 */
export const diaryFastPath = ({ domain, serviceToken, routes, toJson }: FastPathDeps) => {
  const fast = routes.filter((r) => r.rereadsActor && r.method === 'get').map(compile);

  const answer = async (
    req: IncomingMessage,
    res: ServerResponse,
    { route, names }: FastRoute,
    match: RegExpExecArray,
    bearer: string,
  ) => {
    const url = req.url ?? '';
    const raw: Record<string, string> = {};
    names.forEach((name, i) => (raw[name] = match[i + 1] as string));
    const params = parsePathIds(raw);
    const queryAt = url.indexOf('?');
    const rawQuery = queryAt < 0 ? {} : { ...parseQueryString(url.slice(queryAt + 1)) };
    assertCleanText(rawQuery, 'query');
    const query = parseQuery(route.query, rawQuery);
    const { actor } = await botActor(
      domain,
      serviceToken,
      {
        bearer,
        telegramUserId: header(req, 'x-telegram-user-id'),
        sabakUserId: header(req, 'x-sabak-user-id'),
      },
      // No read here on a miss: the diary's statement reads and checks the actor itself.
      { reuse: true, claim: true },
    );
    const result = await route.handle({
      domain,
      actor,
      params,
      query,
      body: undefined,
      // The diary's handlers read neither; anything that did would fail and go to Express.
      t: undefined as never,
      req: req as Request,
      res: res as Response,
    });
    if (result === undefined || res.headersSent) throw new Error('not a JSON answer');
    sendJson(req, res, toJson(result));
  };

  return (
    req: IncomingMessage,
    res: ServerResponse,
    fallback: (unavailable?: DomainError) => void,
  ): boolean => {
    if (req.method !== 'GET' || !req.url?.startsWith(PREFIX)) return false;
    // A body would be parsed and checked by Express (express.json, assertCleanText).
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'])
      return false;
    const authorization = header(req, 'authorization');
    if (!authorization?.startsWith('Bearer ')) return false;
    const path = req.url.split('?', 1)[0] as string;
    for (const route of fast) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      answer(req, res, route, match, authorization.slice(7)).catch((error: unknown) => {
        if (res.headersSent) return;
        fallback(error instanceof DomainError && error.code === 'UNAVAILABLE' ? error : undefined);
      });
      return true;
    }
    return false;
  };
};
