/**
 * The one home of password hashing. New hashes are argon2id (`@node-rs/argon2`: native code on
 * libuv's thread pool, so a burst of 08:00 sign-ins never blocks the event loop). Hashes from
 * before (bcrypt, `$2a$`/`$2b$`/`$2y$`) still verify and are replaced on the next good sign-in.
 */
import { hash, verify, type Options } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (`algorithm` 2 is the const enum's Argon2id). */
const ARGON2 = {
  algorithm: 2 as NonNullable<Options['algorithm']>,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} satisfies Options;

const isBcrypt = (stored: string) => /^\$2[aby]\$/.test(stored);

/** Hashes a staff password (argon2id). */
export const hashPassword = (password: string) => hash(password, ARGON2);

/**
 * A hash of a random secret, made once: a sign-in for a login that does not exist (or has no
 * password) verifies against it, so it costs the same time as a wrong password for a real one.
 */
let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hashPassword(`no-such-user-${Math.random()}`));

const needsRehash = (stored: string) =>
  isBcrypt(stored) ||
  !stored.startsWith(
    `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`,
  );

const verifyStored = async (password: string, stored: string) => {
  if (isBcrypt(stored)) return bcrypt.compare(password, stored);
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash matches nothing
  }
};

export interface PasswordCheck {
  ok: boolean;
  /** A fresh hash to store when the password was right but its hash is old (bcrypt, weaker cost). */
  rehash: string | null;
}

/**
 * Checks a password against a stored hash, or against a dummy hash when there is none, so the
 * answer takes the same time whether or not the account exists.
 */
export const checkPassword = async (
  password: string,
  stored: string | null | undefined,
): Promise<PasswordCheck> => {
  if (!stored) {
    await verifyStored(password, await dummyHash());
    return { ok: false, rehash: null };
  }
  const ok = await verifyStored(password, stored);
  return { ok, rehash: ok && needsRehash(stored) ? await hashPassword(password) : null };
};

/** Does the password match the stored hash (argon2id or an older bcrypt one)? */
export const verifyPassword = async (password: string, stored: string) =>
  (await checkPassword(password, stored)).ok;
