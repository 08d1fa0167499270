import { isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  applyMembershipEvent,
  applyOrganizationEvent,
  applyUserEvent,
  Mirror,
  type MirrorMembership,
  type MirrorOrganization,
  type MirrorUser,
  type OpenDatabase,
  schema,
} from '../src/index.js';
import { membership, org, truncateAll, user } from './support/mirror-fixtures.js';
import { seededRandom } from './support/seeded-random.js';
import { DRIVERS, openTestDatabase } from './support/test-database.js';

type Delivery = { svixId: string; apply: (mirror: Mirror, svixId: string) => Promise<unknown> };

/** What Clerk ends up holding, and every webhook message it sent on the way there, in order. */
function generateHistory(seed: number, steps: number) {
  const random = seededRandom(seed);
  let clock = 10_000;
  let sent = 0;
  const tick = () => (clock += 1_000);
  const events: Delivery[] = [];
  const send = (apply: Delivery['apply']) => events.push({ svixId: `msg_${seed}_${++sent}`, apply });

  const users = new Map<string, MirrorUser | 'deleted'>();
  const orgs = new Map<string, MirrorOrganization | 'deleted'>();
  const memberships = new Map<string, MirrorMembership>(); // live ones, by org|user
  let membershipIds = 0;

  for (let i = 0; i < 5; i++) {
    const u = user(`user_${i}`, tick(), { firstName: `U${i}v0` });
    users.set(u.id, u);
    send((m, id) => applyUserEvent(m, id, { type: 'user.upserted', user: u }));
  }
  for (let i = 0; i < 3; i++) {
    const o = org(`org_${i}`, tick(), { name: `O${i}v0` });
    orgs.set(o.id, o);
    send((m, id) => applyOrganizationEvent(m, id, { type: 'organization.upserted', organization: o }));
  }
  const liveUsers = () => [...users.values()].filter((u): u is MirrorUser => u !== 'deleted');
  const liveOrgs = () => [...orgs.values()].filter((o): o is MirrorOrganization => o !== 'deleted');

  for (let step = 0; step < steps; step++) {
    const roll = random.next();
    const lu = liveUsers();
    const lo = liveOrgs();
    if (roll < 0.25 && lu.length > 0) {
      const u = { ...random.pick(lu), firstName: `step${step}`, updatedAt: tick() };
      users.set(u.id, u);
      send((m, svixId) => applyUserEvent(m, svixId, { type: 'user.upserted', user: u }));
    } else if (roll < 0.3 && lu.length > 2) {
      const { id } = random.pick(lu);
      users.set(id, 'deleted');
      for (const [key, mem] of memberships) if (mem.userId === id) memberships.delete(key);
      send((m, svixId) => applyUserEvent(m, svixId, { type: 'user.deleted', userId: id }));
    } else if (roll < 0.45 && lo.length > 0) {
      const o = { ...random.pick(lo), name: `step${step}`, updatedAt: tick() };
      orgs.set(o.id, o);
      send((m, svixId) => applyOrganizationEvent(m, svixId, { type: 'organization.upserted', organization: o }));
    } else if (roll < 0.48 && lo.length > 1) {
      const { id, slug } = random.pick(lo);
      orgs.set(id, 'deleted');
      for (const [key, mem] of memberships) if (mem.orgId === id) memberships.delete(key);
      send((m, svixId) =>
        applyOrganizationEvent(m, svixId, { type: 'organization.deleted', organizationId: id, slug }),
      );
    } else if (lu.length > 0 && lo.length > 0) {
      const u = random.pick(lu);
      const o = random.pick(lo);
      const key = `${o.id}|${u.id}`;
      const current = memberships.get(key);
      if (!current) {
        const at = tick();
        const added = membership(`orgmem_${++membershipIds}`, o.id, u.id, at, { createdAt: at, organization: o });
        memberships.set(key, added);
        send((m, svixId) => applyMembershipEvent(m, svixId, { type: 'membership.upserted', membership: added }));
      } else if (random.next() < 0.6) {
        const changed = { ...current, role: `org:role${step}`, updatedAt: tick(), organization: o };
        memberships.set(key, changed);
        send((m, svixId) => applyMembershipEvent(m, svixId, { type: 'membership.upserted', membership: changed }));
      } else {
        // Clerk sends the removed membership as it last was (no new updated_at).
        memberships.delete(key);
        send((m, svixId) => applyMembershipEvent(m, svixId, { type: 'membership.deleted', membership: current }));
      }
    }
  }
  return { events, users, orgs, memberships };
}

/** The messages as Svix may deliver them: each at least once, some twice or three times, in any order. */
function deliveries(events: Delivery[], seed: number): Delivery[] {
  const random = seededRandom(seed * 7919);
  const all = [...events];
  for (const e of events) {
    if (random.next() < 0.3) all.push(e);
    if (random.next() < 0.05) all.push(e);
  }
  return random.shuffle(all);
}

describe.each(DRIVERS)('the mirror converges on %s', (driver) => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await openTestDatabase(driver);
  }, 120_000);
  afterAll(() => open?.close());

  it.each([1, 2, 3])(
    'to Clerk’s final state from shuffled, duplicated deliveries, four at a time (seed %i)',
    async (seed) => {
      await truncateAll(open.db);
      const mirror = new Mirror(open.db);
      const history = generateHistory(seed, 120);
      const queue = deliveries(history.events, seed);
      expect(queue.length).toBeGreaterThan(history.events.length);
      for (let i = 0; i < queue.length; i += 4)
        await Promise.all(queue.slice(i, i + 4).map((d) => d.apply(mirror, d.svixId)));

      const userRows = await open.db.select().from(schema.users);
      expect(userRows).toHaveLength(history.users.size);
      for (const row of userRows) {
        const expected = history.users.get(row.id)!;
        if (expected === 'deleted') expect(row).toMatchObject({ email: null, firstName: null });
        else expect(row).toMatchObject({ firstName: expected.firstName, updatedAt: new Date(expected.updatedAt) });
        expect(row.deletedAt === null).toBe(expected !== 'deleted');
      }
      const orgRows = await open.db.select().from(schema.organizations);
      expect(orgRows).toHaveLength(history.orgs.size);
      for (const row of orgRows) {
        const expected = history.orgs.get(row.id)!;
        expect(row.deletedAt === null).toBe(expected !== 'deleted');
        if (expected !== 'deleted')
          expect(row).toMatchObject({ name: expected.name, updatedAt: new Date(expected.updatedAt) });
      }
      const live = await open.db.select().from(schema.memberships).where(isNull(schema.memberships.deletedAt));
      const key = (m: { orgId: string; userId: string; role: string }, clerkId: string | null) =>
        `${m.orgId}|${m.userId}|${clerkId}|${m.role}`;
      expect(live.map((m) => key(m, m.clerkId)).sort()).toEqual(
        [...history.memberships.values()].map((m) => key(m, m.id)).sort(),
      );
      // Every message claimed exactly once.
      expect(await open.db.$count(schema.webhookClaims)).toBe(history.events.length);
    },
    120_000,
  );
});
