import { type ClerkEmulator, clerkEnv } from '@stack/clerk-emulator';

/** The web app's origin in `pnpm dev`: the authorized party of the tests' servers unless they say otherwise. */
export const WEB_ORIGIN = 'http://localhost:3000';

type EmulatorLike = Parameters<typeof clerkEnv>[0] & Pick<ClerkEmulator, 'webhooks'>;

export interface ServerEnvOptions {
  /** `jwt-key` sets CLERK_JWT_KEY (networkless verification); `jwks` leaves it out (keys fetched from the emulator). */
  mode: 'jwks' | 'jwt-key';
  /** CLERK_AUTHORIZED_PARTIES: the origins whose tokens the server accepts (default WEB_ORIGIN). */
  authorizedParties?: string | readonly string[];
  /** CLERK_WEBHOOK_SIGNING_SECRET: the emulator's secret, so POST /webhooks/clerk accepts what it sends. */
  webhooks?: boolean;
}

/**
 * The API server's Clerk variables for an emulator, exactly as an operator sets them for a Clerk
 * instance (README): the one place tests, the bench, the load tests and `pnpm dev` get them from.
 */
export function serverEnv(emulator: EmulatorLike, options: ServerEnvOptions): Record<string, string> {
  const clerk = clerkEnv(emulator);
  const parties = options.authorizedParties ?? WEB_ORIGIN;
  return {
    CLERK_SECRET_KEY: clerk['CLERK_SECRET_KEY']!,
    CLERK_PUBLISHABLE_KEY: clerk['CLERK_PUBLISHABLE_KEY']!,
    CLERK_API_URL: clerk['CLERK_API_URL']!,
    CLERK_AUTHORIZED_PARTIES: typeof parties === 'string' ? parties : parties.join(','),
    CLERK_TELEMETRY_DISABLED: '1',
    ...(options.mode === 'jwt-key' && { CLERK_JWT_KEY: clerk['CLERK_JWT_KEY']! }),
    ...(options.webhooks && { CLERK_WEBHOOK_SIGNING_SECRET: emulator.webhooks.secret }),
  };
}

/**
 * The web app's variables (its standalone server or `next dev`) for an emulator and the API at `apiUrl`:
 * Clerk's keys, the Frontend API its `/__clerk` proxy forwards to (`fapiUrl`, default the
 * emulator itself), CLERK_JWT_KEY for networkless verification in the proxy, and the app's public
 * origin (`appOrigin`), on which its redirects are built.
 */
export function webEnv(
  emulator: EmulatorLike,
  options: { apiUrl: string; appOrigin: string; fapiUrl?: string },
): Record<string, string> {
  const { CLERK_WEBHOOK_SIGNING_SECRET: _secret, ...clerk } = clerkEnv(emulator);
  return {
    ...clerk,
    CLERK_FAPI_URL: options.fapiUrl ?? emulator.url,
    API_URL: options.apiUrl,
    APP_ORIGIN: options.appOrigin,
    NEXT_TELEMETRY_DISABLED: '1',
  };
}
