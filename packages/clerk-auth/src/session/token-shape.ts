/**
 * Cheap structural checks before any cryptography. Clerk's decoder accepts "loose" base64url
 * (padding, stray characters, non-zero trailing bits), so several strings decode to the same
 * token. We accept only the canonical spelling: one token, one string, one cache entry.
 */
export const MAX_TOKEN_LENGTH = 8 * 1024;

const SEGMENT = /^[A-Za-z0-9_-]+$/;

export type TokenShapeProblem = 'token-too-large' | 'token-malformed' | 'token-not-canonical';

export function checkTokenShape(token: string): TokenShapeProblem | null {
  if (token.length > MAX_TOKEN_LENGTH) return 'token-too-large';
  const parts = token.split('.');
  if (parts.length !== 3) return 'token-malformed';
  for (const part of parts) {
    if (!SEGMENT.test(part)) return 'token-malformed';
    // Re-encoding the decoded bytes must give the same text: rules out trailing-bit variants.
    if (Buffer.from(part, 'base64url').toString('base64url') !== part) return 'token-not-canonical';
  }
  return null;
}
