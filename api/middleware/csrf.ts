import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../domain/index.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `https://journal.school.kg` (scheme, host and port) of an Origin header or a configured entry. */
const originOf = (value: string): string | null => {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
};

/**
 * Cross-site request forgery guard for browser writes (a session cookie rides along with any
 * form another site posts). A write is refused with a localized 403 when the browser says it is
 * cross-site: `Sec-Fetch-Site` other than `same-origin`/`none`, or — from browsers that do not send
 * it — an `Origin` that is neither this host nor one of `allowedOrigins`. Every current browser
 * sends at least one of the two on a write, so a request with neither is not from a browser
 * (scripts, the CLI) and cannot carry a victim's cookie; the same rule as Go's
 * `http.CrossOriginProtection`. The bot's bearer-token requests carry no cookie and are not checked.
 */
export const csrfMiddleware = (allowedOrigins: readonly string[] = []) => {
  const allowed = new Set(allowedOrigins.map(originOf).filter((o): o is string => o !== null));
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!UNSAFE.has(req.method)) return next();
    if (req.get('authorization')?.startsWith('Bearer ')) return next();
    const origin = req.get('origin');
    const fetchSite = req.get('sec-fetch-site');
    const sameHost = (value: string) => {
      const parsed = originOf(value);
      if (!parsed) return false;
      return allowed.has(parsed) || new URL(parsed).host === req.get('host');
    };
    let crossSite: boolean;
    if (origin !== undefined && allowed.has(originOf(origin) ?? '')) crossSite = false;
    else if (fetchSite !== undefined)
      crossSite = fetchSite !== 'same-origin' && fetchSite !== 'none';
    else if (origin !== undefined) crossSite = !sameHost(origin);
    else crossSite = false;
    if (!crossSite) return next();
    next(
      new DomainError('FORBIDDEN', 'cross-site write refused', {
        details: { reason: 'crossSite' },
      }),
    );
  };
};
