import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AccessRevokedError, type NoteScope } from '@stack/contracts';

import {
  applyMembershipEvent,
  applyOrganizationEvent,
  applySessionEvent,
  applyUserEvent,
  DrizzleNoteService,
  loadRevocationFacts,
  Mirror,
  type OpenDatabase,
  schema,
} from '../src/index.js';
import { CountingDirectory } from './support/counting-directory.js';
import { membership, msgId, org, truncateAll, user } from './support/mirror-fixtures.js';
import { DRIVERS, openTestDatabase } from './support/test-database.js';

const LONG_AGO = new Date(0);

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'written',
    (error: unknown) => error,
  );
}

describe.each(DRIVERS)('revocations in the mirror on %s', (driver) => {
  let open: OpenDatabase;
  let mirror: Mirror;
  let notes: DrizzleNoteService;
  const acme: NoteScope = { kind: 'org', orgId: 'org_acme', userId: 'user_a' };
  const personal: NoteScope = { kind: 'personal', userId: 'user_a' };

  beforeAll(async () => {
    open = await openTestDatabase(driver);
  }, 120_000);
  afterAll(() => open?.close());
  beforeEach(async () => {
    await truncateAll(open.db);
    mirror = new Mirror(open.db);
    notes = new DrizzleNoteService(open.db, new CountingDirectory().add('user_a', 'Ada').add('user_b', 'Bea'));
    await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user('user_a', 2_000) });
    await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user('user_b', 2_000) });
    await applyOrganizationEvent(mirror, msgId(), {
      type: 'organization.upserted',
      organization: org('org_acme', 2_000),
    });
  });

  it('records an ended session once and announces it as a revocation', async () => {
    const event = { type: 'session.ended', sessionId: 'sess_1', userId: 'user_a', status: 'revoked' } as const;
    const id = msgId();
    const first = await applySessionEvent(mirror, id, event);
    expect(first.status).toBe('applied');
    expect(first.change.revocations).toEqual([{ kind: 'session-ended', sessionId: 'sess_1', at: expect.any(Number) }]);
    expect((await applySessionEvent(mirror, id, event)).status).toBe('duplicate');
    expect((await applySessionEvent(mirror, msgId(), { ...event, status: 'removed' })).status).toBe('stale');
    expect(await open.db.select().from(schema.endedSessions)).toEqual([
      { sessionId: 'sess_1', userId: 'user_a', status: 'revoked', endedAt: expect.any(Date) },
    ]);
  });

  it('loads every revocation it holds, as the facts the webhooks announced', async () => {
    const m = membership('orgmem_1', 'org_acme', 'user_a', 3_000, { role: 'org:member' });
    const removed = membership('orgmem_2', 'org_acme', 'user_b', 3_000, { role: 'org:admin' });
    const announced = [
      (await applyMembershipEvent(mirror, msgId(), { type: 'membership.upserted', membership: m })).change,
      (await applyMembershipEvent(mirror, msgId(), { type: 'membership.upserted', membership: removed })).change,
      (await applyMembershipEvent(mirror, msgId(), { type: 'membership.deleted', membership: removed })).change,
      (await applyUserEvent(mirror, msgId(), { type: 'user.deleted', userId: 'user_z' })).change,
      (
        await applyOrganizationEvent(mirror, msgId(), {
          type: 'organization.deleted',
          organizationId: 'org_z',
          slug: 'z',
        })
      ).change,
      (
        await applySessionEvent(mirror, msgId(), {
          type: 'session.ended',
          sessionId: 'sess_9',
          userId: 'user_a',
          status: 'ended',
        })
      ).change,
    ].flatMap((c) => c.revocations);

    const loaded = await loadRevocationFacts(open.db, LONG_AGO);
    const byKey = (f: { kind: string }) => JSON.stringify(f);
    // The newest fact per membership is what a reload gives (the earlier role of user_b is superseded).
    const newest = announced.filter(
      (f) => !(f.kind === 'membership-changed' && f.userId === 'user_b' && f.role !== null),
    );
    expect(loaded.map(byKey).sort()).toEqual(newest.map(byKey).sort());
    // Ended sessions and membership changes older than `since` are left out; deletions never are.
    const later = await loadRevocationFacts(open.db, new Date(Date.now() + 60_000));
    expect(later.map((f) => f.kind).sort()).toEqual(['organization-deleted', 'user-deleted']);
  });

  it('refuses a note write by a deleted user, and into a deleted organization, inside the write', async () => {
    const kept = await notes.create(personal, 'user_a', { title: 'mine', body: '' });
    const inAcme = await notes.create({ ...acme, userId: 'user_b' }, 'user_b', { title: 'theirs', body: '' });
    await applyUserEvent(mirror, msgId(), { type: 'user.deleted', userId: 'user_a' });
    for (const write of [
      () => notes.create(personal, 'user_a', { title: 'after', body: '' }),
      () => notes.create(acme, 'user_a', { title: 'after', body: '' }),
      () => notes.update(acme, inAcme.id, 1, { title: 'edited by a deleted user' }, 'user_a'),
      () => notes.delete(personal, kept.id, 1),
    ]) {
      const error = await refusal(write());
      expect(error).toBeInstanceOf(AccessRevokedError);
      expect((error as AccessRevokedError).scope).toBe('user');
    }

    await applyOrganizationEvent(mirror, msgId(), {
      type: 'organization.deleted',
      organizationId: 'org_acme',
      slug: null,
    });
    const error = await refusal(
      notes.create({ ...acme, userId: 'user_b' }, 'user_b', { title: 'into a dead org', body: '' }),
    );
    expect((error as AccessRevokedError).scope).toBe('organization');
    expect(await open.db.select().from(schema.notes)).toEqual([]);
  });

  it.runIf(driver === 'postgres')(
    'a write racing user.deleted commits before it (and is swept) or is refused: 25 rounds',
    async () => {
      let written = 0;
      let refused = 0;
      for (let round = 0; round < 25; round++) {
        const userId = `user_race_${round}`;
        await applyUserEvent(mirror, msgId(), { type: 'user.upserted', user: user(userId, 2_000) });
        const scopes: NoteScope[] = [
          { kind: 'personal', userId },
          { kind: 'org', orgId: 'org_acme', userId },
        ];
        // Eight writes and the deletion, all in flight together on the pool's connections.
        const writes = Array.from({ length: 8 }, (_, i) =>
          refusal(notes.create(scopes[i % 2]!, userId, { title: `race ${round}.${i}`, body: '' })),
        );
        const deletion = applyUserEvent(mirror, msgId(), { type: 'user.deleted', userId });
        const outcomes = await Promise.all(writes);
        await deletion;
        for (const outcome of outcomes) {
          if (outcome === 'written') written++;
          else {
            expect(outcome).toBeInstanceOf(AccessRevokedError);
            refused++;
          }
        }
        // Nothing personal survives; organization notes written before the deletion stay, nameless.
        const personalLeft = await open.db
          .select()
          .from(schema.notes)
          .where(and(eq(schema.notes.authorId, userId), isNull(schema.notes.orgId)));
        expect(personalLeft).toEqual([]);
        const orgLeft = (await notes.list(scopes[1]!, { cursor: null, limit: 50 })).items.filter(
          (n) => n.author.id === userId,
        );
        expect(orgLeft.length).toBeLessThanOrEqual(outcomes.filter((o) => o === 'written').length);
        for (const note of orgLeft) expect(note.author.name).toBeNull();
        // Once the deletion is acknowledged, every write is refused.
        expect(await refusal(notes.create(scopes[1]!, userId, { title: 'late', body: '' }))).toBeInstanceOf(
          AccessRevokedError,
        );
      }
      console.log(`racing writes: ${written} committed before the deletion, ${refused} refused after it`);
      expect(written + refused).toBe(25 * 8);
    },
  );
});
