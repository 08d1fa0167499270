import { startThrowawayPostgres, type ThrowawayPostgres } from '@stack/db/testing';

/** The two databases the server runs on; the notes tests run on both. */
export const DATABASES = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASES)[number];

export interface TestDatabase {
  /** Server environment selecting it (PGLITE_DIR or DATABASE_URL). */
  env: Record<string, string>;
  /** The throwaway server, for outage tests (undefined on PGlite). */
  postgres: ThrowawayPostgres | undefined;
  close(): Promise<void>;
}

/**
 * In-memory PGlite, or a throwaway PostgreSQL 15 of this test file's own (unix socket in a temp
 * dir, ready in well under a second); the server migrates it at boot, as in production.
 */
export async function startTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') return { env: { PGLITE_DIR: 'memory://' }, postgres: undefined, close: async () => {} };
  const postgres = await startThrowawayPostgres();
  return { env: { DATABASE_URL: postgres.url() }, postgres, close: () => postgres.stop() };
}
