import { fileURLToPath } from 'node:url';

import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as pgMigrator } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as pgliteMigrator } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';

/** The committed SQL migrations; resolves the same from src/ (tests) and dist/ (builds). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Any constant: every instance of the app must use the same one. */
const MIGRATION_LOCK_KEY = 7245001;

/**
 * Applies pending migrations on PostgreSQL under a session advisory lock held on one dedicated
 * Client (not a pool connection): drizzle's migrator takes no lock, and instances booting
 * together otherwise crash with "already exists".
 */
export async function migratePostgres(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => {}); // reported by the awaited calls below; without a listener it would crash
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await pgMigrator(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end(); // ends the session, which releases the lock
  }
}

/** PGlite is one process (our lock file sees to that), so no lock is needed here. */
export async function migratePglite(client: PGlite): Promise<void> {
  await pgliteMigrator(drizzlePglite({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
}
