import { headerValues, type RequestLike } from './request-like.js';
import type { Transport } from './session-token.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookies ride along on cross-site requests and Clerk has no CSRF defence, so a state-changing
 * request authenticated by cookie must come from an authorized origin. Bearer tokens cannot be
 * attached by another site, so they are exempt. A missing or `null` Origin is refused.
 */
export function isCrossSiteCookieWrite(
  req: RequestLike,
  transport: Transport,
  authorizedOrigins: ReadonlySet<string>,
): boolean {
  if (transport !== 'cookie') return false;
  if (SAFE_METHODS.has((req.method ?? 'GET').toUpperCase())) return false;
  const origins = headerValues(req, 'origin');
  return origins.length !== 1 || !authorizedOrigins.has(origins[0]!);
}
