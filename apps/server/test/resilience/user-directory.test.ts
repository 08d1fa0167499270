import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { request } from '../support/http.js';
import { expectServed, expectUnavailable } from './support/expect-dependency.js';
import { type ResilientStack, startResilientStack, TIMINGS } from './support/resilient-stack.js';

/** Clerk's Backend API (the user directory) failing in every way the emulator can: never 500, never 401. */
describe('Backend API failures', () => {
  let stack: ResilientStack;
  let ada: string;
  beforeEach(async () => {
    stack = await startResilientStack('jwt-key');
    ada = await stack.adaToken();
    expectServed(await stack.me(ada), stack.adaId); // Ada's profile is cached from here on
  });
  afterEach(() => stack?.close());

  const getUserCalls = () => stack.emulator.stats.count('getUser');

  it('serves through a slow Backend API that still answers within the timeout', async () => {
    const cold = await stack.coldUser();
    stack.emulator.faults.set('getUser', { delayMs: TIMINGS.callTimeoutMs / 3 });
    expectServed(await stack.me(cold.token), cold.id);
  });

  it.each([500, 502, 503, 504])(
    'answers %i for an uncached user with 503 + Retry-After; cached users are unaffected',
    async (status) => {
      const cold = await stack.coldUser();
      stack.emulator.faults.set('getUser', { status });
      expectUnavailable(await stack.me(cold.token));
      expectUnavailable(await stack.rest(cold.token));
      expectServed(await stack.me(ada), stack.adaId);
    },
  );

  it('gives up on a hung Backend API after the timeout: 503 for the uncached, 200 for the cached', async () => {
    const cold = await stack.coldUser();
    stack.emulator.faults.set('getUser', { hang: true });
    const [coldRes, adaRes] = await Promise.all([stack.me(cold.token), stack.me(ada)]);
    expectUnavailable(coldRes);
    expectServed(adaRes, stack.adaId);
  });

  it('asks once per user however many requests wait on a hung call', async () => {
    const cold = await stack.coldUser();
    stack.emulator.faults.set('getUser', { hang: true });
    const before = getUserCalls();
    const results = await Promise.all(Array.from({ length: 20 }, () => stack.me(cold.token)));
    for (const res of results) expectUnavailable(res);
    expect(getUserCalls() - before).toBe(1);
  });

  it('serves a cached profile past its TTL while Clerk is down, up to the staleness bound, then 503', async () => {
    stack.emulator.faults.set('getUser', { status: 503 });
    stack.clock.advance(TIMINGS.ttlMs + 1_000); // stale: a reload is attempted and fails
    expectServed(await stack.me(ada), stack.adaId);
    stack.clock.advance(TIMINGS.staleIfErrorMs); // past the bound: no data old enough may be served
    expectUnavailable(await stack.me(ada));
  });

  it('honours 429 Retry-After: passes it on and pauses every Backend API call until then', async () => {
    const [first, second] = [await stack.coldUser(), await stack.coldUser()];
    stack.emulator.faults.set('getUser', { status: 429, retryAfterSeconds: 17, times: 1 });
    expect(expectUnavailable(await stack.me(first.token))).toBe(17);
    const before = getUserCalls();
    stack.clock.advance(5_000);
    expect(expectUnavailable(await stack.me(second.token))).toBe(12); // paused: Clerk is not asked
    expectServed(await stack.me(ada), stack.adaId); // the cache still serves
    expect(getUserCalls()).toBe(before);
    stack.clock.advance(12_000);
    expectServed(await stack.me(second.token), second.id);
  });

  it('opens the circuit after repeated failures: fails fast without asking Clerk, then one probe recovers', async () => {
    stack.emulator.faults.set('getUser', { status: 503 });
    for (let i = 0; i < TIMINGS.failureThreshold; i++)
      expectUnavailable(await stack.me((await stack.coldUser()).token));
    const before = getUserCalls();
    const results = await Promise.all(Array.from({ length: 10 }, async () => stack.me((await stack.coldUser()).token)));
    for (const res of results) expectUnavailable(res);
    expect(getUserCalls()).toBe(before); // open: nobody reached Clerk
    stack.emulator.faults.clear();
    stack.clock.advance(TIMINGS.openMs);
    const cold = await stack.coldUser();
    expectServed(await stack.me(cold.token), cold.id); // the probe
    expect(getUserCalls()).toBe(before + 1);
    const next = await stack.coldUser();
    expectServed(await stack.me(next.token), next.id); // closed again
  });

  it('reopens for longer when the probe fails, and recovers once Clerk is back', async () => {
    stack.emulator.faults.set('getUser', { hang: true });
    for (let i = 0; i < TIMINGS.failureThreshold; i++)
      expectUnavailable(await stack.me((await stack.coldUser()).token));
    stack.clock.advance(TIMINGS.openMs);
    expectUnavailable(await stack.me((await stack.coldUser()).token)); // the probe hangs → times out → open 2 s
    stack.emulator.faults.clear();
    stack.clock.advance(TIMINGS.openMs);
    expectUnavailable(await stack.me((await stack.coldUser()).token)); // still open
    stack.clock.advance(TIMINGS.openMs);
    const cold = await stack.coldUser();
    expectServed(await stack.me(cold.token), cold.id);
  });

  it('answers a failed or paused write with 503, never 401 or 500, and changes nothing', async () => {
    const update = () =>
      request(`${stack.url}/trpc/profile.update`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ada}`, 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'Nope' }),
      });
    stack.emulator.faults.set('updateUser', { status: 500 });
    expectUnavailable(await update());
    stack.emulator.faults.set('updateUser', { hang: true });
    expectUnavailable(await update());
    stack.emulator.faults.set('updateUser', { status: 429, retryAfterSeconds: 9 });
    expect(expectUnavailable(await update())).toBe(9);
    stack.emulator.faults.clear();
    expect(expectUnavailable(await update())).toBeLessThanOrEqual(9); // paused: not even sent
    expect(stack.emulator.users.get(stack.adaId)?.firstName).toBe('Ada');
  });

  it('answers 404 for a deleted user, does not count it against Clerk, and never serves it stale', async () => {
    const gone = await stack.coldUser();
    expectServed(await stack.me(gone.token), gone.id);
    stack.emulator.users.delete(gone.id);
    stack.clock.advance(TIMINGS.ttlMs + 1_000);
    for (let i = 0; i < TIMINGS.failureThreshold + 1; i++) {
      const res = await stack.me(gone.token);
      expect(res.status).toBe(404);
    }
    const cold = await stack.coldUser();
    expectServed(await stack.me(cold.token), cold.id); // the circuit stayed closed
  });
});
