import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';

import { CHANGE_CHANNEL } from '../src/changes/change.js';
import {
  type Change,
  type ChangeSubscriber,
  LISTENER_APPLICATION_NAME,
  type OpenDatabase,
  publish,
} from '../src/index.js';
import { DRIVERS, openTestDatabase } from './support/test-database.js';

/** Records what a subscriber is told. */
function recorder(): ChangeSubscriber & { changes: Change[]; resyncs: number } {
  const r = {
    changes: [] as Change[],
    resyncs: 0,
    onChange: (change: Change) => void r.changes.push(change),
    onResync: () => void r.resyncs++,
  };
  return r;
}

let open: (OpenDatabase & { url?: string }) | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe.each(DRIVERS)('the change bus on %s', (driver) => {
  it('delivers a change published in a committed transaction, never one rolled back', async () => {
    open = await openTestDatabase(driver);
    const seen = recorder();
    open.changes.subscribe(seen);
    await open.changes.start();
    expect(open.changes.health()).toMatchObject({ connected: true, connects: 1 });

    await open.db.transaction(async (tx) => {
      await publish(tx, { kind: 'user', id: 'user_committed' });
    });
    await open.db
      .transaction(async (tx) => {
        await publish(tx, { kind: 'user', id: 'user_rolled_back' });
        throw new Error('roll back');
      })
      .catch(() => {});
    await publish(open.db, { kind: 'org', id: 'org_outside_tx' });
    // Not a change: ignored, and it does not stop the feed.
    await open.db.execute(sql`select pg_notify(${CHANGE_CHANNEL}, ${'{"kind":"nope"}'})`);
    await publish(open.db, { kind: 'user', id: 'user_last' });

    await expect.poll(() => seen.changes.length).toBe(3);
    expect(seen.changes).toEqual([
      { kind: 'user', id: 'user_committed' },
      { kind: 'org', id: 'org_outside_tx' },
      { kind: 'user', id: 'user_last' },
    ]);
  });

  it('stops delivering after unsubscribe and after close', async () => {
    open = await openTestDatabase(driver);
    const seen = recorder();
    const unsubscribe = open.changes.subscribe(seen);
    await open.changes.start();
    await publish(open.db, { kind: 'user', id: 'a' });
    await expect.poll(() => seen.changes.length).toBe(1);
    unsubscribe();
    const other = recorder();
    open.changes.subscribe(other);
    await publish(open.db, { kind: 'user', id: 'b' });
    await expect.poll(() => other.changes.length).toBe(1);
    expect(seen.changes).toHaveLength(1);
    await open.changes.close();
    expect(open.changes.health().connected).toBe(false);
  });
});

describe('the PostgreSQL listener', () => {
  it('reconnects by itself after its connection is killed, and tells subscribers to drop everything', async () => {
    open = await openTestDatabase('postgres');
    const seen = recorder();
    open.changes.subscribe(seen);
    await open.changes.start();
    expect(seen.resyncs).toBe(1);

    const admin = new pg.Client({ connectionString: open.url });
    await admin.connect();
    try {
      const killed = await admin.query<{ n: number }>(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
         where application_name = $1 and datname = current_database()`,
        [LISTENER_APPLICATION_NAME],
      );
      expect(killed.rows[0]?.n).toBe(1);
      await expect.poll(() => open!.changes.health().connects, { timeout: 10_000 }).toBe(2);
      expect(open.changes.health().connected).toBe(true);
      expect(seen.resyncs).toBe(2);
      // Listening again: a change after the reconnect arrives.
      await admin.query('select pg_notify($1, $2)', [CHANGE_CHANNEL, JSON.stringify({ kind: 'user', id: 'after' })]);
      await expect.poll(() => seen.changes).toEqual([{ kind: 'user', id: 'after' }]);
    } finally {
      await admin.end();
    }
  });

  it('reports disconnected while it cannot reach the database, and keeps retrying', async () => {
    open = await openTestDatabase('postgres');
    await open.changes.start();
    const admin = new pg.Client({ connectionString: open.url!.replace(/\/t_[0-9a-f]+\?/, '/postgres?') });
    await admin.connect();
    const database = /\/(t_[0-9a-f]+)\?/.exec(open.url!)![1]!;
    try {
      // Refuse new connections to this database, then kill the listener: it cannot come back yet.
      await admin.query(`alter database "${database}" with allow_connections false`);
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and datname = $2`,
        [LISTENER_APPLICATION_NAME, database],
      );
      await expect.poll(() => open!.changes.health().connected).toBe(false);
      const since = open.changes.health().since;
      await new Promise((r) => setTimeout(r, 300));
      expect(open.changes.health()).toMatchObject({ connected: false, since, connects: 1 });
      await admin.query(`alter database "${database}" with allow_connections true`);
      await expect.poll(() => open!.changes.health().connected, { timeout: 10_000 }).toBe(true);
      expect(open.changes.health().connects).toBe(2);
    } finally {
      await admin.query(`alter database "${database}" with allow_connections true`).catch(() => {});
      await admin.end();
    }
  });
});
