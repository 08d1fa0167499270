import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { request, trpcError } from '../support/http.js';
import { expectServed } from './support/expect-dependency.js';
import { type ResilientStack, startResilientStack, TIMINGS } from './support/resilient-stack.js';

/**
 * A user deleted in Clerk while the server holds their profile in its cache: as soon as the
 * Backend API says 404 (on an update or a background refresh), the cached profile is gone, so
 * `profile.me` never serves a ghost for the rest of the TTL.
 */
describe('a user deleted in Clerk', () => {
  let stack: ResilientStack;
  let user: { id: string; token: string };
  beforeEach(async () => {
    stack = await startResilientStack('jwt-key');
    user = await stack.coldUser();
    expectServed(await stack.me(user.token), user.id); // cached from here on
  });
  afterEach(() => stack?.close());

  const update = (token: string, body: unknown) =>
    request(`${stack.url}/trpc/profile.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const deleteThroughBackendApi = async (userId: string) => {
    const res = await fetch(`${stack.emulator.url}/v1/users/${userId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${stack.emulator.secretKey}` },
    });
    expect(res.status).toBe(200);
  };

  it('profile.update answers 404, and the next profile.me is 404 too (no cached ghost)', async () => {
    await deleteThroughBackendApi(user.id);
    const updated = await update(user.token, { firstName: 'Gone' });
    expect(updated.status).toBe(404);
    expect(trpcError(updated).code).toBe('NOT_FOUND');
    const me = await stack.me(user.token); // well within the 60 s TTL
    expect(me.status).toBe(404);
    expect(trpcError(me).code).toBe('NOT_FOUND');
  });

  it('a background refresh that sees 404 evicts the profile at once', async () => {
    expect(stack.emulator.users.delete(user.id)).toBe(true);
    // Inside the refresh-ahead window (the last fifth of the TTL): served, and refreshed behind.
    stack.clock.advance(TIMINGS.ttlMs - TIMINGS.ttlMs / 10);
    const getUserCalls = stack.emulator.stats.count('getUser');
    expectServed(await stack.me(user.token), user.id);
    await expect.poll(() => stack.emulator.stats.count('getUser')).toBe(getUserCalls + 1);
    // Still inside the old TTL: without the eviction the cached profile would be served here.
    await expect.poll(async () => (await stack.me(user.token)).status).toBe(404);
  });
});
