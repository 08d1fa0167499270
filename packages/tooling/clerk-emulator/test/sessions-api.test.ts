import { verifyToken } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, JWT_CATEGORY_JWT_TEMPLATE, JWT_CATEGORY_SESSION_TOKEN } from '../src/index.js';
import { bapi, clerkClientFor, clerkErrorOf, decodeJwt, startSeeded } from './helpers.js';

describe('Backend API sessions and tokens', () => {
  let emulator: ClerkEmulator;
  let clerk: ReturnType<typeof clerkClientFor>;
  beforeAll(async () => {
    emulator = await startSeeded();
    clerk = clerkClientFor(emulator);
  });
  afterAll(() => emulator.close());

  it('sessions.createSession then getSession return Session objects', async () => {
    const session = await clerk.sessions.createSession({ userId: 'user_ada' });
    expect(session.id).toMatch(/^sess_/);
    expect(session.userId).toBe('user_ada');
    expect(session.status).toBe('active');
    expect(session.clientId).toMatch(/^client_/);
    expect(session.expireAt).toBeGreaterThan(Date.now());
    const again = await clerk.sessions.getSession(session.id);
    expect(again.id).toBe(session.id);
    expect(emulator.stats.count('createSession')).toBe(1);
    expect(emulator.stats.count('getSession')).toBe(1);
  });

  it('createSession for an unknown user → 404; without user_id → 422', async () => {
    await expect(clerk.sessions.createSession({ userId: 'user_nobody' })).rejects.toMatchObject({ status: 404 });
    const response = await bapi(emulator, '/v1/sessions', { method: 'POST', body: '{}' });
    expect(response.status).toBe(422);
    expect((await clerkErrorOf(response)).errors[0]).toMatchObject({
      code: 'form_param_missing',
      meta: { param_name: 'user_id' },
    });
  });

  it('sessions.getToken returns a session token that verifies via JWKS', async () => {
    const session = emulator.createSession('user_grace');
    const { jwt } = await clerk.sessions.getToken(session.id);
    const { header, payload } = decodeJwt(jwt);
    expect(header['cat']).toBe(JWT_CATEGORY_SESSION_TOKEN);
    expect(payload).toMatchObject({ sub: 'user_grace', sid: session.id, v: 2, iss: emulator.issuer });
    expect((payload['exp'] as number) - (payload['iat'] as number)).toBe(60);
    const claims = await verifyToken(jwt, { secretKey: emulator.secretKey, apiUrl: emulator.url });
    expect(claims.sid).toBe(session.id);
    expect(emulator.stats.count('createSessionToken')).toBe(1);
  });

  it('honours expires_in_seconds and validates it', async () => {
    const session = emulator.createSession('user_grace');
    const { jwt } = await clerk.sessions.getToken(session.id, undefined, 600);
    const { payload } = decodeJwt(jwt);
    expect((payload['exp'] as number) - (payload['iat'] as number)).toBe(600);
    const bad = await bapi(emulator, `/v1/sessions/${session.id}/tokens`, {
      method: 'POST',
      body: JSON.stringify({ expires_in_seconds: 'soon' }),
    });
    expect(bad.status).toBe(422);
    expect((await clerkErrorOf(bad)).errors[0]?.meta['param_name']).toBe('expires_in_seconds');
  });

  it('template tokens carry the JWT-template category', async () => {
    const session = emulator.createSession('user_ada');
    const { jwt } = await clerk.sessions.getToken(session.id, 'supabase');
    expect(decodeJwt(jwt).header['cat']).toBe(JWT_CATEGORY_JWT_TEMPLATE);
    // verifyToken accepts it: refusing template tokens is the application's job.
    expect((await verifyToken(jwt, { jwtKey: emulator.publicKeyPem })).sub).toBe('user_ada');
    // …while authenticateRequest refuses a non-session category.
    const state = await clerk.authenticateRequest(
      new Request('http://localhost/api', { headers: { authorization: `Bearer ${jwt}` } }),
      { jwtKey: emulator.publicKeyPem },
    );
    expect(state.isAuthenticated).toBe(false);
    expect(emulator.stats.count('createTemplateToken')).toBe(1);
  });

  it('tokens for unknown or revoked sessions → 404', async () => {
    await expect(clerk.sessions.getToken('sess_unknown')).rejects.toMatchObject({
      status: 404,
      errors: [{ code: 'resource_not_found' }],
    });
    const session = emulator.createSession('user_ada');
    const revoked = await clerk.sessions.revokeSession(session.id);
    expect(revoked.status).toBe('revoked');
    await expect(clerk.sessions.getToken(session.id)).rejects.toMatchObject({ status: 404 });
    await expect(clerk.sessions.getToken(session.id, 'tpl')).rejects.toMatchObject({ status: 404 });
    expect((await clerk.sessions.getSession(session.id)).status).toBe('revoked');
  });

  it('getSessionList by user', async () => {
    const list = await clerk.sessions.getSessionList({ userId: 'user_grace' });
    expect(list.totalCount).toBeGreaterThanOrEqual(2);
    expect(list.data.every((s) => s.userId === 'user_grace')).toBe(true);
  });

  it('authenticateRequest with a bearer session token is signed in with the org claims', async () => {
    const token = await emulator.mintSessionToken({ userId: 'user_ada', azp: 'http://localhost:3000' });
    const state = await clerk.authenticateRequest(
      new Request('http://localhost:4000/trpc/x', { headers: { authorization: `Bearer ${token}` } }),
      {
        authorizedParties: ['http://localhost:3000'],
      },
    );
    const auth = state.toAuth();
    expect(state.status).toBe('signed-in');
    expect(auth).toMatchObject({ userId: 'user_ada', orgId: 'org_acme', orgRole: 'org:admin', orgSlug: 'acme' });
    if (!auth || !('has' in auth)) throw new Error('no auth object');
    expect(auth.has({ permission: 'org:reports:manage' })).toBe(true);
    expect(auth.has({ role: 'org:admin' })).toBe(true);
  });
});
