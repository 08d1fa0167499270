import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  applyIgnoredEvent,
  applyMembershipEvent,
  applyOrganizationEvent,
  applyUserEvent,
  DrizzleNoteService,
  Mirror,
  type MirrorChange,
  type OpenDatabase,
  schema,
} from '../src/index.js';
import { CountingDirectory } from './support/counting-directory.js';
import { membership, msgId, org, truncateAll, user } from './support/mirror-fixtures.js';
import { DRIVERS, openTestDatabase } from './support/test-database.js';

describe.each(DRIVERS)('the webhook mirror on %s', (driver) => {
  let open: OpenDatabase;
  let mirror: Mirror;
  let committed: MirrorChange[];

  beforeAll(async () => {
    open = await openTestDatabase(driver);
  }, 120_000);
  afterAll(() => open?.close());
  beforeEach(async () => {
    await truncateAll(open.db);
    committed = [];
    mirror = new Mirror(open.db);
    mirror.onCommit((change) => committed.push(change));
  });

  const userRow = async (id: string) => (await open.db.select().from(schema.users).where(eq(schema.users.id, id)))[0];
  const orgRow = async (id: string) =>
    (await open.db.select().from(schema.organizations).where(eq(schema.organizations.id, id)))[0];
  const membershipRows = () => open.db.select().from(schema.memberships).orderBy(schema.memberships.userId);
  const claims = async () => (await open.db.select().from(schema.webhookClaims)).length;

  describe('users', () => {
    it('applies a create, and a redelivery of the same message id is a no-op', async () => {
      const id = msgId();
      const created = { type: 'user.upserted', user: user('user_a', 2_000, { firstName: 'Ada' }) } as const;
      expect(await applyUserEvent(mirror, id, created)).toEqual({
        status: 'applied',
        change: { users: ['user_a'], orgs: [], revocations: [] },
      });
      // Same id, even with other content: the claim decides, nothing is written.
      const again = { type: 'user.upserted', user: user('user_a', 9_000, { firstName: 'Changed' }) } as const;
      expect(await applyUserEvent(mirror, id, again)).toEqual({
        status: 'duplicate',
        change: { users: [], orgs: [], revocations: [] },
      });
      expect(await userRow('user_a')).toMatchObject({ firstName: 'Ada', updatedAt: new Date(2_000), deletedAt: null });
      expect(await claims()).toBe(1);
      expect(committed).toEqual([{ users: ['user_a'], orgs: [], revocations: [] }]);
    });

    it('keeps the newest version when updates arrive out of order; an equal updated_at changes nothing', async () => {
      await applyUserEvent(mirror, msgId(), {
        type: 'user.upserted',
        user: user('user_a', 3_000, { firstName: 'New' }),
      });
      const late = await applyUserEvent(mirror, msgId(), {
        type: 'user.upserted',
        user: user('user_a', 2_000, { firstName: 'Old' }),
      });
      expect(late.status).toBe('stale');
      const equal = await applyUserEvent(mirror, msgId(), {
        type: 'user.upserted',
        user: user('user_a', 3_000, { firstName: 'Same time' }),
      });
      expect(equal.status).toBe('stale');
      expect(await userRow('user_a')).toMatchObject({ firstName: 'New', updatedAt: new Date(3_000) });
      // Stale events still claim their id: they are not retried into the mirror later.
      expect(await claims()).toBe(3);
    });

    it('a delete is a tombstone with the personal data cleared; a late update or create cannot undo it', async () => {
      await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user('user_a', 2_000) });
      expect((await applyUserEvent(mirror, msgId(), { type: 'user.deleted', userId: 'user_a' })).status).toBe(
        'applied',
      );
      for (const updatedAt of [1_500, 5_000]) {
        const late = await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user('user_a', updatedAt) });
        expect(late.status).toBe('stale');
      }
      expect((await applyUserEvent(mirror, msgId(), { type: 'user.deleted', userId: 'user_a' })).status).toBe('stale');
      const row = await userRow('user_a');
      expect(row?.deletedAt).toBeInstanceOf(Date);
      expect(row).toMatchObject({ email: null, firstName: null, lastName: null, username: null, imageUrl: null });
    });

    it('a delete before any create leaves a tombstone the create cannot undo', async () => {
      expect((await applyUserEvent(mirror, msgId(), { type: 'user.deleted', userId: 'user_b' })).status).toBe(
        'applied',
      );
      expect(
        (await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user('user_b', 2_000) })).status,
      ).toBe('stale');
      expect((await userRow('user_b'))?.deletedAt).toBeInstanceOf(Date);
    });

    it('any Clerk version replaces a placeholder (never synced), whatever its updated_at', async () => {
      await open.db.insert(schema.users).values({ id: 'user_p', firstName: 'Seed', updatedAt: new Date(9_999_999) });
      expect(
        (await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user('user_p', 2_000) })).status,
      ).toBe('applied');
      expect(await userRow('user_p')).toMatchObject({ firstName: 'First', updatedAt: new Date(2_000) });
      expect((await userRow('user_p'))?.syncedAt).toBeInstanceOf(Date);
    });

    it('user.deleted removes the personal notes and keeps the org notes, authored by a nameless deleted user', async () => {
      await applyUserEvent(mirror, msgId(), {
        type: 'user.upserted',
        user: user('user_a', 2_000, { firstName: 'Ada' }),
      });
      const directory = new CountingDirectory().add('user_a', 'Ada');
      const notes = new DrizzleNoteService(open.db, directory);
      const inOrg = await notes.create({ kind: 'org', orgId: 'org_x', userId: 'user_a' }, 'user_a', {
        title: 'Org note',
        body: '',
      });
      await notes.create({ kind: 'personal', userId: 'user_a' }, 'user_a', { title: 'Mine', body: '' });
      expect(inOrg.author).toEqual({ id: 'user_a', name: 'Ada Last', imageUrl: 'https://img.example/user_a.png' });
      expect(directory.loads).toBe(0); // the mirror held the author

      await applyUserEvent(mirror, msgId(), { type: 'user.deleted', userId: 'user_a' });
      expect((await notes.list({ kind: 'personal', userId: 'user_a' }, { cursor: null, limit: 10 })).items).toEqual([]);
      const [kept] = (await notes.list({ kind: 'org', orgId: 'org_x', userId: 'user_a' }, { cursor: null, limit: 10 }))
        .items;
      expect(kept).toMatchObject({
        id: inOrg.id,
        title: 'Org note',
        author: { id: 'user_a', name: null, imageUrl: null },
      });
    });
  });

  describe('organizations and memberships', () => {
    const acme = (updatedAt: number, name = 'Acme') => org('org_acme', updatedAt, { name });

    it('orders organization updates by updated_at and makes a delete final', async () => {
      await applyOrganizationEvent(mirror, msgId(), {
        type: 'organization.upserted',
        organization: acme(3_000, 'New'),
      });
      const stale = await applyOrganizationEvent(mirror, msgId(), {
        type: 'organization.upserted',
        organization: acme(2_000, 'Old'),
      });
      expect(stale.status).toBe('stale');
      expect((await orgRow('org_acme'))?.name).toBe('New');
      const deleted = await applyOrganizationEvent(mirror, msgId(), {
        type: 'organization.deleted',
        organizationId: 'org_acme',
        slug: 'acme',
      });
      expect(deleted).toEqual({
        status: 'applied',
        change: {
          users: [],
          orgs: ['org_acme'],
          revocations: [{ kind: 'organization-deleted', orgId: 'org_acme', at: expect.any(Number) }],
        },
      });
      const late = await applyOrganizationEvent(mirror, msgId(), {
        type: 'organization.upserted',
        organization: acme(9_000, 'Back?'),
      });
      expect(late.status).toBe('stale');
      expect(await orgRow('org_acme')).toMatchObject({ name: 'New' });
      expect((await orgRow('org_acme'))?.deletedAt).toBeInstanceOf(Date);
    });

    it('organization.deleted removes its notes and memberships; a late membership event adds none back', async () => {
      await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user('user_a', 2_000) });
      const m = membership('orgmem_1', 'org_acme', 'user_a', 2_000, { organization: acme(2_000) });
      await applyMembershipEvent(mirror, msgId(), { type: 'membership.upserted', membership: m });
      const notes = new DrizzleNoteService(open.db, new CountingDirectory());
      await notes.create({ kind: 'org', orgId: 'org_acme', userId: 'user_a' }, 'user_a', {
        title: 'Acme note',
        body: '',
      });
      await notes.create({ kind: 'personal', userId: 'user_a' }, 'user_a', { title: 'Mine', body: '' });

      await applyOrganizationEvent(mirror, msgId(), {
        type: 'organization.deleted',
        organizationId: 'org_acme',
        slug: 'acme',
      });
      expect(await membershipRows()).toEqual([]);
      expect(
        (await notes.list({ kind: 'org', orgId: 'org_acme', userId: 'user_a' }, { cursor: null, limit: 10 })).items,
      ).toEqual([]);
      expect(
        (await notes.list({ kind: 'personal', userId: 'user_a' }, { cursor: null, limit: 10 })).items,
      ).toHaveLength(1);

      const late = await applyMembershipEvent(mirror, msgId(), {
        type: 'membership.upserted',
        membership: { ...m, updatedAt: 5_000, organization: acme(5_000) },
      });
      expect(late.status).toBe('stale');
      expect(await membershipRows()).toEqual([]);
    });

    it('stores the organization a membership embeds, when it arrives before organization.created', async () => {
      const m = membership('orgmem_1', 'org_acme', 'user_a', 2_000, { role: 'org:admin', organization: acme(2_000) });
      expect(await applyMembershipEvent(mirror, msgId(), { type: 'membership.upserted', membership: m })).toEqual({
        status: 'applied',
        change: {
          users: [],
          orgs: ['org_acme'],
          // What every instance's revocation list learns: the role, as of Clerk's updated_at.
          revocations: [
            { kind: 'membership-changed', orgId: 'org_acme', userId: 'user_a', role: 'org:admin', at: 2_000 },
          ],
        },
      });
      expect(await orgRow('org_acme')).toMatchObject({ name: 'Acme', deletedAt: null });
      expect(await membershipRows()).toMatchObject([{ userId: 'user_a', role: 'org:admin', clerkId: 'orgmem_1' }]);
      // The later organization.created, older than nothing stored: changes nothing.
      const created = await applyOrganizationEvent(mirror, msgId(), {
        type: 'organization.upserted',
        organization: acme(2_000),
      });
      expect(created.status).toBe('stale');
    });

    it('a removed membership stays removed; re-adding the user (a new Clerk membership) revives the row', async () => {
      const first = membership('orgmem_1', 'org_acme', 'user_a', 2_000);
      await applyMembershipEvent(mirror, msgId(), { type: 'membership.upserted', membership: first });
      await applyMembershipEvent(mirror, msgId(), { type: 'membership.deleted', membership: first });
      const lateUpdate = await applyMembershipEvent(mirror, msgId(), {
        type: 'membership.upserted',
        membership: { ...first, role: 'org:admin', updatedAt: 3_000 },
      });
      expect(lateUpdate.status).toBe('stale');
      expect((await membershipRows())[0]?.deletedAt).toBeInstanceOf(Date);

      const second = membership('orgmem_2', 'org_acme', 'user_a', 4_000, { role: 'org:admin' });
      expect(
        (await applyMembershipEvent(mirror, msgId(), { type: 'membership.upserted', membership: second })).status,
      ).toBe('applied');
      // The first membership's removal, redelivered late under another message id: the new one stays.
      const lateDelete = await applyMembershipEvent(mirror, msgId(), { type: 'membership.deleted', membership: first });
      expect(lateDelete.status).toBe('stale');
      expect(await membershipRows()).toMatchObject([{ clerkId: 'orgmem_2', role: 'org:admin', deletedAt: null }]);
    });

    it('user.deleted ends the user’s memberships; later membership events for the user add nothing', async () => {
      const m = membership('orgmem_1', 'org_acme', 'user_a', 2_000);
      await applyMembershipEvent(mirror, msgId(), { type: 'membership.upserted', membership: m });
      await applyUserEvent(mirror, msgId(), { type: 'user.deleted', userId: 'user_a' });
      expect((await membershipRows())[0]?.deletedAt).toBeInstanceOf(Date);
      const other = membership('orgmem_9', 'org_beta', 'user_a', 5_000);
      expect(
        (await applyMembershipEvent(mirror, msgId(), { type: 'membership.upserted', membership: other })).status,
      ).toBe('stale');
      expect(await membershipRows()).toHaveLength(1);
    });
  });

  it('acknowledges a type the mirror does not keep, once', async () => {
    const id = msgId();
    expect(await applyIgnoredEvent(mirror, id, 'session.created')).toEqual({
      status: 'ignored',
      change: { users: [], orgs: [], revocations: [] },
    });
    expect((await applyIgnoredEvent(mirror, id, 'session.created')).status).toBe('duplicate');
    expect(committed).toEqual([]);
  });

  it('calls the publisher inside the transaction, only when something changed', async () => {
    const published: MirrorChange[] = [];
    const publishing = new Mirror(open.db, async (tx, change) => {
      // Inside the transaction: the write is visible to tx.
      const rows = await tx.select({ id: schema.users.id }).from(schema.users);
      expect(rows).toHaveLength(1);
      published.push(change);
    });
    await applyUserEvent(publishing, msgId(), { type: 'user.upserted', user: user('user_a', 2_000) });
    await applyUserEvent(publishing, msgId(), { type: 'user.upserted', user: user('user_a', 1_000) });
    expect(published).toEqual([{ users: ['user_a'], orgs: [], revocations: [] }]);
  });

  it('rolls the claim back with the writes when the transaction fails, so the redelivery applies', async () => {
    const failing = new Mirror(open.db, () => Promise.reject(new Error('publish failed')));
    const id = msgId();
    const event = { type: 'user.upserted', user: user('user_a', 2_000) } as const;
    await expect(applyUserEvent(failing, id, event)).rejects.toThrow('publish failed');
    expect(await claims()).toBe(0);
    expect(await userRow('user_a')).toBeUndefined();
    expect((await applyUserEvent(mirror, id, event)).status).toBe('applied');
  });
});
