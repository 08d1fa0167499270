import { clerkJSScriptUrl, clerkUIScriptUrl } from '@clerk/shared/loadClerkJsScript';

import { renderClerkPage } from '../../src/static/clerk-page.js';

export const PROXY_PATH = '/__clerk';

/**
 * The script URLs @clerk/nextjs renders for a relative proxy URL, computed by @clerk/shared itself
 * (not hard-coded): `/__clerk/npm/@clerk/clerk-js@6/dist/clerk.browser.js` and the @clerk/ui one.
 */
function sdkScriptUrls(publishableKey: string): { clerkJs: string; clerkUi: string } {
  const opts = { publishableKey, proxyUrl: PROXY_PATH };
  return { clerkJs: clerkJSScriptUrl(opts), clerkUi: clerkUIScriptUrl(opts) };
}

/** The page the stand-in app serves: clerk-js booted through the app's `/__clerk` proxy. */
export function conformancePage(options: {
  publishableKey: string;
  authStatus: string;
  userId: string | null;
}): string {
  const { clerkJs, clerkUi } = sdkScriptUrls(options.publishableKey);
  return renderClerkPage({ ...options, proxyUrl: PROXY_PATH, clerkJsUrl: clerkJs, clerkUiUrl: clerkUi });
}
