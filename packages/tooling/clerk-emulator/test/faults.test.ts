import { verifyToken } from '@clerk/backend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { bapi, clerkClientFor, clerkErrorOf, startSeeded } from './helpers.js';

describe('fault injection', () => {
  let emulator: ClerkEmulator;
  let clerk: ReturnType<typeof clerkClientFor>;
  beforeAll(async () => {
    emulator = await startSeeded();
    clerk = clerkClientFor(emulator);
  });
  beforeEach(() => {
    emulator.faults.clear();
    emulator.stats.reset();
  });
  afterAll(() => emulator.close());

  it('status + retryAfterSeconds → Clerk-shaped error with Retry-After, seen by the SDK', async () => {
    emulator.faults.set('getUser', { status: 429, retryAfterSeconds: 7, times: 1 });
    const error = await clerk.users.getUser('user_ada').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryAfter: 7, errors: [{ code: 'too_many_requests' }] });
    // times: 1 → the next request is served normally.
    expect((await clerk.users.getUser('user_ada')).id).toBe('user_ada');
    expect(emulator.stats.count('getUser')).toBe(2);
  });

  it('raw fault responses keep the exact JSON content type and Retry-After header', async () => {
    emulator.faults.set('getUser', { status: 503, retryAfterSeconds: 2, times: 1 });
    const response = await bapi(emulator, '/v1/users/user_ada');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect((await clerkErrorOf(response)).errors[0]?.code).toBe('service_unavailable');
  });

  it('times limits how many requests a fault hits', async () => {
    emulator.faults.set('getUser', { status: 500, times: 2 });
    await expect(clerk.users.getUser('user_ada')).rejects.toMatchObject({ status: 500 });
    await expect(clerk.users.getUser('user_ada')).rejects.toMatchObject({ status: 500 });
    await expect(clerk.users.getUser('user_ada')).resolves.toMatchObject({ id: 'user_ada' });
  });

  it("a route fault does not touch other routes; 'all' hits every route", async () => {
    emulator.faults.set('listUsers', { status: 502 });
    await expect(clerk.users.getUser('user_ada')).resolves.toMatchObject({ id: 'user_ada' });
    emulator.faults.clear();
    emulator.faults.set('all', { status: 502, times: 3 });
    expect((await bapi(emulator, '/v1/jwks')).status).toBe(502);
    expect((await bapi(emulator, '/v1/users/user_ada')).status).toBe(502);
    expect((await bapi(emulator, '/v1/no/such/route')).status).toBe(502);
    expect((await bapi(emulator, '/v1/jwks')).status).toBe(200);
  });

  it('the SDK retries a failing JWKS fetch; stats count every attempt', async () => {
    emulator.faults.set('jwks', { status: 503, times: 2 });
    const token = await emulator.mintSessionToken({ userId: 'user_ada' });
    // A scope of its own (trailing slash) so no cached JWKS from other tests is reused.
    const claims = await verifyToken(token, { secretKey: emulator.secretKey, apiUrl: emulator.url + '/' });
    expect(claims.sub).toBe('user_ada');
    expect(emulator.stats.count('jwks')).toBe(3);
  });

  it('delayMs delays the real answer', async () => {
    emulator.faults.set('getUser', { delayMs: 300, times: 1 });
    const started = performance.now();
    const user = await clerk.users.getUser('user_ada');
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(user.id).toBe('user_ada');
  });

  it('rejects nonsensical faults', () => {
    expect(() => emulator.faults.set('getUser', { status: 200 })).toThrow(TypeError);
    expect(() => emulator.faults.set('getUser', {})).toThrow(TypeError);
    expect(() => emulator.faults.set('getUser', { status: 500, times: 0 })).toThrow(TypeError);
    expect(() => emulator.faults.set('nope' as 'getUser', { status: 500 })).toThrow(/unknown route/);
  });
});

describe('hang and latency', () => {
  it('hang never answers, and close() still ends promptly by destroying the socket', async () => {
    const emulator = await startSeeded();
    emulator.faults.set('getUser', { hang: true });
    let settled = false;
    const pending = bapi(emulator, '/v1/users/user_ada').then(
      () => 'answered',
      () => 'socket closed',
    );
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false);
    expect(emulator.stats.count('getUser')).toBe(1);
    const started = performance.now();
    await emulator.close();
    expect(await pending).toBe('socket closed');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('close() also cuts a long delay short', async () => {
    const emulator = await startSeeded();
    emulator.faults.set('all', { delayMs: 60_000 });
    const pending = bapi(emulator, '/v1/jwks').then(
      () => 'answered',
      () => 'socket closed',
    );
    await new Promise((r) => setTimeout(r, 100));
    await emulator.close();
    expect(await pending).toBe('socket closed');
  });

  it('latencyMs is added to every response', async () => {
    const emulator = await startSeeded({ latencyMs: 150 });
    try {
      const started = performance.now();
      const response = await bapi(emulator, '/v1/jwks');
      expect(response.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await emulator.close();
    }
  });
});
