import type { IncomingMessage, ServerResponse } from 'node:http';

import { ClerkApiError, clerkError, methodNotAllowed } from '../http/clerk-error.js';
import { sendClerkError, sendJson } from '../http/responses.js';
import { parseRequestTarget, PathRouter } from '../http/router.js';
import { CLIENT_COOKIE, clientCookies } from './client-cookie.js';
import { FapiContext } from './context.js';
import { parseCookieHeader } from './cookies.js';
import type { FapiDeps } from './deps.js';
import { fapiErrors } from './errors.js';
import { readFormBody } from './form-body.js';
import { FormFields } from './form-fields.js';
import { appOriginOf, isSecureRequest, publicBaseOf } from './request-origin.js';
import type { FapiRoute } from './route.js';
import { toClientJson } from './serialize/client-json.js';

// clerk-js only sends GET and POST; other methods ride on `?_method=` (fapiClient).
const OVERRIDABLE = new Set(['PATCH', 'PUT', 'DELETE']);

function effectiveMethod(req: IncomingMessage, query: URLSearchParams): string {
  const method = req.method ?? 'GET';
  const override = query.get('_method')?.toUpperCase();
  return method === 'POST' && override && OVERRIDABLE.has(override) ? override : method;
}

/**
 * Login CSRF defence, as a production Clerk instance applies its allowed origins: a state-changing
 * request must come from an allowed origin (browsers always send Origin on a POST, including a
 * cross-site auto-submitted form), and no request may carry a foreign Origin. Same-origin GETs and
 * navigations carry none; the two navigation endpoints check their `redirect_url` instead.
 */
function assertAllowedOrigin(req: IncomingMessage, deps: FapiDeps): void {
  const origin = req.headers.origin;
  const stateChanging = req.method !== 'GET' && req.method !== 'HEAD';
  if (origin === undefined || origin === '') {
    if (stateChanging) throw fapiErrors.originInvalid();
    return;
  }
  if (!deps.origins.allows(origin, req.headers)) throw fapiErrors.originInvalid();
}

/**
 * One Frontend API request: route → body → client (from the `__client` cookie) → handler →
 * `{response, client}` with the client's cookies. Errors are Clerk-shaped; anything unexpected
 * is a generic 500 and, because handlers commit last, leaves the store as it was.
 */
export function createFapiHandler(deps: FapiDeps, routes: readonly FapiRoute[], onError: (error: unknown) => void) {
  const router = new PathRouter(routes);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await handle(req, res, deps, router);
    } catch (error) {
      if (!req.complete) res.setHeader('Connection', 'close');
      if (error instanceof ClerkApiError) return sendClerkError(res, error);
      onError(error);
      sendClerkError(
        res,
        clerkError(
          500,
          'internal_clerk_error',
          'Oops, an unexpected error occurred',
          'The emulator failed to handle this request.',
        ),
      );
    }
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: FapiDeps,
  router: PathRouter<FapiRoute>,
): Promise<void> {
  const target = parseRequestTarget(req.url);
  if (!target) throw clerkError(404, 'resource_not_found', 'not found', 'The requested resource was not found.');
  const method = effectiveMethod(req, target.query);
  const match = router.match(method, target.segments);
  if (match.kind === 'not_found')
    throw clerkError(404, 'resource_not_found', 'not found', 'The requested resource was not found.');
  if (match.kind === 'method_not_allowed') {
    throw methodNotAllowed(match.allowed);
  }
  assertAllowedOrigin(req, deps);
  const form = new FormFields(req.method === 'GET' || req.method === 'HEAD' ? new Map() : await readFormBody(req));
  const cookies = parseCookieHeader(req.headers.cookie);
  const clientToken = cookies.get(CLIENT_COOKIE);
  const client = clientToken ? deps.clients.findByToken(clientToken) : undefined;
  const appOrigin = appOriginOf(req.headers);
  const ctx = new FapiContext(
    deps,
    {
      params: match.params,
      query: target.query,
      form,
      appOrigin,
      secure: isSecureRequest(req.headers, appOrigin),
      publicBase: publicBaseOf(req.headers),
      allowsOrigin: (origin) => deps.origins.allows(origin, req.headers),
    },
    client,
  );

  const result = await match.route.handler(ctx);
  const setCookies = match.route.usesClient === false ? [] : clientCookies(ctx, clientToken !== undefined);
  if (result.kind === 'redirect') {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(307, {
      Location: result.location,
      'Set-Cookie': [...setCookies, ...result.cookies],
      'Cache-Control': 'no-store',
      'Content-Length': 0,
    });
    res.end();
    return;
  }
  const body = result.kind === 'envelope' ? { response: result.response, client: toClientJson(ctx) } : result.body;
  sendJson(res, 200, body, setCookies.length > 0 ? { 'Set-Cookie': setCookies } : {});
}
