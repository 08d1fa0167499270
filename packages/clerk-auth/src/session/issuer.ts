import { parsePublishableKey } from '@clerk/shared/keys';

/**
 * The `iss` every session token of this instance carries: its Frontend API URL, which the
 * publishable key encodes. Clerk's SDK does not check `iss`; we do (RFC 8725 §3.8).
 */
export function issuerFromPublishableKey(publishableKey: string): string {
  const parsed = parsePublishableKey(publishableKey);
  if (!parsed) throw new Error('CLERK_PUBLISHABLE_KEY is not a valid Clerk publishable key');
  return `https://${parsed.frontendApi}`;
}
