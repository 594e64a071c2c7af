/**
 * One i18next instance over the JSON files of this folder, shared by the API, the worker and the
 * bot. Namespaces are the file names (common, errors, web, bot, notify, imports).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';

export const LANGUAGES = ['ky', 'ru', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Lang = 'ky';

const here = path.dirname(fileURLToPath(import.meta.url));

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const deepMerge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (isObject(existing) && isObject(value)) deepMerge(existing, value);
    else into[key] = value;
  }
  return into;
};

/**
 * Reads `<lang>/<ns>.json` and `<lang>/<ns>.<area>.json`: the part before the first dot names the
 * namespace, so each area keeps its own file (errors.journal.json) inside a shared namespace.
 */
const loadResources = (): Resource => {
  const resources: Resource = {};
  for (const lang of LANGUAGES) {
    const namespaces: Record<string, Record<string, unknown>> = {};
    for (const file of readdirSync(path.join(here, lang))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const ns = file.split('.')[0] ?? file;
      const content = JSON.parse(readFileSync(path.join(here, lang, file), 'utf8')) as Record<
        string,
        unknown
      >;
      namespaces[ns] = deepMerge(namespaces[ns] ?? {}, content);
    }
    resources[lang] = namespaces;
  }
  return resources;
};

/** Creates and initialises a fresh i18next instance (synchronously: resources are in memory). */
export const createI18n = (): i18n => {
  const instance = i18next.createInstance();
  const resources = loadResources();
  void instance.init({
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: ['ru', 'en'],
    supportedLngs: [...LANGUAGES],
    ns: Object.keys(resources[DEFAULT_LANGUAGE] ?? {}),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
};

/** Picks ky, ru or en from an Accept-Language header (first supported wins). */
export const pickLanguage = (header: string | undefined | null): Lang => {
  if (!header) return DEFAULT_LANGUAGE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.toLowerCase().slice(0, 2), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  return (
    (ranked.find((r) => (LANGUAGES as readonly string[]).includes(r.lang))?.lang as Lang) ??
    DEFAULT_LANGUAGE
  );
};

export type { TFunction };
