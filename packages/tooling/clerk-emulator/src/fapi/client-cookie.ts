import type { FapiContext } from './context.js';
import { serializeCookie } from './cookies.js';

export const CLIENT_COOKIE = '__client';
export const CLIENT_UAT_COOKIE = '__client_uat';
export const SESSION_COOKIE = '__session';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/** `__client_uat` value: the last sign-in time (epoch seconds) while a session is active, else 0. */
export function clientUatValue(ctx: FapiContext): number {
  const client = ctx.client;
  if (!client || ctx.destroyed || ctx.activeSessions().length === 0) return 0;
  return client.authChangedAt;
}

/**
 * Cookies a production FAPI sets after a client request: the HttpOnly `__client` (new or cleared)
 * and `__client_uat` in both spellings @clerk/backend reads (plain and `_<suffix>`).
 * `__session` is clerk-js's job (it writes it from `last_active_token`).
 */
export function clientCookies(ctx: FapiContext, hadClientCookie: boolean): string[] {
  const secure = ctx.request.secure;
  const cookies: string[] = [];
  if (ctx.issuedClientToken)
    cookies.push(
      serializeCookie(CLIENT_COOKIE, ctx.issuedClientToken, { httpOnly: true, secure, maxAge: ONE_YEAR_SECONDS }),
    );
  else if (hadClientCookie && (ctx.destroyed || !ctx.client))
    cookies.push(serializeCookie(CLIENT_COOKIE, '', { httpOnly: true, secure, maxAge: 0 }));
  if (ctx.client || hadClientCookie || ctx.destroyed)
    cookies.push(...uatCookies(ctx.deps.config.cookieSuffix, clientUatValue(ctx), secure));
  return cookies;
}

function uatCookies(suffix: string, value: number, secure: boolean): string[] {
  return [CLIENT_UAT_COOKIE, `${CLIENT_UAT_COOKIE}_${suffix}`].map((name) =>
    serializeCookie(name, String(value), { secure, maxAge: ONE_YEAR_SECONDS }),
  );
}
