import { describe, expect, it } from 'vitest';

import { FapiClient } from './fapi/fapi-client.js';
import { clerkClientFor } from './helpers.js';
import { useSeededReceiver } from './webhooks/seeded-receiver.js';

describe('user.* webhooks: every change path emits its event', () => {
  const seeded = useSeededReceiver();
  const eventsOf = seeded.events;

  it('the seed is the starting state: no events at start', async () => {
    await seeded.emulator.webhooks.settled();
    expect(seeded.receiver.received).toHaveLength(0);
  });

  it('sign-up and profile edits through the Frontend API (Clerk UI)', async () => {
    const fapi = new FapiClient(seeded.emulator);
    const created = await eventsOf(() => fapi.signUp('lin@example.com', 'a-long-enough-passphrase'));
    // Signing up signs in: a session for the new user, as Clerk reports it.
    expect(created.map((e) => e.type)).toEqual(['user.created', 'session.created']);
    const user = seeded.emulator.users.findByEmail('lin@example.com')!;
    expect(created[0]!.data).toMatchObject({
      object: 'user',
      id: user.id,
      email_addresses: [{ email_address: 'lin@example.com' }],
      created_at: user.createdAt,
    });
    // Made in an HTTP request: the caller is named, as Clerk does.
    expect(created[0]!.event_attributes).toEqual({
      http_request: { client_ip: '127.0.0.1', user_agent: expect.any(String) },
    });

    const renamed = await eventsOf(() => fapi.request('POST', '/v1/me?_method=PATCH', { first_name: 'Lina' }));
    expect(renamed.map((e) => [e.type, (e.data as { first_name: string }).first_name])).toEqual([
      ['user.updated', 'Lina'],
    ]);
    const password = await eventsOf(() =>
      fapi.post('/v1/me/change_password', {
        current_password: 'a-long-enough-passphrase',
        new_password: 'another-long-passphrase',
      }),
    );
    expect(password.map((e) => e.type)).toEqual(['user.updated']);
    const deleted = await eventsOf(() => fapi.request('DELETE', '/v1/me'));
    // Then the session it was signed in with ends (revoked, with no user left to embed).
    expect(
      deleted.map((e) => [e.type, e.type === 'user.deleted' ? e.data : (e.data as { user: unknown }).user]),
    ).toEqual([
      ['user.deleted', { id: user.id, object: 'user', deleted: true }],
      ['session.revoked', null],
    ]);
  });

  it('the Backend API: update, metadata, delete (the emulator has no POST /users: created in-process)', async () => {
    const clerk = clerkClientFor(seeded.emulator);
    let id = '';
    const created = await eventsOf(async () => {
      id = (await seeded.emulator.users.create({ email: 'bo@example.com', externalId: 'ext-bo' })).id;
    });
    expect(created.map((e) => [e.type, e.data.id])).toEqual([['user.created', id]]);
    const updated = await eventsOf(() => clerk.users.updateUser(id, { lastName: 'Diddley' }));
    expect(updated.map((e) => [e.type, (e.data as { last_name: string }).last_name])).toEqual([
      ['user.updated', 'Diddley'],
    ]);
    const metadata = await eventsOf(() => clerk.users.updateUserMetadata(id, { publicMetadata: { plan: 'pro' } }));
    expect(metadata.map((e) => [e.type, (e.data as { public_metadata: unknown }).public_metadata])).toEqual([
      ['user.updated', { plan: 'pro' }],
    ]);
    const deleted = await eventsOf(() => clerk.users.deleteUser(id));
    expect(deleted.map((e) => [e.type, e.data])).toEqual([
      ['user.deleted', { id, object: 'user', deleted: true, external_id: 'ext-bo' }],
    ]);
  });

  it('in-process store changes are reported too, and updated_at grows with every change', async () => {
    const user = await seeded.emulator.users.create({ email: 'cy@example.com' });
    for (const firstName of ['A', 'B', 'C', 'D']) await seeded.emulator.users.update(user.id, { firstName });
    await seeded.emulator.webhooks.settled();
    const mine = seeded.receiver.events().filter((e) => e.data.id === user.id);
    expect(mine.map((e) => e.type)).toEqual(['user.created', ...Array<string>(4).fill('user.updated')]);
    expect(mine.every((e) => e.event_attributes === undefined)).toBe(true);
    const stamps = mine.map((e) => e.data['updated_at'] as number);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
    expect(stamps.at(-1)).toBe(seeded.emulator.users.get(user.id)!.updatedAt);
  });

  it('a sign-in changes no user: only its new session is reported', async () => {
    const events = await eventsOf(() =>
      new FapiClient(seeded.emulator).signIn('grace@example.com', 'another-long-pass'),
    );
    expect(events.map((e) => e.type)).toEqual(['session.created']);
  });
});
