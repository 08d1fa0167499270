import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

import type * as schema from './schema/index.js';

/** The app's database on either driver (node-postgres or PGlite): the same query code runs on both. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/**
 * What query helpers accept. Inside a transaction, pass its `tx`: using `db` there deadlocks on
 * PGlite (one session) and, on PostgreSQL, runs outside the transaction.
 */
export type Executor = Database | Tx;
