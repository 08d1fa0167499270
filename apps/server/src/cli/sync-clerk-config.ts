import { createClerkClient } from '@clerk/backend';

import { type DatabaseOptions, databaseOptionsFromEnv } from '@stack/db';

import { ConfigError, configProblems } from '../config/config-error.js';
import { envSchema } from '../config/env.schema.js';

/** What the sync needs, validated with the server's own rules: Clerk's Backend API and the database. */
const syncEnvSchema = envSchema.pick({
  CLERK_SECRET_KEY: true,
  CLERK_API_URL: true,
  DATABASE_URL: true,
  DATABASE_POOL_MAX: true,
  PGLITE_DIR: true,
});

export function loadSyncConfig(environment: Record<string, string | undefined>): {
  clerk: ReturnType<typeof createClerkClient>;
  database: DatabaseOptions;
} {
  const parsed = syncEnvSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError(configProblems(parsed.error));
  }
  const env = parsed.data;
  return {
    clerk: createClerkClient({
      secretKey: env.CLERK_SECRET_KEY,
      apiUrl: env.CLERK_API_URL,
      telemetry: { disabled: true },
    }),
    database: databaseOptionsFromEnv({
      DATABASE_URL: env.DATABASE_URL,
      DATABASE_POOL_MAX: String(env.DATABASE_POOL_MAX),
      PGLITE_DIR: env.PGLITE_DIR,
    }),
  };
}
