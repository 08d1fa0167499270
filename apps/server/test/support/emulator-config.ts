import { inject } from 'vitest';

import type { ClerkEmulator } from '@stack/clerk-emulator';
import { serverEnv } from '@stack/test-harness';
import { createTestDatabase } from '@stack/test-kit/postgres';

import { type AppConfig, loadConfig } from '../../src/config/app-config.js';

/**
 * The server's configuration for a test emulator, through the same validation as boot. Unless
 * `env` picks a database, each server gets a fresh copy of the run's migrated PostgreSQL template
 * (test/global-setup.ts): tens of milliseconds, where an in-memory PGlite costs seconds of CPU to
 * start. The PGlite tests name it (`PGLITE_DIR`).
 */
export async function emulatorConfig(
  emulator: ClerkEmulator,
  options: { jwtKey?: boolean; authorizedParties: string; env?: Record<string, string> },
): Promise<AppConfig> {
  const env = options.env ?? {};
  const database =
    'DATABASE_URL' in env || 'PGLITE_DIR' in env
      ? {}
      : { DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')) };
  return loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    ...serverEnv(emulator, {
      mode: options.jwtKey ? 'jwt-key' : 'jwks',
      authorizedParties: options.authorizedParties,
    }),
    ...database,
    ...env,
  });
}
