import { FieldErrors } from '../http/field-errors.js';
import type { FapiContext } from './context.js';
import { fapiErrors } from './errors.js';

/**
 * `redirect_url` of a navigation endpoint, accepted only on the app's own origin: FAPI must not
 * be an open redirector (a handshake link would otherwise bounce a session token anywhere).
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
  const origin = ctx.request.appOrigin;
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !origin || url.origin !== origin)
    throw fapiErrors.redirectNotAllowed();
  return url;
}
