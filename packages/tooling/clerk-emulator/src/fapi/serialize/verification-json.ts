import type { FactorVerification } from '../../store/client-types.js';

/** Clerk's VerificationJSON; a code past its expiry reads as `expired`. */
export function toVerificationJson(
  verification: FactorVerification,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const expired =
    verification.status === 'unverified' && verification.expireAt !== null && verification.expireAt <= Date.now();
  return {
    object: 'verification',
    status: expired ? 'expired' : verification.status,
    strategy: verification.strategy,
    attempts: verification.attempts,
    expire_at: verification.expireAt,
    error: null,
    verified_at_client: null,
    external_verification_redirect_url: null,
    nonce: null,
    message: null,
    ...extra,
  };
}
