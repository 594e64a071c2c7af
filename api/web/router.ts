import express from 'express';
import type { Domain } from '../../domain/index.ts';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The teachers' web journal (server-rendered). For now: a start page with the API's links. */
export const webRouter = (_deps: { domain: Domain }) => {
  const router = express.Router();
  router.get('/', (req, res) => {
    const t = req.t;
    res.type('html').send(`<!doctype html>
<html lang="${req.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(t('common:appName'))}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>${escapeHtml(t('common:appName'))}</h1>
<p>${escapeHtml(t('common:tagline'))}</p>
<ul><li><a href="/api/v1/openapi.json">OpenAPI</a></li><li><a href="/healthz">healthz</a></li></ul>
<p><a href="?lang=ky">Кыргызча</a> · <a href="?lang=ru">Русский</a> · <a href="?lang=en">English</a></p>
</body></html>`);
  });
  return router;
};
