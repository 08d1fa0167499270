import { afterEach, describe, expect, it } from 'vitest';

import { WEB_ORIGIN } from '../support/start-server.js';
import { expectServed, expectUnavailable } from './support/expect-dependency.js';
import { type ResilientStack, startResilientStack, TIMINGS } from './support/resilient-stack.js';

const UNKNOWN_KID_COOLDOWN_MS = 30_000;

/** The JWKS endpoint failing in every way the emulator can (JWKS mode): never 500, never 401 for a good token. */
describe('signing-key (JWKS) failures', () => {
  let stack: ResilientStack;
  afterEach(() => stack?.close());
  const jwksCalls = () => stack.emulator.stats.count('jwks');
  const start = async () => (stack = await startResilientStack('jwks'));

  describe('before any key is known (cold start)', () => {
    it('serves through a slow JWKS that answers within the timeout', async () => {
      await start();
      stack.emulator.faults.set('jwks', { delayMs: TIMINGS.callTimeoutMs / 3 });
      expectServed(await stack.me(await stack.adaToken()), stack.adaId);
    });

    it.each([500, 502, 503])(
      'answers JWKS %i with 503 + Retry-After, then recovers after the backoff',
      async (status) => {
        await start();
        const token = await stack.adaToken();
        stack.emulator.faults.set('jwks', { status });
        expectUnavailable(await stack.me(token));
        expectUnavailable(await stack.rest(token));
        stack.emulator.faults.clear();
        expectUnavailable(await stack.me(token)); // within the backoff: no new fetch yet
        expect(jwksCalls()).toBe(1);
        stack.clock.advance(TIMINGS.keyBackoffMs);
        expectServed(await stack.me(token), stack.adaId);
      },
    );

    it('honours a JWKS 429 Retry-After before fetching again', async () => {
      await start();
      const token = await stack.adaToken();
      stack.emulator.faults.set('jwks', { status: 429, retryAfterSeconds: 7, times: 1 });
      expect(expectUnavailable(await stack.me(token))).toBe(7);
      stack.clock.advance(6_000);
      expect(expectUnavailable(await stack.me(token))).toBe(1);
      expect(jwksCalls()).toBe(1);
      stack.clock.advance(1_000);
      expectServed(await stack.me(token), stack.adaId);
    });

    it('times out a hung JWKS with 503, one fetch shared by every waiting request', async () => {
      await start();
      const token = await stack.adaToken();
      stack.emulator.faults.set('jwks', { hang: true });
      const results = await Promise.all(Array.from({ length: 20 }, () => stack.me(token)));
      for (const res of results) expectUnavailable(res);
      expect(jwksCalls()).toBe(1);
    });
  });

  describe('with keys already known', () => {
    const warm = async () => {
      await start();
      expectServed(await stack.me(await stack.adaToken()), stack.adaId);
      stack.emulator.stats.reset();
    };

    it.each<[string, object]>([
      ['503', { status: 503 }],
      ['hang', { hang: true }],
      ['429', { status: 429, retryAfterSeconds: 30 }],
    ])('keeps verifying new tokens with the last good keys while the JWKS is down (%s)', async (_name, fault) => {
      await warm();
      stack.emulator.faults.set('jwks', fault);
      stack.clock.advance(10 * 60_000); // keys are stale: a background refresh is tried (and fails)
      for (let i = 0; i < 3; i++) expectServed(await stack.me(await stack.adaToken()), stack.adaId);
      expect(jwksCalls()).toBeLessThanOrEqual(1);
    });

    it('picks up a rotated key: the new kid triggers one refetch once the cooldown allows', async () => {
      await warm();
      await stack.emulator.rotateKey();
      const rotated = await stack.adaToken();
      stack.clock.advance(UNKNOWN_KID_COOLDOWN_MS);
      expectServed(await stack.me(rotated), stack.adaId);
      expectServed(await stack.me(await stack.adaToken()), stack.adaId);
      expect(jwksCalls()).toBe(1);
    });

    it('refuses a kid first seen within the cooldown of the last successful fetch (refetch-storm guard), then accepts it', async () => {
      await warm();
      await stack.emulator.rotateKey();
      const rotated = await stack.adaToken();
      expect((await stack.me(rotated)).status).toBe(401);
      expect(jwksCalls()).toBe(0);
      stack.clock.advance(UNKNOWN_KID_COOLDOWN_MS);
      expectServed(await stack.me(rotated), stack.adaId);
    });

    it('answers a rotated-in kid with 503 (not 401) while the JWKS cannot be fetched, then serves it on recovery', async () => {
      await warm();
      await stack.emulator.rotateKey();
      const rotated = await stack.adaToken();
      stack.emulator.faults.set('jwks', { status: 503 });
      stack.clock.advance(UNKNOWN_KID_COOLDOWN_MS);
      expectUnavailable(await stack.me(rotated));
      stack.emulator.faults.set('jwks', { hang: true });
      stack.clock.advance(TIMINGS.keyBackoffMs);
      expectUnavailable(await stack.me(rotated));
      stack.emulator.faults.clear();
      stack.clock.advance(TIMINGS.keyBackoffMs); // recovery waits for the failure backoff, not the 30 s cooldown
      expectServed(await stack.me(rotated), stack.adaId);
    });

    it('bounds JWKS fetches for a flood of random kids during an outage', async () => {
      await warm();
      stack.emulator.faults.set('jwks', { status: 503 });
      stack.clock.advance(UNKNOWN_KID_COOLDOWN_MS);
      const claims = JSON.parse(Buffer.from((await stack.adaToken()).split('.')[1]!, 'base64url').toString());
      const forged = await Promise.all(
        Array.from({ length: 30 }, (_, i) => stack.emulator.signJwt(claims, { kid: `ins_random_${i}` })),
      );
      const results = await Promise.all(forged.map((token) => stack.me(token)));
      expect(results.every((res) => res.status === 503 && Number(res.headers.get('retry-after')) > 0)).toBe(true);
      expect(jwksCalls()).toBe(1);
      expectServed(await stack.me(await stack.adaToken()), stack.adaId); // known kid: unaffected
    });

    it('withdraws a key Clerk no longer lists: an unseen token with the old kid is refused once the set is current', async () => {
      await warm();
      const old = await stack.adaToken();
      await stack.emulator.rotateKey();
      stack.clock.advance(UNKNOWN_KID_COOLDOWN_MS);
      expectServed(await stack.me(await stack.adaToken()), stack.adaId); // refetch: only the new key now
      expect((await stack.me(old)).status).toBe(401);
    });
  });

  describe('networkless mode (CLERK_JWT_KEY, recommended)', () => {
    it.each<[string, object]>([
      ['503', { status: 503 }],
      ['hang', { hang: true }],
    ])('never needs the JWKS: serves from the first request while it is down (%s)', async (_name, fault) => {
      stack = await startResilientStack('jwt-key');
      stack.emulator.faults.set('jwks', fault);
      expectServed(await stack.me(await stack.adaToken()), stack.adaId);
      const token = await stack.emulator.mintSessionToken({ userId: stack.adaId, azp: WEB_ORIGIN });
      expect((await stack.me(token)).status).toBe(200);
      expect(jwksCalls()).toBe(0);
    });
  });
});
