import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers for every response, API or not: no MIME sniffing, no framing, no referrer leaks, and
 * nothing a browser should cache unless a route says otherwise.
 */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-resource-policy', 'same-site');
  res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  // A default, so errors and refusals are never cached either; routes may set their own.
  res.setHeader('cache-control', 'no-store');
  res.removeHeader('x-powered-by');
}

/** The same, as a middleware (Express, or any adapter through `app.use`). */
export function securityHeaders(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  setSecurityHeaders(res);
  next();
}
