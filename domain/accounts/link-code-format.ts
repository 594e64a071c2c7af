import { createHash, randomInt } from 'node:crypto';

/** Letters and digits nobody misreads on paper: no 0/O, no 1/I. */
export const LINK_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const LINK_CODE_LENGTH = 8;

const WELL_FORMED = new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`);

/**
 * Parents often type on a Cyrillic keyboard: letters that look alike are read as the Latin
 * letter printed on the slip.
 */
const CYRILLIC_LOOKALIKES: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
};

/** A fresh code from a cryptographic source (≈ 10¹² possibilities). */
export const generateLinkCode = (): string =>
  Array.from(
    { length: LINK_CODE_LENGTH },
    () => LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)],
  ).join('');

/** Upper-cases, drops spaces and dashes, maps Cyrillic look-alikes: " abcd-efgh " → "ABCDEFGH". */
export const normalizeLinkCode = (raw: string): string =>
  raw
    .toUpperCase()
    .replace(/[\s\-‐-―]+/g, '')
    .replace(/[А-ЯЁ]/g, (ch) => CYRILLIC_LOOKALIKES[ch] ?? ch);

export const isWellFormedLinkCode = (code: string): boolean => WELL_FORMED.test(code);

/** Only this hash is stored; the plaintext code is shown once to the class teacher. */
export const hashLinkCode = (code: string): string =>
  createHash('sha256').update(code).digest('hex');
