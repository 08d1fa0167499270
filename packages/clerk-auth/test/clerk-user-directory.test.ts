import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { ServiceUnavailableError, UserNotFoundError } from '@stack/contracts';

import {
  CircuitBreaker,
  CircuitOpenError,
  ClerkUserDirectory,
  createResilientUserDirectory,
  RateLimitedError,
} from '../src/index.js';
import { type MisbehavingProxy, type Misbehaviour, startMisbehavingProxy } from './support/misbehaving-proxy.js';

const seed = {
  users: [
    { id: 'user_ada', email: 'ada@example.com', password: 'correct-horse-battery', firstName: 'Ada' },
    { id: 'user_grace', email: 'grace@example.com', password: 'another-long-pass', firstName: 'Grace' },
  ],
};

const clientFor = (emulator: ClerkEmulator, apiUrl = emulator.url) =>
  createClerkClient({
    secretKey: emulator.secretKey,
    publishableKey: emulator.publishableKey,
    apiUrl,
    telemetry: { disabled: true },
  });

describe('ClerkUserDirectory against the emulator’s faults (real @clerk/backend)', () => {
  let emulator: ClerkEmulator;
  const clock = { now: 0 };
  let breaker: CircuitBreaker;
  let users: ClerkUserDirectory;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed });
  });
  beforeEach(() => {
    emulator.faults.clear();
    emulator.stats.reset();
    clock.now = 0;
    breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => clock.now });
    users = new ClerkUserDirectory(clientFor(emulator), { timeoutMs: 200, breaker });
  });
  afterAll(() => emulator?.close());

  it('maps a 404 to UserNotFoundError without counting it against Clerk', async () => {
    for (let i = 0; i < 5; i++) await expect(users.getProfile('user_gone')).rejects.toBeInstanceOf(UserNotFoundError);
    expect(breaker.state).toBe('closed');
  });

  it.each([500, 502, 503])('maps HTTP %i to ServiceUnavailableError with a Retry-After', async (status) => {
    emulator.faults.set('getUser', { status });
    const error = (await users.getProfile('user_ada').catch((e: unknown) => e)) as ServiceUnavailableError;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('gives up on a hung call after its timeout', async () => {
    emulator.faults.set('getUser', { hang: true, times: 1 });
    await expect(users.getProfile('user_ada')).rejects.toThrow(/timed out/);
  });

  it('opens after repeated failures: calls fail fast without reaching Clerk, then one probe recovers', async () => {
    emulator.faults.set('getUser', { status: 503 });
    for (let i = 0; i < 3; i++)
      await expect(users.getProfile('user_ada')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(breaker.state).toBe('open');
    await expect(users.getProfile('user_grace')).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(users.updateProfile('user_grace', { firstName: 'G' })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(emulator.stats.count('getUser')).toBe(3);
    emulator.faults.clear();
    clock.now = 1000;
    expect((await users.getProfile('user_grace')).firstName).toBe('Grace');
    expect(breaker.state).toBe('closed');
    expect(emulator.stats.count('getUser')).toBe(4);
  });

  it('honours a 429 Retry-After as a pause for every call', async () => {
    emulator.faults.set('getUser', { status: 429, retryAfterSeconds: 17, times: 1 });
    const error = (await users.getProfile('user_ada').catch((e: unknown) => e)) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(17);
    clock.now = 5000;
    const paused = (await users.getProfile('user_grace').catch((e: unknown) => e)) as CircuitOpenError;
    expect(paused).toBeInstanceOf(CircuitOpenError);
    expect(paused.retryAfterSeconds).toBe(12);
    expect(emulator.stats.count('getUser')).toBe(1);
    clock.now = 17_000;
    expect((await users.getProfile('user_grace')).id).toBe('user_grace');
  });
});

describe('ClerkUserDirectory behind a misbehaving hop (real @clerk/backend over HTTP)', () => {
  let emulator: ClerkEmulator;
  let proxy: MisbehavingProxy;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed });
    proxy = await startMisbehavingProxy(emulator.url, '/v1/users/user_grace');
  });
  afterAll(async () => {
    await proxy?.close();
    await emulator?.close();
  });

  const directory = () =>
    new ClerkUserDirectory(clientFor(emulator, proxy.url), { timeoutMs: 2000, defaultRetryAfterSeconds: 5 });

  it('passes a correct answer through (the control)', async () => {
    proxy.behave('pass');
    expect((await directory().getProfile('user_ada')).email).toBe('ada@example.com');
  });

  it.each<[Misbehaviour, string]>([
    ['charset-content-type', 'the SDK returns a string instead of a User'],
    ['other-user', 'the answer is somebody else’s profile'],
    ['html-502', 'an HTML error page'],
    ['truncated-json', 'a truncated body'],
    ['connection-reset', 'the connection is reset'],
    ['empty-200', 'an empty 200'],
    ['user-missing-fields', 'a user object missing required fields'],
  ])('turns %s (%s) into 503, never a profile', async (how) => {
    proxy.behave(how);
    const error = await directory()
      .getProfile('user_ada')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('caps an absurd Retry-After and falls back to the default for an HTTP-date one', async () => {
    proxy.behave('retry-after-huge');
    expect(
      (
        (await directory()
          .getProfile('user_ada')
          .catch((e: unknown) => e)) as RateLimitedError
      ).retryAfterSeconds,
    ).toBe(60);
    proxy.behave('retry-after-date');
    expect(
      (
        (await directory()
          .getProfile('user_ada')
          .catch((e: unknown) => e)) as RateLimitedError
      ).retryAfterSeconds,
    ).toBe(5);
  });

  it('never caches somebody else’s profile under the caller’s id', async () => {
    const users = createResilientUserDirectory(clientFor(emulator, proxy.url));
    proxy.behave('other-user');
    await expect(users.getProfile('user_ada')).rejects.toBeInstanceOf(ServiceUnavailableError);
    proxy.behave('pass');
    expect((await users.getProfile('user_ada')).email).toBe('ada@example.com');
  });
});
