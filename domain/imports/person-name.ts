/**
 * When are two spellings of a person's name the same person? School files are typed on whatever
 * keyboard was at hand: a Russian layout has no ө, ү, ң; a Latin "a" or "o" slips into a Cyrillic
 * word; case, ё/е, extra spaces and dash variants differ between rows. None of that makes another
 * person, so none of it may count as a name change.
 */

/** Latin letters that look like Cyrillic ones (upper or lower case), read as the Cyrillic letter. */
const LATIN_LOOKALIKES: Record<string, string> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
};

/** Kyrgyz letters that a Russian keyboard writes as their nearest Russian letter. */
const KYRGYZ_FOLD: Record<string, string> = { ө: 'о', ү: 'у', ң: 'н', ё: 'е' };

const CYRILLIC = /[\u0400-\u04FF]/;

const foldWord = (word: string) => {
  // A word written wholly in Latin letters is a Latin name ("Ivanova"), not a typo.
  const lookalikes = CYRILLIC.test(word)
    ? word.replace(/[a-z]/g, (ch) => LATIN_LOOKALIKES[ch] ?? ch)
    : word;
  return lookalikes.replace(/[өүңё]/g, (ch) => KYRGYZ_FOLD[ch] ?? ch);
};

/**
 * A comparison key for a full name: "Асанова  Гүлзат" and "асанова Гулзат" (or with a Latin "a")
 * give the same key; "Асанова Айгүл" does not.
 */
export const personNameKey = (...parts: (string | null | undefined)[]): string =>
  parts
    .join(' ')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .split(/\s+/)
    .filter(Boolean)
    .map(foldWord)
    .join(' ');
