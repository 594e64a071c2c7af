import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createI18n, pickLanguage } from './i18n.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const PLURAL = /_(zero|one|two|few|many|other)$/;

const keysOf = (lang: string) => {
  const keys = new Set<string>();
  for (const file of readdirSync(path.join(here, lang)).filter((f) => f.endsWith('.json'))) {
    const walk = (node: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(node)) {
        if (v && typeof v === 'object') walk(v as Record<string, unknown>, `${prefix}${k}.`);
        else keys.add(`${file}:${prefix}${k}`.replace(PLURAL, ''));
      }
    };
    walk(
      JSON.parse(readFileSync(path.join(here, lang, file), 'utf8')) as Record<string, unknown>,
      '',
    );
  }
  return keys;
};

describe('locales', () => {
  it('ky, ru and en have the same files and keys', () => {
    const ky = keysOf('ky');
    const ru = keysOf('ru');
    const en = keysOf('en');
    expect(
      [...ru].filter((k) => !ky.has(k)),
      'missing in ky',
    ).toEqual([]);
    expect(
      [...ky].filter((k) => !ru.has(k)),
      'missing in ru',
    ).toEqual([]);
    expect(
      [...ky].filter((k) => !en.has(k)),
      'missing in en',
    ).toEqual([]);
  });

  it('no key is defined in two files of one namespace (the later file would silently win)', () => {
    for (const lang of ['ky', 'ru', 'en']) {
      const owner = new Map<string, string>();
      const clashes: string[] = [];
      for (const file of readdirSync(path.join(here, lang)).filter((f) => f.endsWith('.json'))) {
        const ns = file.split('.')[0] ?? file;
        const walk = (node: Record<string, unknown>, prefix: string) => {
          for (const [k, v] of Object.entries(node)) {
            if (v && typeof v === 'object') walk(v as Record<string, unknown>, `${prefix}${k}.`);
            else {
              const key = `${ns}:${prefix}${k}`;
              const first = owner.get(key);
              if (first) clashes.push(`${lang}/${file} and ${first}: ${key}`);
              else owner.set(key, `${lang}/${file}`);
            }
          }
        };
        walk(
          JSON.parse(readFileSync(path.join(here, lang, file), 'utf8')) as Record<string, unknown>,
          '',
        );
      }
      expect(clashes).toEqual([]);
    }
  });

  it('Kyrgyz texts use Kyrgyz letters (a sample must contain ң, ө or ү)', () => {
    const t = createI18n().getFixedT('ky');
    expect(t('errors:UNAUTHENTICATED')).toMatch(/[ңөүҢӨҮ]/);
    expect(t('common:attendance.ABSENT')).toBe('келген жок');
  });

  it('merges area files into their namespace', () => {
    const t = createI18n().getFixedT('ru');
    expect(t('errors:validation.markOutOfScale', { min: 2, max: 5 })).toBe(
      'Оценка должна быть от 2 до 5.',
    );
  });

  describe('pickLanguage', () => {
    it('takes the first supported language by quality', () => {
      expect(pickLanguage('de-DE,ru;q=0.8,ky;q=0.9')).toBe('ky');
      expect(pickLanguage('ru-RU,ru;q=0.9')).toBe('ru');
      expect(pickLanguage('fr')).toBe('ky');
      expect(pickLanguage(undefined)).toBe('ky');
    });
  });
});
