import { createPublicKey } from 'node:crypto';

/** What a bad CLERK_JWT_KEY is told, wherever it is read. */
export const CLERK_JWT_KEY_EXPECTED = 'Must be a PEM RSA-2048 public key (Clerk Dashboard → API keys → JWT public key)';

/** Env files often carry a PEM with literal `\n`: the key with real line breaks. */
export const normalizePem = (raw: string): string => raw.replace(/\\n/g, '\n').trim();

/**
 * Whether `pem` is a key Clerk's networkless verification accepts: `@clerk/backend` strips a fixed
 * RSA-2048 SPKI prefix and the `IDAQAB` (65537) suffix, so any other key would fail on every token.
 */
export function isClerkJwtPublicKey(pem: string): boolean {
  try {
    const key = createPublicKey(pem);
    const details = key.asymmetricKeyDetails;
    return key.asymmetricKeyType === 'rsa' && details?.modulusLength === 2048 && details.publicExponent === 65537n;
  } catch {
    return false;
  }
}
