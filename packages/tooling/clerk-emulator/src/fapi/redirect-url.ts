import { FieldErrors } from '../http/field-errors.js';
import type { FapiContext } from './context.js';
import { fapiErrors } from './errors.js';

/**
 * `redirect_url` of a navigation endpoint, accepted only on an allowed origin (configured, the
 * emulator's own, or the verified proxy's), never on what the request's Referer claims: FAPI must
 * not be an open redirector (a handshake link would otherwise bounce a session token anywhere).
 * The URL must be absolute http(s) without userinfo; the answer redirects to its normalized form.
 */
export function appRedirectUrl(ctx: FapiContext): URL {
  const errors = new FieldErrors();
  const raw = ctx.request.query.get('redirect_url');
  if (!raw) {
    errors.add({
      code: 'form_param_missing',
      message: 'missing data',
      long_message: 'redirect_url is required',
      meta: { param_name: 'redirect_url' },
    });
    errors.throwIfAny();
  }
  let url: URL;
  try {
    url = new URL(raw!);
  } catch {
    throw fapiErrors.redirectNotAllowed();
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.password !== '' ||
    !ctx.request.allowsOrigin(url.origin)
  )
    throw fapiErrors.redirectNotAllowed();
  return url;
}
