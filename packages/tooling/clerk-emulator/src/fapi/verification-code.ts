import type { ClerkApiError } from '../http/clerk-error.js';
import type { FactorVerification } from '../store/client-types.js';
import { fapiErrors } from './errors.js';

const CODE_TTL_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 5;

export function newCodeVerification(): FactorVerification {
  return { strategy: 'email_code', status: 'unverified', attempts: 0, expireAt: Date.now() + CODE_TTL_MS };
}

/** `verification` on failure: the record to keep (attempt counted), or null when there is nothing to update. */
export type CodeCheck =
  | { ok: true; verification: FactorVerification }
  | { ok: false; verification: FactorVerification | null; error: ClerkApiError };

/**
 * Checks an emailed code against the fixed development code. Wrong codes count; the fifth
 * wrong one fails the verification until a new code is prepared.
 */
export function checkEmailCode(verification: FactorVerification | null, code: string, expected: string): CodeCheck {
  // No code was prepared (or a password factor is pending): nothing to attempt.
  if (!verification || verification.strategy !== 'email_code')
    return { ok: false, verification: null, error: fapiErrors.verificationExpired() };
  if (verification.status === 'failed')
    return { ok: false, verification: null, error: fapiErrors.verificationFailed() };
  if (verification.expireAt !== null && verification.expireAt <= Date.now())
    return { ok: false, verification: null, error: fapiErrors.verificationExpired() };
  const attempts = verification.attempts + 1;
  if (code.trim() === expected) return { ok: true, verification: { ...verification, status: 'verified', attempts } };
  const status = attempts >= MAX_ATTEMPTS ? 'failed' : 'unverified';
  return {
    ok: false,
    verification: { ...verification, attempts, status },
    error: status === 'failed' ? fapiErrors.verificationFailed() : fapiErrors.codeIncorrect(),
  };
}
