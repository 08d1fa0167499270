import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

import type { ChangeFeed } from './changes/change-feed.js';
import { PgChangeFeed } from './changes/pg-change-feed.js';
import { PgliteChangeFeed } from './changes/pglite-change-feed.js';
import type { Database } from './database.js';
import { migratePglite, migratePostgres } from './migrations.js';
import { lockDataDir } from './pglite-lock.js';
import { createMigratedMemoryPglite } from './pglite-memory.js';
import * as schema from './schema/index.js';

/** `logger` sees every statement Drizzle sends (tests count them: one per `note.list`). */
type CommonOptions = { migrate?: boolean; logger?: Logger };

export type DatabaseOptions =
  | ({ kind: 'postgres'; url: string; poolMax: number; log?: (message: string) => void } & CommonOptions)
  /** `dataDir` is a directory path or `memory://`. */
  | ({ kind: 'pglite'; dataDir: string } & CommonOptions);

export interface OpenDatabase {
  db: Database;
  kind: 'postgres' | 'pglite';
  /**
   * The change bus's receiving side, not yet started (`start()` it where caches live): on
   * PostgreSQL a LISTEN on its own connection, on PGlite the in-process LISTEN.
   */
  changes: ChangeFeed;
  /** The PostgreSQL pool's connections right now (for metrics); null on PGlite, which has no pool. */
  poolStats(): PoolStats | null;
  /** Closes the change feed, then the pool (or PGlite). */
  close(): Promise<void>;
}

export interface PoolStats {
  /** Open and not checked out. */
  idle: number;
  /** Checked out by a query or transaction. */
  busy: number;
  /** Callers queued for a connection (the pool is at its maximum). */
  waiting: number;
}

export const PGLITE_MEMORY = 'memory://';

/**
 * The database settings from the environment: `DATABASE_URL` (postgres:// or postgresql://) means
 * PostgreSQL through node-postgres with a pool of `DATABASE_POOL_MAX` (default 10); without it,
 * embedded PGlite in `PGLITE_DIR` (default `.data/pglite` under `cwd`; `memory://` for in-memory).
 * Hosts validate these first (the server's zod config); this only reads them.
 */
export function databaseOptionsFromEnv(
  env: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): DatabaseOptions {
  const url = env['DATABASE_URL'];
  if (url) return { kind: 'postgres', url, poolMax: Number(env['DATABASE_POOL_MAX'] ?? 10) };
  const dir = env['PGLITE_DIR'] || '.data/pglite';
  return { kind: 'pglite', dataDir: dir === PGLITE_MEMORY ? dir : path.resolve(cwd, dir) };
}

const logging = (options: CommonOptions) => (options.logger ? { logger: options.logger } : {});

/** Opens the database and (unless `migrate: false`) applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  return options.kind === 'postgres' ? openPostgres(options) : openPglite(options);
}

async function openPostgres(options: Extract<DatabaseOptions, { kind: 'postgres' }>): Promise<OpenDatabase> {
  if (options.migrate !== false) await migratePostgres(options.url);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    // A database outage must fail requests quickly (503), not queue them forever.
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection emits here; without a listener the process would crash.
  pool.on('error', () => {});
  // A client checked out of the pool (inside a transaction) loses pg-pool's own error listener
  // until it is released: a connection lost then (PostgreSQL restarting, a failover) emitted an
  // unhandled 'error' and killed the process. Its queries fail all the same (a 503), and the pool
  // drops the broken client when it comes back.
  pool.on('connect', (client) => client.on('error', () => {}));
  const changes = new PgChangeFeed({ url: options.url, ...(options.log ? { log: options.log } : {}) });
  return {
    db: drizzlePg({ client: pool, schema, ...logging(options) }),
    kind: 'postgres',
    changes,
    poolStats: () => ({
      idle: pool.idleCount,
      busy: pool.totalCount - pool.idleCount,
      waiting: pool.waitingCount,
    }),
    close: async () => {
      await changes.close();
      await pool.end();
    },
  };
}

async function openPglite(options: Extract<DatabaseOptions, { kind: 'pglite' }>): Promise<OpenDatabase> {
  const inMemory = options.dataDir === PGLITE_MEMORY;
  let release = () => {};
  if (!inMemory) {
    mkdirSync(path.dirname(options.dataDir), { recursive: true });
    release = lockDataDir(options.dataDir);
  }
  try {
    const migrate = options.migrate !== false;
    const client = !inMemory
      ? await PGlite.create(options.dataDir)
      : migrate
        ? await createMigratedMemoryPglite()
        : await PGlite.create();
    // Cheap on a migrated template (nothing pending); the real work on a data directory.
    if (migrate) await migratePglite(client);
    // PGlite runs no autovacuum, so it would plan every query without statistics (and read a
    // whole scope's notes for each page, see selectPage): gather them once per open.
    await client.exec('analyze');
    const changes = new PgliteChangeFeed(client);
    return {
      db: drizzlePglite({ client, schema, ...logging(options) }),
      kind: 'pglite',
      changes,
      poolStats: () => null,
      close: async () => {
        try {
          await changes.close();
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
