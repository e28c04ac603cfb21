import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** 256 random bits, URL-safe: activation/reset links and refresh tokens. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are stored only as SHA-256: a database reader cannot use them. (They are random, so no salt or slow hash is needed.) */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** A keyed hash for values looked up by equality but never shown (e.g. throttle keys, PESEL). */
export const keyedHash = (secret: string, purpose: string, value: string): string =>
  createHmac('sha256', `${purpose}:${secret}`).update(value).digest('base64url');

/** Numeric code (SMS), uniformly distributed. */
export const numericCode = (digits: number): string => String(randomInt(0, 10 ** digits)).padStart(digits, '0');

/** AES-256-GCM for data at rest that must be readable again later (outbox bodies carrying one-time links). */
export function sealer(secret: string, purpose: string) {
  const key = createHash('sha256').update(`${purpose}:${secret}`).digest();
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed: string): string {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
