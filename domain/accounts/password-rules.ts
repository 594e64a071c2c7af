/**
 * The rules every new staff password follows (set from a setup code or changed by its owner):
 * long enough, not the login, not one of the passwords every attacker tries first.
 */
import type { ValidationIssue } from '../errors.ts';

export const MIN_PASSWORD_LENGTH = 10;

/**
 * A short list of the passwords tried first, including the local ones (keyboard rows in the
 * Cyrillic layout, the school's own words). Compared case-insensitively, digits and separators
 * at the ends stripped, so "Password2026!" counts as "password".
 */
const COMMON_PASSWORDS = new Set([
  '123456',
  '1234567',
  '12345678',
  '123456789',
  '1234567890',
  '0123456789',
  '0987654321',
  '111111',
  '1111111111',
  '000000',
  '0000000000',
  'password',
  'passw0rd',
  'password1',
  'qwerty',
  'qwertyuiop',
  'qwerty123',
  'asdfghjkl',
  'zxcvbnm',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'qazwsxedc',
  'abc123',
  'iloveyou',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'teacher',
  'school',
  'sabak',
  'mektep',
  'kyrgyzstan',
  'bishkek',
  'йцукен',
  'йцукенгшщз',
  'пароль',
  'сырсөз',
  'мектеп',
  'мугалим',
  'школа',
  'учитель',
  'кыргызстан',
  'бишкек',
  'сабак',
]);

const core = (password: string) =>
  password
    .toLowerCase()
    .replace(/^[\d\W_]+|[\d\W_]+$/gu, '')
    .normalize('NFC');

/** Only digits, or one character repeated ("aaaaaaaaaa"). */
const isTrivial = (password: string) => /^\d+$/.test(password) || new Set(password).size <= 2;

/**
 * The problems with `password` as a new password of the user with `login` (empty when it is fine).
 * Keys are `errors:validation.*` messages.
 */
export const passwordIssues = (
  password: string,
  login: string | null,
  path: (string | number)[] = ['newPassword'],
): ValidationIssue[] => {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return [{ path, key: 'tooShort', params: { min: MIN_PASSWORD_LENGTH } }];
  const lower = password.toLowerCase();
  if (login && login.length >= 3 && lower.includes(login.toLowerCase()))
    return [{ path, key: 'passwordContainsLogin' }];
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core(password)) || isTrivial(password))
    return [{ path, key: 'passwordTooCommon' }];
  return [];
};
