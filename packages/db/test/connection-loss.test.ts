import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

import { ServiceUnavailableError } from '@stack/contracts';

import type { OpenDatabase } from '../src/index.js';
import { reportingOutages } from '../src/outage.js';
import { openTestDatabase } from './support/test-database.js';

let open: (OpenDatabase & { url?: string }) | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

/** Ends a backend from another connection, as PostgreSQL does to every session when it shuts down. */
async function terminate(url: string, pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => void uncaught.push(error);

describe('a PostgreSQL connection lost while it is checked out of the pool', () => {
  it('fails the transaction as an outage (503) without an uncaught error, and the pool serves again', async () => {
    open = await openTestDatabase('postgres');
    const { db, url } = open;
    // vitest would report an uncaught exception as a failed run: record it here to assert on it.
    process.on('uncaughtException', onUncaught);
    try {
      const attempt = reportingOutages(() =>
        db.transaction(async (tx) => {
          const { rows } = (await tx.execute(sql`select pg_backend_pid() as pid`)) as { rows: { pid: number }[] };
          // The session dies between two statements of the transaction: no query is active on it.
          await terminate(url!, rows[0]!.pid);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.execute(sql`select 1`);
        }),
      );
      await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(uncaught).toEqual([]);
      const after = (await db.execute(sql`select 1 as one`)) as { rows: { one: number }[] };
      expect(after.rows).toEqual([{ one: 1 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
