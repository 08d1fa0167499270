import type { IncomingHttpHeaders } from 'node:http';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

function httpOrigin(value: string | undefined): string | undefined {
  if (!value || value === 'null') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The web app's origin: the tokens' `azp` and the base of redirect checks. Browsers send Origin on
 * POSTs; same-origin GETs carry only Referer; Clerk's proxy (clerkMiddleware `frontendApiProxy`)
 * adds `Clerk-Proxy-Url` and X-Forwarded-*.
 */
export function appOriginOf(headers: IncomingHttpHeaders): string | undefined {
  const forwardedHost = header(headers, 'x-forwarded-host')?.split(',')[0]?.trim();
  const forwardedProto = header(headers, 'x-forwarded-proto')?.split(',')[0]?.trim();
  return (
    httpOrigin(header(headers, 'origin')) ??
    httpOrigin(header(headers, 'clerk-proxy-url')) ??
    httpOrigin(header(headers, 'referer')) ??
    (forwardedHost && forwardedProto ? httpOrigin(`${forwardedProto}://${forwardedHost}`) : undefined)
  );
}

/** Cookies get `Secure` only when the browser talks https to the app (through the proxy). */
export function isSecureRequest(headers: IncomingHttpHeaders, appOrigin: string | undefined): boolean {
  if (appOrigin) return appOrigin.startsWith('https:');
  return header(headers, 'x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/**
 * Where the browser reaches the emulator: the app's proxy (`Clerk-Proxy-Url`, e.g.
 * `http://localhost:3000/__clerk`) or, without a proxy, the emulator's own origin.
 */
export function publicBaseOf(headers: IncomingHttpHeaders): string {
  const proxy = header(headers, 'clerk-proxy-url');
  if (proxy && httpOrigin(proxy)) return proxy.replace(/\/+$/, '');
  return `http://${header(headers, 'host') ?? 'localhost'}`;
}
