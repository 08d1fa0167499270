import { createSign, type KeyObject } from 'node:crypto';

/**
 * Merges `overrides` over `base`; an override whose value is `undefined` deletes the key.
 * That lets tests strip a claim (`{ sid: undefined }`) as well as set one.
 */
export function mergeClaims(
  base: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Compact JWS signed RS256 with `key`, whatever `alg` the header claims:
 * tests use a lying header to craft hostile tokens.
 */
export function signRs256(payload: Record<string, unknown>, header: Record<string, unknown>, key: KeyObject): string {
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
  return `${signingInput}.${signature}`;
}
