import { parsePublishableKey } from '@clerk/shared/keys';
import { z } from 'zod';

import { parseConfig, withoutEmpty } from './config-error';

/** This app's own same-origin proxy of Clerk's Frontend API (src/security/frontend-api-proxy.ts). */
export const OWN_FRONTEND_API_PROXY = '/__clerk';

const publishableKey = z
  .string()
  .refine(
    (key) => parsePublishableKey(key) !== null,
    'Must be a Clerk publishable key (pk_live_… or pk_test_…, Clerk Dashboard → API keys)',
  );

const proxyUrl = z.string().refine((value) => {
  if (value === OWN_FRONTEND_API_PROXY) return true;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}, `Must be ${OWN_FRONTEND_API_PROXY} (this app proxies Clerk's Frontend API) or the https URL of your own proxy; leave it unset to talk to Clerk directly`);

/**
 * What `next build` fixes into the app: Next inlines `NEXT_PUBLIC_*` values into the browser's
 * JavaScript (and the server's), so they are chosen when building, not when starting.
 */
const schema = z.object({
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey,
  NEXT_PUBLIC_CLERK_PROXY_URL: proxyUrl.optional(),
});

export type ClerkBuildEnv = z.output<typeof schema>;

/** The variables `next build` inlines (and checks). */
export const CLERK_BUILD_VARIABLES = ['NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'NEXT_PUBLIC_CLERK_PROXY_URL'] as const;

/** Validates the build-time Clerk settings; throws a WebConfigError naming each bad one. */
export function readClerkBuildEnv(env: Record<string, string | undefined>, heading?: string): ClerkBuildEnv {
  return parseConfig(schema, withoutEmpty(env, CLERK_BUILD_VARIABLES), heading);
}

/** The Frontend API host a publishable key names (e.g. `clerk.example.com`). */
export function frontendApiHostOf(key: string): string {
  const parsed = parsePublishableKey(key);
  if (!parsed) throw new Error('Not a Clerk publishable key');
  return parsed.frontendApi;
}
