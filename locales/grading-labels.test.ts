import { describe, expect, it } from 'vitest';
import {
  FinalMarkKind,
  FinalMarkResult,
  TermKind,
  YearMarkRule,
} from '../domain/generated/prisma/enums.ts';
import { createI18n, LANGUAGES } from './i18n.ts';

describe('grading labels', () => {
  const i18n = createI18n();
  const groups = {
    termKind: Object.values(TermKind),
    finalMarkKind: Object.values(FinalMarkKind),
    finalMarkResult: Object.values(FinalMarkResult),
    yearMarkRule: Object.values(YearMarkRule),
  };

  it('name every term kind, final-mark kind, final result and year-mark rule in ky, ru and en', () => {
    for (const lng of LANGUAGES) {
      for (const [group, values] of Object.entries(groups)) {
        for (const value of values) {
          const key = `common:${group}.${value}`;
          expect(i18n.exists(key, { lng, fallbackLng: false }), `${lng} ${key}`).toBe(true);
        }
      }
    }
  });

  it('show н/а and бош as the journal writes them', () => {
    expect(i18n.t('common:finalMarkResultShort.NOT_ASSESSED', { lng: 'ky' })).toBe('н/а');
    expect(i18n.t('common:finalMarkResultShort.EXEMPT', { lng: 'ky' })).toBe('бош');
    expect(i18n.t('common:finalMarkResultShort.NOT_ASSESSED', { lng: 'ru' })).toBe('н/а');
    expect(i18n.t('common:finalMarkKind.HALF_YEAR', { lng: 'ky' })).toBe('жарым жылдык баа');
  });
});
