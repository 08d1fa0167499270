import { clerkFrontendApiProxy } from '@clerk/backend/proxy';

import { OWN_FRONTEND_API_PROXY as FRONTEND_API_PROXY_PATH } from '../config/clerk-build-env';

export const isFrontendApiPath = (pathname: string) =>
  pathname === FRONTEND_API_PROXY_PATH || pathname.startsWith(`${FRONTEND_API_PROXY_PATH}/`);

/**
 * Headers a client may set to lie about who and where it is. Clerk's proxy forwards them (and
 * derives the proxy URL from X-Forwarded-Host/Proto and the client IP from the first of these it
 * finds), so unless a reverse proxy in front of this app overwrites them, they are dropped: the
 * library then fills X-Forwarded-Host/Proto from the URL this server was actually reached at.
 */
const CLIENT_FORWARDING_HEADERS = ['forwarded', 'x-real-ip', 'cf-connecting-ip', 'true-client-ip', 'x-client-ip'];
const isForwardingHeader = (name: string) =>
  name.startsWith('x-forwarded-') || CLIENT_FORWARDING_HEADERS.includes(name);

export interface FrontendApiProxyOptions {
  timeoutMs: number;
  trustProxyHeaders: boolean;
  publishableKey: string;
  secretKey: string;
  /** Clerk's Frontend API (CLERK_FAPI_URL, or the one the publishable key names). */
  fapiUrl: string;
}

type Failure = 'timeout' | 'unreachable';

const isDocumentNavigation = (req: Request) =>
  req.method === 'GET' &&
  (req.headers.get('sec-fetch-dest') === 'document' ||
    (!req.headers.has('sec-fetch-dest') && (req.headers.get('accept') ?? '').includes('text/html')));

/** Clerk's own failure answer (`proxy_request_failed`), as opposed to an answer from the Frontend API. */
async function isLibraryFailure(res: Response): Promise<boolean> {
  if (res.status !== 502 || !res.headers.get('content-type')?.startsWith('application/json')) return false;
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { errors?: { code?: string }[] } | null;
  return body?.errors?.[0]?.code === 'proxy_request_failed';
}

function failureResponse(failure: Failure, req: Request): Response {
  const status = failure === 'timeout' ? 504 : 502;
  const headers = { 'cache-control': 'no-store', 'retry-after': '5' };
  if (isDocumentNavigation(req)) {
    // A navigation (the session handshake) lands a person here: a page, not raw JSON.
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in is unavailable · stack</title></head><body><main><h1>Sign-in is unavailable</h1><p>The sign-in service did not answer. This is usually brief.</p><p><a href="/">Back to the home page</a></p></main></body></html>`;
    return new Response(html, { status, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
  }
  // The shape of Clerk's own proxy errors, so clerk-js reads it as a failed request; no internals.
  const code = failure === 'timeout' ? 'proxy_timeout' : 'proxy_request_failed';
  const message = failure === 'timeout' ? 'The Frontend API did not answer in time' : 'The Frontend API is unreachable';
  return Response.json({ errors: [{ code, message }] }, { status, headers });
}

/**
 * `/__clerk/*` through `@clerk/backend/proxy` with a deadline: the library's fetch takes no signal
 * or timeout, so the answer is raced against a timer (the abandoned upstream request is then left
 * to undici's own timeouts). Failures get a generic answer: HTML for a navigation, JSON otherwise.
 */
export async function proxyFrontendApi(req: Request, options: FrontendApiProxyOptions): Promise<Response> {
  const headers = new Headers();
  req.headers.forEach((value, name) => {
    if (options.trustProxyHeaders || !isForwardingHeader(name)) headers.set(name, value);
  });
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== null;
  // Next derives the URL's scheme from X-Forwarded-Proto too; untrusted, this server is plain HTTP
  // (the standalone server): behind a TLS terminator, set TRUST_PROXY_HEADERS.
  const url = new URL(req.url);
  if (!options.trustProxyHeaders) url.protocol = 'http:';
  const forwarded = new Request(url, {
    method: req.method,
    headers,
    ...(hasBody ? { body: req.body, duplex: 'half' } : {}),
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs)),
  );
  try {
    const answer = await Promise.race([
      clerkFrontendApiProxy(forwarded, {
        proxyPath: FRONTEND_API_PROXY_PATH,
        publishableKey: options.publishableKey,
        secretKey: options.secretKey,
        fapiUrl: options.fapiUrl,
      }),
      deadline,
    ]);
    if (answer === 'timeout') return failureResponse('timeout', req);
    if (await isLibraryFailure(answer)) return failureResponse('unreachable', req);
    return answer;
  } catch {
    return failureResponse('unreachable', req);
  } finally {
    clearTimeout(timer);
  }
}
