import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';

import type { AppRouter } from '@stack/api';
import type { UserProfile } from '@stack/contracts';

import { request } from './support/http.js';
import { startServer, type TestStack, type VerificationMode } from './support/start-server.js';

describe.each<VerificationMode>(['jwks', 'jwt-key'])('the authenticated API (%s mode)', (mode) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startServer(mode);
  });
  afterAll(() => stack?.close());

  it('GET /health → 200 {"status":"ok"}', async () => {
    const res = await request(`${stack.url}/health`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  it('profile.me returns the caller’s typed profile, primary email as `email`', async () => {
    const me = await stack.client(await stack.adaToken()).profile.me.query();
    expectTypeOf(me).toEqualTypeOf<UserProfile>();
    expectTypeOf(me.email).toEqualTypeOf<string | null>();
    expect(me).toMatchObject({ id: stack.adaId, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
    // The emulator's own avatar, which the browser loads from the emulator (no Clerk CDN).
    expect(me.imageUrl).toBe(`${stack.emulator.url}/img/avatar.svg`);
  });

  it('profile.update writes through the Backend API; the next profile.me reflects it', async () => {
    const client = stack.client(
      await stack.emulator.mintSessionToken({ userId: stack.graceId, azp: 'http://localhost:3000' }),
    );
    await client.profile.me.query(); // warm the cache first: the update must not be hidden by it
    const updated = await client.profile.update.mutate({ firstName: 'Amazing', lastName: 'Grace' });
    expect(updated).toMatchObject({ id: stack.graceId, firstName: 'Amazing', lastName: 'Grace' });
    expect(await client.profile.me.query()).toMatchObject({ firstName: 'Amazing', lastName: 'Grace' });
    expect(stack.emulator.users.get(stack.graceId)).toMatchObject({ firstName: 'Amazing', lastName: 'Grace' });
  });

  it('profile.update refuses bad input with 400 and field errors', async () => {
    const client = stack.client(await stack.adaToken());
    const error = await client.profile.update.mutate({ firstName: 'x'.repeat(257) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    // The error shape is typed from the router's errorFormatter, field errors included.
    const data = (error as TRPCClientError<AppRouter>).data;
    expect(data?.httpStatus).toBe(400);
    expect(data?.zodError?.fieldErrors['firstName']).toEqual(['Must be at most 256 characters']);
  });

  it('session.current returns the auth state from the token claims, with no Backend API call', async () => {
    const token = await stack.adaToken();
    const before = stack.emulator.stats.count('getUser');
    const current = await stack.client(token).session.current.query();
    expect(current).toEqual({
      userId: stack.adaId,
      sessionId: expect.stringMatching(/^sess_/),
      orgId: 'org_acme',
      orgSlug: 'acme',
      orgRole: 'org:admin',
      orgPermissions: ['org:reports:read', 'org:reports:manage'],
    });
    expect(stack.emulator.stats.count('getUser')).toBe(before);
  });

  it('GET /api/profile (REST, AuthGuard) serves the same profile to a Bearer token', async () => {
    const res = await request(`${stack.url}/api/profile`, {
      headers: { authorization: `Bearer ${await stack.adaToken()}` },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: stack.adaId, email: 'ada@example.com' });
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });

  it('GET /api/profile without credentials → 401 with the fixed message', async () => {
    const res = await request(`${stack.url}/api/profile`);
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ message: 'Authentication required' });
  });

  it('sends security headers, and marks authenticated tRPC responses private', async () => {
    const res = await request(`${stack.url}/trpc/profile.me`, {
      headers: { authorization: `Bearer ${await stack.adaToken()}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const health = await request(`${stack.url}/health`);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('x-powered-by')).toBeNull();
  });

  it(
    mode === 'jwt-key'
      ? 'never fetches the JWKS with CLERK_JWT_KEY set'
      : 'fetches the JWKS once, then verifies from cache',
    async () => {
      // A server of its own: its key cache is cold whatever ran before (or did not).
      const fresh = await startServer(mode);
      try {
        fresh.emulator.stats.reset();
        const client = fresh.client(await fresh.adaToken());
        for (let i = 0; i < 5; i++) await client.session.current.query();
        const other = fresh.client(await fresh.adaToken());
        await other.session.current.query();
        expect(fresh.emulator.stats.count('jwks')).toBe(mode === 'jwks' ? 1 : 0);
      } finally {
        await fresh.close();
      }
    },
  );
});
