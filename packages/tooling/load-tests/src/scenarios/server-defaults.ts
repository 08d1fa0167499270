/**
 * The server's key-source default the bounds are derived from (packages/clerk-auth's
 * JwksKeySource): an unknown `kid` refetches the JWKS at most once per 30 s.
 */
export const UNKNOWN_KID_COOLDOWN_SECONDS = 30;
