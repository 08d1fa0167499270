import { describe, expect, it } from 'vitest';

import { FapiClient } from './fapi/fapi-client.js';
import { clerkClientFor } from './helpers.js';
import { typesAndIds } from './webhooks/collect-events.js';
import { useSeededReceiver } from './webhooks/seeded-receiver.js';

/** Clerk's `session.created|ended|removed|revoked`: the session's JSON and its user (null once deleted). */
describe('session.* webhooks', () => {
  const seeded = useSeededReceiver();
  const eventsOf = seeded.events;

  it('reports a sign-in as session.created and a sign-out of one session as session.removed', async () => {
    const fapi = new FapiClient(seeded.emulator);
    let sessionId = '';
    const created = await eventsOf(
      async () => (sessionId = await fapi.signIn('grace@example.com', 'another-long-pass')),
    );
    expect(typesAndIds(created)).toEqual([['session.created', sessionId]]);
    expect(created[0]!.data).toMatchObject({
      object: 'session',
      id: sessionId,
      user_id: 'user_grace',
      status: 'active',
      user: { object: 'user', id: 'user_grace', email_addresses: [{ email_address: 'grace@example.com' }] },
    });
    const removed = await eventsOf(() => fapi.post(`/v1/client/sessions/${sessionId}/remove`, {}));
    expect(removed.map((e) => [e.type, (e.data as { status: string }).status])).toEqual([
      ['session.removed', 'removed'],
    ]);
    // Ending an ended session again changes nothing.
    expect(await eventsOf(() => fapi.post(`/v1/client/sessions/${sessionId}/end`, {}))).toEqual([]);
  });

  it('reports `end` as session.ended and a Backend API revocation as session.revoked', async () => {
    const fapi = new FapiClient(seeded.emulator);
    const first = await fapi.signIn('ada@example.com', 'correct-horse-battery');
    await seeded.emulator.webhooks.settled();
    const ended = await eventsOf(() => fapi.post(`/v1/client/sessions/${first}/end`, {}));
    expect(typesAndIds(ended)).toEqual([['session.ended', first]]);

    const clerk = clerkClientFor(seeded.emulator);
    const session = await clerk.sessions.createSession({ userId: 'user_ada' });
    await seeded.emulator.webhooks.settled();
    const revoked = await eventsOf(() => clerk.sessions.revokeSession(session.id));
    expect(typesAndIds(revoked)).toEqual([['session.revoked', session.id]]);
  });

  it('revokes a deleted user’s sessions, with no user left to embed', async () => {
    const clerk = clerkClientFor(seeded.emulator);
    const user = await seeded.emulator.users.create({ email: 'leaving@example.com' });
    const session = await clerk.sessions.createSession({ userId: user.id });
    await seeded.emulator.webhooks.settled();
    const deleted = await eventsOf(() => clerk.users.deleteUser(user.id));
    expect(typesAndIds(deleted)).toEqual([
      ['user.deleted', user.id],
      ['session.revoked', session.id],
    ]);
    expect(deleted[1]!.data).toMatchObject({ id: session.id, user_id: user.id, status: 'revoked', user: null });
  });
});
