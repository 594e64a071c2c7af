import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Bot tokens at rest: AES-256-GCM with a 32-byte key from the environment (`BOT_TOKEN_KEY`, hex
 * or base64). Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url), so a wrong key or an edited row
 * fails loudly instead of sending with garbage.
 */
const parseKey = (key: string): Buffer => {
  const bytes = /^[0-9a-f]{64}$/i.test(key) ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64');
  if (bytes.length !== 32) throw new Error('BOT_TOKEN_KEY must be 32 bytes (64 hex characters)');
  return bytes;
};

/** Encrypts a bot token for `bot_account.token_encrypted`. */
export const encryptToken = (token: string, key: string): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', parseKey(key), iv);
  const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
};

/** Decrypts what `encryptToken` wrote. @throws Error on a wrong key or a tampered value */
export const decryptToken = (stored: string, key: string): string => {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined)
    throw new Error('unknown token format');
  const decipher = createDecipheriv('aes-256-gcm', parseKey(key), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(data, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
};
