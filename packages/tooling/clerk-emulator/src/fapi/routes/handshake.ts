import { mintSessionToken } from '../../tokens/mint-session-token.js';
import { signWithInstanceKey } from '../../tokens/mint-session-token.js';
import { CLIENT_UAT_COOKIE, clientUatValue, SESSION_COOKIE } from '../client-cookie.js';
import type { FapiContext } from '../context.js';
import { serializeCookie } from '../cookies.js';
import { appRedirectUrl } from '../redirect-url.js';
import type { FapiRoute } from '../route.js';

const HANDSHAKE_COOKIE = '__clerk_handshake';
const HANDSHAKE_NONCE_COOKIE = '__clerk_handshake_nonce';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;
const HANDSHAKE_COOKIE_SECONDS = 60;

/**
 * The cookie directives that sync the app's cookies with this client: a fresh `__session` and
 * `__client_uat` while signed in, cleared ones otherwise; they also clear the handshake cookies.
 */
function handshakeDirectives(ctx: FapiContext, redirect: URL): string[] {
  const secure = ctx.request.secure;
  const suffixes =
    ctx.request.query.get('suffixed_cookies') === 'true' ? ['', `_${ctx.deps.config.cookieSuffix}`] : [''];
  const session =
    ctx.activeSessions().find((s) => s.id === ctx.client?.lastActiveSessionId) ?? ctx.activeSessions().at(-1);
  const token = session ? mintSessionToken(ctx.deps.mint, { sessionId: session.id, azp: redirect.origin }) : '';
  const uat = session ? clientUatValue(ctx) : 0;
  return [
    ...suffixes.flatMap((suffix) => [
      serializeCookie(SESSION_COOKIE + suffix, token, { secure, ...(token ? {} : { maxAge: 0 }) }),
      serializeCookie(CLIENT_UAT_COOKIE + suffix, String(uat), { secure, maxAge: ONE_YEAR_SECONDS }),
    ]),
    serializeCookie(HANDSHAKE_COOKIE, '', { secure, maxAge: 0 }),
    serializeCookie(HANDSHAKE_NONCE_COOKIE, '', { secure, maxAge: 0 }),
  ];
}

/**
 * `GET /v1/client/handshake`: where @clerk/backend sends a document request whose cookies
 * disagree (expired token, uat newer than the token, one of the two missing). The answer goes
 * back to `redirect_url` with the directives, either behind a nonce the app's backend redeems at
 * `GET /v1/clients/handshake_payload` (`format=nonce`, what @clerk/backend asks for) or as a
 * `__clerk_handshake` JWT signed with the instance key.
 */
export function handshakeRoutes(): FapiRoute[] {
  return [
    {
      method: 'GET',
      path: '/client/handshake',
      handler: (ctx) => {
        const redirect = appRedirectUrl(ctx);
        const directives = handshakeDirectives(ctx, redirect);
        const secure = ctx.request.secure;
        const cookie =
          ctx.request.query.get('format') === 'nonce'
            ? serializeCookie(HANDSHAKE_NONCE_COOKIE, ctx.deps.handshakes.issue(directives), {
                secure,
                httpOnly: true,
                maxAge: HANDSHAKE_COOKIE_SECONDS,
              })
            : serializeCookie(HANDSHAKE_COOKIE, signWithInstanceKey(ctx.deps.mint, { handshake: directives }), {
                secure,
                httpOnly: true,
                maxAge: HANDSHAKE_COOKIE_SECONDS,
              });
        return { kind: 'redirect', location: redirect.href, cookies: [cookie] };
      },
    },
    {
      // Extends the client cookie and returns; clerk-js navigates here when the cookie is about to expire.
      method: 'GET',
      path: '/client/touch',
      handler: (ctx) => {
        const redirect = appRedirectUrl(ctx);
        const client = ctx.client;
        if (client) ctx.commit(client);
        return { kind: 'redirect', location: redirect.href, cookies: [] };
      },
    },
  ];
}
