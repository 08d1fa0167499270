import { headerValues, type RequestLike } from './request-like.js';

export type Transport = 'bearer' | 'cookie';

export type ExtractedToken =
  { kind: 'none' } | { kind: 'token'; token: string; transport: Transport } | { kind: 'malformed'; reason: string };

const BEARER = /^bearer +([^\s,]+) *$/i;
const SESSION_COOKIE = '__session';

/**
 * Where the session token is: `Authorization: Bearer <jwt>` (scheme case-insensitive) or, only
 * when there is no Authorization header, the `__session` cookie. Anything ambiguous is refused
 * rather than guessed: two Authorization headers, another scheme, two different session cookies.
 */
export function extractSessionToken(req: RequestLike): ExtractedToken {
  const authorization = headerValues(req, 'authorization');
  if (authorization.length > 1) return { kind: 'malformed', reason: 'multiple-authorization-headers' };
  if (authorization.length === 1) {
    const match = BEARER.exec(authorization[0]!);
    if (!match) return { kind: 'malformed', reason: 'authorization-not-bearer' };
    return { kind: 'token', token: match[1]!, transport: 'bearer' };
  }

  const values = new Set(sessionCookieValues(headerValues(req, 'cookie')));
  if (values.size === 0) return { kind: 'none' };
  if (values.size > 1) return { kind: 'malformed', reason: 'conflicting-session-cookies' };
  const [token] = values;
  return token ? { kind: 'token', token, transport: 'cookie' } : { kind: 'none' };
}

function* sessionCookieValues(cookieHeaders: string[]): Generator<string> {
  for (const header of cookieHeaders) {
    for (const pair of header.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0 || pair.slice(0, eq).trim() !== SESSION_COOKIE) continue;
      yield pair.slice(eq + 1).trim();
    }
  }
}
