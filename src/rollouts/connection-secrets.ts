import { hkdfSync } from 'node:crypto';
import { decryptToken, encryptToken } from '../oauth/token-crypto.ts';

/**
 * The key flag connections' signing secrets are encrypted with: TOKEN_ENCRYPTION_KEY when it is set (OAuth
 * mode needs it anyway), else one derived with HKDF-SHA256 from the app's Slack signing secret, which every
 * HTTP-mode install has and keeps out of the database. Undefined (Socket Mode without either): no
 * connection can be set up, and setup says which variable to set.
 */
export function flagSecretKey(source: { encryptionKey?: Buffer; signingSecret?: string }): Buffer | undefined {
  if (source.encryptionKey) return source.encryptionKey;
  if (!source.signingSecret) return undefined;
  return Buffer.from(hkdfSync('sha256', source.signingSecret, 'shortlist', 'flag connection secrets v1', 32));
}

export const sealSecret = (key: Buffer, secret: string): string => encryptToken(key, secret);

/** The secret, or undefined when it cannot be read with this key (the key changed since it was stored). */
export function openSecret(key: Buffer | undefined, sealed: string): string | undefined {
  if (!key) return undefined;
  try {
    return decryptToken(key, sealed);
  } catch {
    return undefined;
  }
}
