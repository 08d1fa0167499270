import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { applyUserEvent, Mirror, type OpenDatabase, openDatabase, PGLITE_MEMORY, schema } from '@stack/db';
import { createTestDatabase } from '@stack/test-kit/postgres';

import { loadSyncConfig } from '../src/cli/sync-clerk-config.js';
import { ConfigError } from '../src/config/config-error.js';
import { syncClerk } from '../src/sync/sync-clerk.js';
import { seed } from './support/start-server.js';

describe.each(['pglite', 'postgres'] as const)('db:sync-clerk on %s', (driver) => {
  let emulator: ClerkEmulator;
  let open: OpenDatabase;
  let mirror: Mirror;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed });
    if (driver === 'postgres') {
      const url = await createTestDatabase(inject('postgresAdminUrl'));
      open = await openDatabase({ kind: 'postgres', url, poolMax: 4 });
    } else {
      open = await openDatabase({ kind: 'pglite', dataDir: PGLITE_MEMORY });
    }
    mirror = new Mirror(open.db);
  }, 60_000);
  afterAll(async () => {
    await open?.close();
    await emulator?.close();
  });

  const clerk = () =>
    createClerkClient({ secretKey: emulator.secretKey, apiUrl: emulator.url, telemetry: { disabled: true } });

  it('imports Clerk’s users, organizations and memberships, repairs what is stale and removes what is gone', async () => {
    const ada = emulator.users.findByEmail('ada@example.com')!;
    // The mirror as lost events left it: an old Ada, a user Clerk deleted meanwhile.
    const old = { email: null, firstName: 'Old', lastName: null, username: null, imageUrl: null, createdAt: 1 };
    await applyUserEvent(mirror, 'msg_1', { type: 'user.upserted', user: { ...old, id: ada.id, updatedAt: 1 } });
    await applyUserEvent(mirror, 'msg_2', { type: 'user.upserted', user: { ...old, id: 'user_gone', updatedAt: 1 } });
    for (let i = 0; i < 3; i++) await emulator.users.create({ email: `extra-${driver}-${i}@example.com` });

    const report = await syncClerk(clerk(), mirror, { pageSize: 2 }); // several pages
    const clerkUsers = (await clerk().users.getUserList({ limit: 500 })).totalCount;
    expect(report.users).toEqual({ inserted: clerkUsers - 1, updated: 1, unchanged: 0, removed: 1 });
    expect(report.organizations).toMatchObject({ inserted: 1, removed: 0 });
    expect(report.memberships).toMatchObject({ inserted: 1, removed: 0 });

    const users = await open.db.select().from(schema.users);
    expect(users.find((u) => u.id === ada.id)).toMatchObject({ firstName: 'Ada', email: 'ada@example.com' });
    expect(users.find((u) => u.id === 'user_gone')?.deletedAt).toBeInstanceOf(Date);
    expect(await open.db.select().from(schema.organizations)).toMatchObject([{ id: 'org_acme', deletedAt: null }]);
    expect(await open.db.select().from(schema.memberships)).toMatchObject([
      { orgId: 'org_acme', userId: ada.id, deletedAt: null },
    ]);

    // Run again: nothing to do.
    const again = await syncClerk(clerk(), mirror);
    expect(again.users).toEqual({ inserted: 0, updated: 0, unchanged: clerkUsers, removed: 0 });
    expect(again.memberships).toEqual({ inserted: 0, updated: 0, unchanged: 1, removed: 0 });
  });
});

describe('db:sync-clerk configuration', () => {
  it('needs only the Backend API and the database, validated as the server validates them', () => {
    expect(() => loadSyncConfig({ CLERK_SECRET_KEY: 'sk_test_x', PGLITE_DIR: 'memory://' })).not.toThrow();
    expect(() => loadSyncConfig({ CLERK_SECRET_KEY: 'nope', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadSyncConfig({});
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['CLERK_SECRET_KEY: is required']);
    }
  });
});
