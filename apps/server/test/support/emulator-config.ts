import type { ClerkEmulator } from '@stack/clerk-emulator';
import { serverEnv } from '@stack/test-harness';

import { type AppConfig, loadConfig } from '../../src/config/app-config.js';

/** The server's configuration for a test emulator, through the same validation as boot. */
export function emulatorConfig(
  emulator: ClerkEmulator,
  options: { jwtKey?: boolean; authorizedParties: string; env?: Record<string, string> },
): AppConfig {
  return loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    ...serverEnv(emulator, {
      mode: options.jwtKey ? 'jwt-key' : 'jwks',
      authorizedParties: options.authorizedParties,
    }),
    // One in-memory database per test server (a shared PGlite dir would be refused: one process per dir).
    PGLITE_DIR: 'memory://',
    ...options.env,
  });
}
