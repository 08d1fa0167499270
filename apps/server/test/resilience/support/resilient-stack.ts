import type { ClerkClient } from '@clerk/backend';
import type { INestApplication } from '@nestjs/common';
import type { TestingModuleBuilder } from '@nestjs/testing';

import { createResilientUserDirectory, JwksKeySource } from '@stack/clerk-auth';
import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';

import { KEY_SOURCE } from '../../../src/clerk/auth.providers.js';
import { CLERK_CLIENT } from '../../../src/clerk/clerk.provider.js';
import { USER_DIRECTORY } from '../../../src/db/db.tokens.js';
import { bootApp } from '../../support/boot-app.js';
import { emulatorConfig } from '../../support/emulator-config.js';
import { type RawResponse, request } from '../../support/http.js';
import { seed, type VerificationMode, WEB_ORIGIN } from '../../support/start-server.js';

/**
 * A clock that moves only when the test moves it: TTLs, breakers and backoffs expire on demand,
 * never because the machine was slow (a flood of 30 requests taking more than the 1 s backoff on
 * a busy CI machine would otherwise be allowed a second JWKS fetch). Timeouts still run on real
 * timers: they bound real waiting.
 */
class TestClock {
  private readonly start = Date.now();
  private offset = 0;
  readonly now = (): number => this.start + this.offset;
  advance(ms: number): void {
    this.offset += ms;
  }
}

/** Short timings so a test sees a timeout, an open circuit or a backoff in well under a second. */
export const TIMINGS = {
  callTimeoutMs: 300,
  failureThreshold: 3,
  openMs: 1_000,
  maxOpenMs: 4_000,
  keyBackoffMs: 1_000,
  ttlMs: 60_000,
  staleIfErrorMs: 300_000,
};

export interface ResilientStack {
  emulator: ClerkEmulator;
  app: INestApplication;
  url: string;
  clock: TestClock;
  adaId: string;
  /** A token for Ada (long-lived, so only the clock decides what expires). */
  adaToken(): Promise<string>;
  /** A user the server has never loaded, and a token for it. */
  coldUser(): Promise<{ id: string; token: string }>;
  me(token: string): Promise<RawResponse>;
  rest(token: string): Promise<RawResponse>;
  close(): Promise<void>;
}

let coldUsers = 0;

/**
 * The real server (same modules, same classes, same HTTP adapter as main.ts) with the dependency
 * guards tuned short and on a test clock, in front of a real emulator whose faults the tests set.
 */
export async function startResilientStack(mode: VerificationMode = 'jwks'): Promise<ResilientStack> {
  const emulator = await startClerkEmulator({ seed });
  const clock = new TestClock();
  const config = await emulatorConfig(emulator, {
    jwtKey: mode === 'jwt-key',
    authorizedParties: WEB_ORIGIN,
    // These tests send one user's requests at once to see them share one dependency call; per-caller
    // slots would run them two at a time (see unit/caller-slots.test.ts and the fairness load scenario).
    env: { REQUESTS_IN_FLIGHT_PER_CALLER: '0' },
  });
  const withUsers = (builder: TestingModuleBuilder) =>
    builder.overrideProvider(USER_DIRECTORY).useFactory({
      inject: [CLERK_CLIENT],
      factory: (client: ClerkClient) =>
        createResilientUserDirectory(client, {
          clerk: { timeoutMs: TIMINGS.callTimeoutMs },
          breaker: {
            failureThreshold: TIMINGS.failureThreshold,
            openMs: TIMINGS.openMs,
            maxOpenMs: TIMINGS.maxOpenMs,
            now: clock.now,
          },
          cache: { ttlMs: TIMINGS.ttlMs, staleIfErrorMs: TIMINGS.staleIfErrorMs, now: clock.now },
        }),
    });
  const withKeys = (builder: TestingModuleBuilder) =>
    mode === 'jwt-key'
      ? builder
      : builder.overrideProvider(KEY_SOURCE).useFactory({
          inject: [CLERK_CLIENT],
          factory: (client: ClerkClient) =>
            new JwksKeySource({
              fetchJwks: () => client.jwks.getJwks(),
              timeoutMs: TIMINGS.callTimeoutMs,
              failureBackoffMs: TIMINGS.keyBackoffMs,
              now: clock.now,
            }),
        });
  // The HTTP adapter main.ts runs (Fastify), so outages are tested on the production stack.
  const { app, url } = await bootApp(config, { override: (builder) => withKeys(withUsers(builder)) });
  const adaId = emulator.users.findByEmail('ada@example.com')!.id;
  const call = (path: string, token: string) =>
    request(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  return {
    emulator,
    app,
    url,
    clock,
    adaId,
    adaToken: () => emulator.mintSessionToken({ userId: adaId, azp: WEB_ORIGIN, expiresInSeconds: 3600 }),
    coldUser: async () => {
      const user = await emulator.users.create({ email: `cold-${++coldUsers}@example.com` });
      return {
        id: user.id,
        token: await emulator.mintSessionToken({ userId: user.id, azp: WEB_ORIGIN, expiresInSeconds: 3600 }),
      };
    },
    me: (token) => call('/trpc/profile.me', token),
    rest: (token) => call('/api/profile', token),
    close: async () => {
      await app.close();
      await emulator.close();
    },
  };
}
