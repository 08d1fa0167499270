import type { ClerkEmulator } from '@stack/clerk-emulator';

import { type AppConfig, loadConfig } from '../../src/config/app-config.js';

/** The server's environment for a test emulator: Clerk's keys and URL, loopback, any free port. */
export function emulatorEnv(
  emulator: ClerkEmulator,
  options: { jwtKey?: boolean; authorizedParties: string },
): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    CLERK_SECRET_KEY: emulator.secretKey,
    CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
    CLERK_API_URL: emulator.url,
    CLERK_AUTHORIZED_PARTIES: options.authorizedParties,
    ...(options.jwtKey ? { CLERK_JWT_KEY: emulator.publicKeyPem } : {}),
  };
}

/** The server's configuration for a test emulator, through the same validation as boot. */
export function emulatorConfig(
  emulator: ClerkEmulator,
  options: { jwtKey?: boolean; authorizedParties: string; env?: Record<string, string> },
): AppConfig {
  return loadConfig({
    NODE_ENV: 'production',
    ...emulatorEnv(emulator, options),
    // One in-memory database per test server (a shared PGlite dir would be refused: one process per dir).
    PGLITE_DIR: 'memory://',
    ...options.env,
  });
}
