import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { request, trpcError } from '../support/http.js';
import { startServer, type TestStack, WEB_ORIGIN } from '../support/start-server.js';

/** The production wiring (auth.providers.ts defaults) against the emulator's faults, JWKS mode. */
describe('Clerk as a dependency (JWKS mode, default settings)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startServer('jwks');
  });
  afterEach(() => stack.emulator.faults.clear());
  afterAll(() => stack?.close());

  const me = (token: string) =>
    request(`${stack.url}/trpc/profile.me`, { headers: { authorization: `Bearer ${token}` } });

  it('makes no Backend API call per request once warm', async () => {
    const token = await stack.adaToken();
    expect((await me(token)).status).toBe(200);
    stack.emulator.stats.reset();
    const client = stack.client(token);
    for (let i = 0; i < 25; i++) await client.profile.me.query();
    const fresh = stack.client(await stack.adaToken()); // a new token for the same user: still cached
    await fresh.profile.me.query();
    expect(stack.emulator.stats.count('getUser')).toBe(0);
    expect(stack.emulator.stats.count('jwks')).toBe(0);
  });

  it('loads a user once however many requests ask at the same moment', async () => {
    const user = await stack.emulator.users.create({
      email: 'burst@example.com',
      password: 'burst-password-1',
      firstName: 'Burst',
    });
    const token = await stack.emulator.mintSessionToken({ userId: user.id, azp: WEB_ORIGIN });
    stack.emulator.stats.reset();
    const results = await Promise.all(Array.from({ length: 20 }, () => me(token)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(stack.emulator.stats.count('getUser')).toBe(1);
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After when the Backend API is down for an uncached user', async () => {
    const user = await stack.emulator.users.create({ email: 'down@example.com', password: 'down-password-1' });
    const token = await stack.emulator.mintSessionToken({ userId: user.id, azp: WEB_ORIGIN });
    stack.emulator.faults.set('getUser', { status: 503 });
    const res = await me(token);
    expect(res.status).toBe(503);
    expect(trpcError(res).code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/stack|HTTP 503|clerk/i);

    const rest = await request(`${stack.url}/api/profile`, { headers: { authorization: `Bearer ${token}` } });
    expect(rest.status).toBe(503);
    expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('never answers 401 or 500 for a failed write; the profile is unchanged', async () => {
    const token = await stack.adaToken();
    stack.emulator.faults.set('updateUser', { status: 500 });
    const res = await request(`${stack.url}/trpc/profile.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Nope' }),
    });
    expect(res.status).toBe(503);
    stack.emulator.faults.clear();
    expect((await stack.client(token).profile.me.query()).firstName).not.toBe('Nope');
  });

  it('answers 404 NOT_FOUND for a valid session whose user no longer exists', async () => {
    const good = await stack.adaToken();
    const claims = JSON.parse(Buffer.from(good.split('.')[1]!, 'base64url').toString());
    const forged = await stack.emulator.signJwt({ ...claims, sub: 'user_deleted' });
    const res = await me(forged);
    expect(res.status).toBe(404);
    expect(trpcError(res).code).toBe('NOT_FOUND');
  });

  it('refetches the JWKS at most once for a flood of unknown kids', async () => {
    const claims = JSON.parse(Buffer.from((await stack.adaToken()).split('.')[1]!, 'base64url').toString());
    stack.emulator.stats.reset();
    const forged = await Promise.all(
      Array.from({ length: 50 }, (_, i) => stack.emulator.signJwt(claims, { kid: `ins_random_${i}` })),
    );
    const results = await Promise.all(forged.map((token) => me(token)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(401));
    expect(stack.emulator.stats.count('jwks')).toBeLessThanOrEqual(1);
  });
});

describe('Clerk as a dependency: no keys at all', () => {
  it('answers 503 with Retry-After (not 401) when the JWKS cannot be fetched and no key is known', async () => {
    const stack = await startServer('jwks');
    try {
      stack.emulator.faults.set('jwks', { status: 503 });
      const res = await request(`${stack.url}/trpc/profile.me`, {
        headers: { authorization: `Bearer ${await stack.adaToken()}` },
      });
      expect(res.status).toBe(503);
      expect(trpcError(res).code).toBe('SERVICE_UNAVAILABLE');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  });
});

describe('Clerk as a dependency: rate limited (default settings)', () => {
  it('passes on the Backend API’s own Retry-After and pauses further calls instead of retrying', async () => {
    const stack = await startServer('jwks');
    try {
      const [first, second] = await Promise.all(
        ['limited@example.com', 'waiting@example.com'].map(async (email) => {
          const user = await stack.emulator.users.create({ email, password: 'limited-password-1' });
          return stack.emulator.mintSessionToken({ userId: user.id, azp: WEB_ORIGIN });
        }),
      );
      stack.emulator.faults.set('getUser', { status: 429, retryAfterSeconds: 17, times: 1 });
      const me = (token: string) =>
        request(`${stack.url}/trpc/profile.me`, { headers: { authorization: `Bearer ${token}` } });
      const res = await me(first!);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('17');
      const calls = stack.emulator.stats.count('getUser');
      const paused = await me(second!);
      expect(paused.status).toBe(503);
      expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(10);
      expect(stack.emulator.stats.count('getUser')).toBe(calls);
    } finally {
      await stack.close();
    }
  });
});
