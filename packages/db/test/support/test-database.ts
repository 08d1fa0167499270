import { randomBytes } from 'node:crypto';

import type { Logger } from 'drizzle-orm';
import { inject } from 'vitest';

import { type OpenDatabase, openDatabase, PGLITE_MEMORY } from '../../src/index.js';

export const DRIVERS = ['pglite', 'postgres'] as const;
export type Driver = (typeof DRIVERS)[number];

/** A fresh, migrated database: in-memory PGlite, or a copy of the run's PostgreSQL template. */
export async function openTestDatabase(
  driver: Driver,
  options: { logger?: Logger } = {},
): Promise<OpenDatabase & { url?: string }> {
  if (driver === 'pglite') return openDatabase({ kind: 'pglite', dataDir: PGLITE_MEMORY, ...options });
  const admin = new URL(inject('postgresAdminUrl'));
  const name = `t_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`create database "${name}" template stack_template`);
  await client.end();
  const url = admin.toString().replace('/postgres?', `/${name}?`);
  return { ...(await openDatabase({ kind: 'postgres', url, poolMax: 10, migrate: false, ...options })), url };
}
