import type { Logger } from 'drizzle-orm';
import { inject } from 'vitest';

import { createTestDatabase } from '@stack/test-kit/postgres';

import { type OpenDatabase, openDatabase, PGLITE_MEMORY } from '../../src/index.js';

export const DRIVERS = ['pglite', 'postgres'] as const;
export type Driver = (typeof DRIVERS)[number];

/** A fresh, migrated database: in-memory PGlite, or a copy of the run's PostgreSQL template. */
export async function openTestDatabase(
  driver: Driver,
  options: { logger?: Logger } = {},
): Promise<OpenDatabase & { url?: string }> {
  if (driver === 'pglite') return openDatabase({ kind: 'pglite', dataDir: PGLITE_MEMORY, ...options });
  const url = await createTestDatabase(inject('postgresAdminUrl'));
  return { ...(await openDatabase({ kind: 'postgres', url, poolMax: 10, migrate: false, ...options })), url };
}
