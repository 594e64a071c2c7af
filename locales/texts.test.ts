/**
 * The wording of the texts themselves: Kyrgyz rendered as a Kyrgyz teacher writes it (no suffix
 * glued to a number that changes with the number, no calques), one term per notion, and labels
 * for every value of the enums users see.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AudienceKind, FinalMarkKind, TermKind } from '../domain/generated/prisma/enums.ts';
import { createI18n, LANGUAGES } from './i18n.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const i18n = createI18n();
const ky = i18n.getFixedT('ky');

/** Every string value of every file of a language, with where it stands. */
const valuesOf = (lang: string): [string, string][] => {
  const out: [string, string][] = [];
  for (const file of readdirSync(path.join(here, lang)).filter((f) => f.endsWith('.json'))) {
    const walk = (node: unknown, at: string) => {
      if (typeof node === 'string') out.push([at, node]);
      else if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) walk(v, `${at}.${k}`);
    };
    walk(JSON.parse(readFileSync(path.join(here, lang, file), 'utf8')), `${lang}/${file}:`);
  }
  return out;
};

describe('Kyrgyz texts', () => {
  it('markOutOfScale reads right for any scale (no suffix glued to the numbers)', () => {
    expect(ky('errors:validation.markOutOfScale', { min: 2, max: 5 })).toBe(
      'Баа 2 менен 5 ортосунда болушу керек.',
    );
    expect(ky('errors:validation.markOutOfScale', { min: 1, max: 10 })).toBe(
      'Баа 1 менен 10 ортосунда болушу керек.',
    );
  });

  it('uses the schools’ words: үй тапшырмасы, сурам, нөөмөт, сабактардын жүгүртмөсү', () => {
    const banned: [RegExp, string][] = [
      // "үй тапшырма" alone or inflected without the possessive -сы: үй тапшырманын, үй тапшырмага
      // (the plural with its possessive, үй тапшырмалары/-ларын, is right)
      [/үй тапшырма(?!сы|лары)/iu, 'үй тапшырмасы'],
      [/денеси/iu, 'сурамдын мазмуну (not a calque of "request body")'],
      [/суроонун|суроо өтө/iu, 'сурам'],
      [/смена/iu, 'нөөмөт'],
      [/жадыбал/iu, 'сабактардын жүгүртмөсү'],
      // a case suffix glued to a variable changes with the number (2дөн, 5гө, 10го)
      [
        /\}\}(дөн|дон|ден|дан|төн|тон|тен|тан|гө|го|ге|га|кө|ко|ке|ка|нын|нин|дын|дин)(?![\p{L}])/iu,
        'no suffix after {{…}}',
      ],
    ];
    const found = valuesOf('ky').flatMap(([at, value]) =>
      banned.filter(([re]) => re.test(value)).map(([, fix]) => `${at} «${value}» → ${fix}`),
    );
    expect(found).toEqual([]);
  });

  it('renders the fixed texts', () => {
    expect(ky('errors:validation.malformedBody')).toBe(
      'Сурамдын мазмуну туура эмес (JSON күтүлгөн).',
    );
    expect(ky('common:markKind.HOMEWORK')).toBe('үй тапшырмасы');
    expect(ky('errors:validation.duplicateShift')).toBe('Бул нөөмөт эки жолу берилген.');
    expect(ky('labels:labels.shift', { number: 2 })).toBe('2-нөөмөт');
    expect(ky('labels:labels.timetable')).toBe('Сабактардын жүгүртмөсү');
    expect(ky('labels:labels.termName.QUARTER', { number: 3 })).toBe('3-чейрек');
    expect(ky('labels:labels.finalMarkValue.NOT_ASSESSED', { context: 'short' })).toBe('н/а');
    expect(ky('labels:labels.finalMarkValue.EXEMPT', { context: 'short' })).toBe('бош');
  });
});

describe('labels', () => {
  const enums: [string, string[]][] = [
    ['termKind', Object.values(TermKind)],
    ['termName', Object.values(TermKind)],
    ['finalMarkKind', Object.values(FinalMarkKind)],
    ['finalMarkValue', ['NOT_ASSESSED', 'EXEMPT']],
    ['weekday', ['1', '2', '3', '4', '5', '6', '7']],
    ['weekdayShort', ['1', '2', '3', '4', '5', '6', '7']],
    ['audience', Object.values(AudienceKind)],
  ];
  for (const lang of LANGUAGES) {
    it(`${lang} names every term kind, final-mark kind, weekday and audience`, () => {
      const t = i18n.getFixedT(lang);
      for (const [group, values] of enums) {
        const seen = new Set<string>();
        for (const value of values) {
          const key = `labels:labels.${group}.${value}`;
          const text = t(key, { number: 1, name: '2026–2027' });
          expect(text, key).not.toBe(`labels.${group}.${value}`);
          expect(text.length, key).toBeGreaterThan(0);
          seen.add(text);
        }
        expect(seen.size, `${lang} ${group}: two values share a label`).toBe(values.length);
      }
    });
  }
  it('Kyrgyz weekdays are the ones schools write', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => ky(`labels:labels.weekday.${d}`))).toEqual([
      'дүйшөмбү',
      'шейшемби',
      'шаршемби',
      'бейшемби',
      'жума',
      'ишемби',
      'жекшемби',
    ]);
  });
});
