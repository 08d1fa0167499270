import type { BrowserContext } from 'playwright-core';

import type { ClerkEmulator } from '../../src/index.js';
import { clerkClientFor } from '../helpers.js';
import { PROXY_PATH } from './conformance-page.js';

export interface BackendView {
  status: string;
  reason: string | null;
  userId: string | null;
  sessionId: string | null;
  orgId: string | null;
  token: string | null;
}

/** The browser's cookies for the app, as the Cookie header a page request would carry. */
async function cookieHeader(context: BrowserContext, appUrl: string): Promise<string> {
  return (await context.cookies(appUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
}

/**
 * What clerkMiddleware would decide for a page request with the browser's current cookies:
 * the real @clerk/backend `authenticateRequest`, keys from the emulator's JWKS.
 */
export async function backendView(
  emulator: ClerkEmulator,
  context: BrowserContext,
  appUrl: string,
): Promise<BackendView> {
  const clerk = clerkClientFor(emulator);
  const request = new Request(appUrl + '/dashboard', {
    headers: { cookie: await cookieHeader(context, appUrl), accept: 'text/html', 'sec-fetch-dest': 'document' },
  });
  const state = await clerk.authenticateRequest(request, {
    proxyUrl: appUrl + PROXY_PATH,
    authorizedParties: [appUrl],
  });
  const auth = state.toAuth();
  const signedIn = auth && 'userId' in auth ? auth : null;
  return {
    status: state.status,
    reason: state.reason ?? null,
    userId: signedIn?.userId ?? null,
    sessionId: signedIn && 'sessionId' in signedIn ? (signedIn.sessionId ?? null) : null,
    orgId: signedIn && 'orgId' in signedIn ? (signedIn.orgId ?? null) : null,
    token: state.token ?? null,
  };
}

export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
