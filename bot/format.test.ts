import { describe, expect, it } from 'vitest';
import {
  callbackData,
  callbackPattern,
  CALLBACK_DATA_MAX_BYTES,
} from './keyboards/callback-data.ts';
import { formatDay, paginate } from './format.ts';
import { presetLanguage } from './bot.ts';

describe('paginate', () => {
  it('keeps every page under the limit, cuts at line breaks and loses nothing', () => {
    const lines = Array.from(
      { length: 500 },
      (_, i) => `${i}. Математика — 5 4 5 ${'ү'.repeat(i % 40)}`,
    );
    const text = lines.join('\n');
    const pages = paginate(text, 1000);
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(1000);
    expect(pages.join('\n')).toBe(text);
  });
  it('cuts a single line longer than a page', () => {
    const pages = paginate('ө'.repeat(2500), 1000);
    expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
  });
});

describe('callback data', () => {
  it('stays within 64 bytes for the largest ids and parses back', () => {
    const big = 9_999_999_999;
    for (const data of [
      callbackData.day(big, '2026-12-31', 999),
      callbackData.marks(big, 999),
      callbackData.pickChild(big),
      callbackData.menu(big),
    ])
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(callbackPattern.day.exec(callbackData.day(12, '2026-10-14', 2))?.slice(1)).toEqual([
      '12',
      '2026-10-14',
      '2',
    ]);
    expect(callbackPattern.day.test('D:-1:T:0')).toBe(false);
    expect(callbackPattern.marks.test('K:1e3:0')).toBe(false);
  });
});

describe('dates and languages', () => {
  it('writes a calendar day in the user language', () => {
    expect(formatDay('ky', '2026-10-15')).toBe('15-октябрь, бейшемби');
    expect(formatDay('ru', '2026-10-15')).toBe('четверг, 15 октября');
  });
  it('presets the language from Telegram, Kyrgyz when unknown', () => {
    expect(presetLanguage('ru')).toBe('ru');
    expect(presetLanguage('ky-KG')).toBe('ky');
    expect(presetLanguage('de')).toBe('ky');
    expect(presetLanguage(undefined)).toBe('ky');
  });
});
