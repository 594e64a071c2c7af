import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

const here = path.dirname(fileURLToPath(import.meta.url));
export const STATIC_DIR = path.join(here, 'static');
/** htmx from its npm package (`htmx.org`), served from this server: no CDN. */
const HTMX_FILE = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js');

const hashOf = (file: string) =>
  createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 10);

/**
 * Versioned URLs of the static files (`/static/app.css?v=<hash of the content>`): a changed file
 * gets a new URL, so browsers may keep every version for a year without asking again.
 */
const buildVersions = () => {
  const versions = new Map<string, string>();
  for (const name of readdirSync(STATIC_DIR))
    versions.set(name, hashOf(path.join(STATIC_DIR, name)));
  versions.set('vendor/htmx.min.js', hashOf(HTMX_FILE));
  return versions;
};

const versions = buildVersions();

/** The URL of a static file for templates: `asset('app.css')`. Unknown names throw (a typo). */
export const asset = (name: string) => {
  const version = versions.get(name);
  if (!version) throw new Error(`unknown static file ${name}`);
  return `/static/${name}?v=${version}`;
};

const YEAR_SECONDS = 365 * 24 * 3600;

/** Serves `/static/*` (our CSS/JS and vendored htmx) with long-lived cache headers. */
export const staticRouter = () => {
  const router = express.Router();
  const options = {
    immutable: true,
    maxAge: YEAR_SECONDS * 1000,
    fallthrough: true,
    index: false as const,
  };
  router.get('/static/vendor/htmx.min.js', (_req, res) => {
    res.set('Cache-Control', `public, max-age=${YEAR_SECONDS}, immutable`);
    res.type('js').sendFile(HTMX_FILE);
  });
  router.use('/static', express.static(STATIC_DIR, options));
  // Browsers ask for /favicon.ico on their own; answer with ours rather than a 404.
  router.get('/favicon.ico', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400');
    res.type('svg').sendFile(path.join(STATIC_DIR, 'favicon.svg'));
  });
  return router;
};
