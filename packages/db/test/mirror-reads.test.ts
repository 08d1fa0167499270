import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { UserNotFoundError } from '@stack/contracts';

import {
  applyUserEvent,
  Mirror,
  type MirrorChange,
  type MirrorOrganization,
  type MirrorUser,
  MirrorUserDirectory,
  type OpenDatabase,
  repairMemberships,
  repairOrganizations,
  repairUsers,
  schema,
} from '../src/index.js';
import { CountingDirectory } from './support/counting-directory.js';
import { membership, msgId, org, truncateAll, user } from './support/mirror-fixtures.js';
import { DRIVERS, openTestDatabase } from './support/test-database.js';

async function* pagesOf<T>(items: T[], size = 2): AsyncIterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

describe.each(DRIVERS)('reads from the mirror and repairs on %s', (driver) => {
  let open: OpenDatabase;
  let mirror: Mirror;
  let clerk: CountingDirectory;
  let users: MirrorUserDirectory;
  let committed: MirrorChange[];
  let published: MirrorChange[];

  beforeAll(async () => {
    open = await openTestDatabase(driver);
  }, 120_000);
  afterAll(() => open?.close());
  beforeEach(async () => {
    await truncateAll(open.db);
    published = [];
    mirror = new Mirror(open.db, async (_tx, change) => {
      published.push(change);
    });
    committed = [];
    mirror.onCommit((c) => committed.push(c));
    clerk = new CountingDirectory().add('user_a', 'Ada', 'Lovelace').add('user_b', 'Bob');
    users = new MirrorUserDirectory(mirror, clerk);
  });

  const row = async (id: string) => (await open.db.select().from(schema.users).where(eq(schema.users.id, id)))[0];

  describe('MirrorUserDirectory', () => {
    it('serves a user the mirror holds with no Backend API call', async () => {
      await applyUserEvent(mirror, msgId(), {
        type: 'user.upserted',
        user: user('user_a', 5_000, { firstName: 'Mirrored' }),
      });
      expect(await users.getProfile('user_a')).toMatchObject({ id: 'user_a', firstName: 'Mirrored', updatedAt: 5_000 });
      expect(clerk.loads).toBe(0);
    });

    it('loads a user the mirror lacks (or holds as a placeholder) once, and stores it', async () => {
      await open.db.insert(schema.users).values({ id: 'user_b', firstName: 'Seed', updatedAt: new Date() });
      for (const id of ['user_a', 'user_b']) {
        expect(await users.getProfile(id)).toMatchObject({ id, email: `${id}@example.com` });
        expect(await users.getProfile(id)).toMatchObject({ id });
      }
      expect(clerk.loads).toBe(2);
      expect((await row('user_b'))?.firstName).toBe('Bob');
      // Published (other instances), but not told to this process's cache: it remembers the load itself.
      expect(published).toEqual([
        { users: ['user_a'], orgs: [], revocations: [] },
        { users: ['user_b'], orgs: [], revocations: [] },
      ]);
      expect(committed).toEqual([]);
    });

    it('answers 404 for a deleted user without asking Clerk', async () => {
      await applyUserEvent(mirror, msgId(), { type: 'user.deleted', userId: 'user_a' });
      await expect(users.getProfile('user_a')).rejects.toBeInstanceOf(UserNotFoundError);
      expect(clerk.loads).toBe(0);
    });

    it('writes an update through Clerk and into the mirror; the webhook that follows changes nothing', async () => {
      await users.getProfile('user_a');
      const updated = await users.updateProfile('user_a', { firstName: 'Augusta' });
      expect(updated).toMatchObject({ firstName: 'Augusta', updatedAt: 1_001 });
      expect(await users.getProfile('user_a')).toEqual(updated);
      expect(clerk.loads).toBe(1);
      const echo: MirrorUser = { ...user('user_a', updated.updatedAt), firstName: 'Augusta', lastName: 'Lovelace' };
      expect((await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: echo })).status).toBe('stale');
    });

    it('answers with the newer version when a webhook got there first', async () => {
      await users.getProfile('user_a');
      await applyUserEvent(mirror, msgId(), {
        type: 'user.upserted',
        user: user('user_a', 50_000, { firstName: 'Newer' }),
      });
      expect(await users.updateProfile('user_a', { firstName: 'Mine' })).toMatchObject({ firstName: 'Newer' });
    });
  });

  describe('repair (db:sync-clerk)', () => {
    it('inserts missing users, updates older ones, leaves newer ones and tombstones users gone from Clerk', async () => {
      await applyUserEvent(mirror, msgId(), {
        type: 'user.upserted',
        user: user('user_old', 1_000, { firstName: 'Old' }),
      });
      await applyUserEvent(mirror, msgId(), {
        type: 'user.upserted',
        user: user('user_new', 9_000, { firstName: 'New' }),
      });
      await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user('user_gone', 1_000) });
      const startedAt = new Date(Date.now() + 1); // every row above was written before the listing
      const clerkUsers = [
        user('user_old', 2_000, { firstName: 'Updated' }),
        user('user_new', 8_000, { firstName: 'Older copy' }),
        user('user_missing', 3_000),
      ];
      expect(await repairUsers(mirror, pagesOf(clerkUsers), startedAt)).toEqual({
        inserted: 1,
        updated: 1,
        unchanged: 1,
        removed: 1,
      });
      expect((await row('user_old'))?.firstName).toBe('Updated');
      expect((await row('user_new'))?.firstName).toBe('New');
      expect((await row('user_missing'))?.deletedAt).toBeNull();
      expect((await row('user_gone'))?.deletedAt).toBeInstanceOf(Date);
      // A second run finds nothing to do.
      expect(await repairUsers(mirror, pagesOf(clerkUsers), new Date())).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 3,
        removed: 0,
      });
    });

    it('does not remove a user written after the listing started (created meanwhile)', async () => {
      const startedAt = new Date(Date.now() - 60_000);
      await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user('user_fresh', Date.now()) });
      expect((await repairUsers(mirror, pagesOf([]), startedAt)).removed).toBe(0);
    });

    it('repairs organizations and memberships the same way', async () => {
      const orgs: MirrorOrganization[] = [org('org_a', 2_000), org('org_b', 2_000)];
      await repairOrganizations(mirror, pagesOf([org('org_gone', 1_000)]), new Date(Date.now() - 60_000));
      expect(await repairOrganizations(mirror, pagesOf(orgs), new Date(Date.now() + 1))).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
        removed: 1,
      });
      const ms = [membership('orgmem_1', 'org_a', 'user_a', 2_000), membership('orgmem_2', 'org_b', 'user_a', 2_000)];
      await repairMemberships(mirror, pagesOf([membership('orgmem_0', 'org_a', 'user_z', 1_000)]), new Date(0));
      expect(await repairMemberships(mirror, pagesOf(ms), new Date(Date.now() + 1))).toEqual({
        inserted: 2,
        updated: 0,
        unchanged: 0,
        removed: 1,
      });
      const live = await open.db.select().from(schema.memberships);
      expect(
        live
          .filter((m) => m.deletedAt === null)
          .map((m) => m.clerkId)
          .sort(),
      ).toEqual(['orgmem_1', 'orgmem_2']);
    });
  });
});
