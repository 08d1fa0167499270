import { createPublicKey } from 'node:crypto';

/** Clerk publishes one or two keys; a JWKS with more than this is hostile or broken. */
const MAX_JWKS_KEYS = 16;

/**
 * kid → PEM for the RSA-2048 signing keys; Clerk's PEM loader (`jwtKey`) only understands that
 * size, and that is what Clerk issues. Anything else (EC, `oct`, other sizes, encryption keys,
 * malformed entries) is skipped, so an HMAC key can never be slipped in through the JWKS.
 */
export function parseJwks(jwks: unknown, log: (message: string) => void): Map<string, string> {
  const keys = new Map<string, string>();
  const list = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) return keys;
  if (list.length > MAX_JWKS_KEYS)
    log(`JWKS lists ${list.length} keys; only the first ${MAX_JWKS_KEYS} are considered`);
  for (const jwk of list.slice(0, MAX_JWKS_KEYS) as (Record<string, unknown> | null)[]) {
    const { kid, kty, use, alg, n, e } = jwk ?? {};
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 256 || keys.has(kid)) continue;
    if (kty !== 'RSA' || (use ?? 'sig') !== 'sig' || (alg ?? 'RS256') !== 'RS256') continue;
    if (typeof n !== 'string' || Buffer.from(n, 'base64url').length !== 256 || e !== 'AQAB') {
      log(`JWKS key ${kid.slice(0, 64)} skipped: not RSA-2048 with e=65537`);
      continue;
    }
    try {
      const pem = createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      keys.set(kid, pem.toString());
    } catch {
      log(`JWKS key ${kid.slice(0, 64)} skipped: not a valid RSA public key`);
    }
  }
  return keys;
}
