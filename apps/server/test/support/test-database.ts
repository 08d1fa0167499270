import { inject } from 'vitest';

import { createTestDatabase } from '@stack/test-kit/postgres';

/** The two databases the server runs on; the notes tests run on both. */
export const DATABASES = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASES)[number];

/**
 * The server environment selecting a fresh database: an in-memory PGlite, or a copy of the run's
 * migrated template on the run's shared PostgreSQL (test/global-setup.ts). The server still runs
 * its migrations at boot, as in production: there are none left to apply.
 */
export async function testDatabaseEnv(kind: DatabaseKind): Promise<Record<string, string>> {
  if (kind === 'pglite') return { PGLITE_DIR: 'memory://' };
  return { DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')) };
}
