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

const loadResources = () => {
  const resources: Resource = {};
  for (const lang of LANGUAGES) {
    resources[lang] = {};
    for (const file of readdirSync(path.join(here, lang)).filter((f) => f.endsWith('.json'))) {
      resources[lang][file.replace(/\.json$/, '')] = JSON.parse(
        readFileSync(path.join(here, lang, file), 'utf8'),
      ) as Record<string, string>;
    }
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
  return (ranked.find((r) => (LANGUAGES as readonly string[]).includes(r.lang))?.lang as Lang) ?? DEFAULT_LANGUAGE;
};

export type { TFunction };
