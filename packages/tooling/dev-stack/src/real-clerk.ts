import type { ClerkMode } from './clerk-mode.js';
import type { DevClerk } from './dev-clerk.js';
import type { DevPorts } from './ports.js';

/**
 * Your Clerk instance: no emulator. The apps inherit the environment (and .env.local) as it is;
 * only the publishable key is handed to both under the name each reads. Each app validates the
 * rest when it starts and names what is wrong.
 */
export function realClerk(
  mode: Extract<ClerkMode, { kind: 'real' }>,
  ports: DevPorts,
  env: Record<string, string | undefined>,
): DevClerk {
  const proxy = env['NEXT_PUBLIC_CLERK_PROXY_URL'];
  return {
    serverEnv: { CLERK_PUBLISHABLE_KEY: mode.publishableKey },
    webEnv: { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: mode.publishableKey },
    banner: [
      `Clerk            your instance: Frontend API ${mode.frontendApi}${proxy ? ` (through ${proxy}${env['CLERK_FAPI_URL'] ? ` → ${env['CLERK_FAPI_URL']}` : ''})` : ''}, Backend API ${env['CLERK_API_URL'] ?? 'https://api.clerk.com'}; no emulator`,
      `  keys             ${mode.publishableKey.slice(0, 8)}… / ${mode.secretKey.slice(0, 8)}… (environment or .env.local)`,
      `  session tokens   ${env['CLERK_JWT_KEY'] ? 'verified with CLERK_JWT_KEY (networkless)' : 'verified with keys from the JWKS endpoint (set CLERK_JWT_KEY to skip the network)'}`,
      env['CLERK_WEBHOOK_SIGNING_SECRET']
        ? `  webhooks         POST ${ports.apiOrigin}/webhooks/clerk verifies with CLERK_WEBHOOK_SIGNING_SECRET (reach it through a tunnel: README)`
        : `  webhooks         off (no CLERK_WEBHOOK_SIGNING_SECRET): the user mirror fills on first request only`,
      `  web origin       ${ports.webOrigin} must be allowed by your instance (README: "Real Clerk")`,
      `Sign in with your instance's users.`,
    ],
    close: async () => undefined,
  };
}
