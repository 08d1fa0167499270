import { verifyToken } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { APP_ORIGIN, FapiClient } from './fapi/fapi-client.js';
import { clerkClientFor, decodeJwt, startSeeded } from './helpers.js';

describe('Frontend API: environment, client, sign-in, sessions and tokens', () => {
  let emulator: ClerkEmulator;
  const codes: string[] = [];
  beforeAll(async () => {
    emulator = await startSeeded({ onVerificationCode: (email, code) => codes.push(`${email}:${code}`) });
  });
  afterAll(() => emulator?.close());

  it('serves the environment unwrapped: production instance, captcha off, email + password, no cookies', async () => {
    const fapi = new FapiClient(emulator);
    for (const method of ['GET', 'PATCH']) {
      const { status, body, setCookies } = await fapi.request(
        method === 'PATCH' ? 'POST' : 'GET',
        `/v1/environment${method === 'PATCH' ? '?_method=PATCH' : ''}`,
      );
      expect(status).toBe(200);
      expect(setCookies).toEqual([]);
      expect(body).toMatchObject({
        object: 'environment',
        auth_config: { single_session_mode: true },
        display_config: {
          instance_environment_type: 'production',
          captcha_public_key: null,
          home_url: `${APP_ORIGIN}/`,
        },
        user_settings: {
          sign_up: { captcha_enabled: false },
          attributes: { email_address: { verify_at_sign_up: true }, password: { required: true } },
        },
      });
    }
  });

  it('GET /v1/client without a cookie is {response: null} and creates no client', async () => {
    const before = emulator.clients.size;
    const { status, body, setCookies } = await new FapiClient(emulator).get('/v1/client');
    expect(status).toBe(200);
    expect(body).toEqual({ response: null, client: null });
    expect(setCookies).toEqual([]);
    expect(emulator.clients.size).toBe(before);
  });

  it('one-step password sign-in: HttpOnly __client, __client_uat (both spellings) ≤ the token iat, a verified token with azp', async () => {
    const fapi = new FapiClient(emulator);
    const { status, body, setCookies } = await fapi.post('/v1/client/sign_ins', {
      identifier: 'ADA@example.com',
      password: 'correct-horse-battery',
      strategy: 'password',
      locale: 'en-US',
    });
    expect(status).toBe(200);
    expect(body.response).toMatchObject({
      object: 'sign_in',
      status: 'complete',
      created_session_id: expect.stringMatching(/^sess_/),
    });
    const session = body.client.sessions[0];
    expect(body.client).toMatchObject({ object: 'client', last_active_session_id: session.id });
    expect(session).toMatchObject({
      status: 'active',
      last_active_organization_id: 'org_acme',
      user: {
        id: 'user_ada',
        organization_memberships: [{ role: 'org:admin', organization: { id: 'org_acme', slug: 'acme' } }],
      },
    });
    expect(session.user).not.toHaveProperty('private_metadata');
    const jwt = session.last_active_token.jwt as string;
    const claims = await verifyToken(jwt, { jwtKey: emulator.publicKeyPem, authorizedParties: [APP_ORIGIN] });
    expect(claims).toMatchObject({ sub: 'user_ada', sid: session.id, azp: APP_ORIGIN, o: { id: 'org_acme' } });

    const client = setCookies.find((c) => c.startsWith('__client='))!;
    expect(client).toMatch(/HttpOnly/);
    expect(client).toMatch(/SameSite=Lax/);
    expect(client).not.toMatch(/Secure/);
    const uat = setCookies.filter((c) => c.startsWith('__client_uat'));
    expect(uat.map((c) => c.split('=')[0])).toEqual(['__client_uat', expect.stringMatching(/^__client_uat_[\w-]{8}$/)]);
    expect(Number(fapi.cookies.get('__client_uat'))).toBeLessThanOrEqual(claims.iat);
    expect(uat.every((c) => !/HttpOnly/.test(c))).toBe(true);

    // The cookie is the client's only credential: a fresh GET /v1/client sees the session.
    expect((await fapi.get('/v1/client')).body.response.sessions[0].id).toBe(session.id);
    expect(emulator.users.get('user_ada')?.lastSignInAt).toBeGreaterThan(0);
  });

  it('the cookies it sets are what @clerk/backend authenticateRequest reads as signed in', async () => {
    const fapi = new FapiClient(emulator);
    await fapi.signIn('ada@example.com', 'correct-horse-battery');
    const token = (await fapi.get('/v1/client')).body.response.sessions[0].last_active_token.jwt;
    const clerk = clerkClientFor(emulator);
    const cookie = `__session=${token}; __client_uat=${fapi.cookies.get('__client_uat')}`;
    const state = await clerk.authenticateRequest(new Request(`${APP_ORIGIN}/`, { headers: { cookie } }), {
      authorizedParties: [APP_ORIGIN],
    });
    expect(state.status).toBe('signed-in');
    expect(state.toAuth()).toMatchObject({ userId: 'user_ada', orgId: 'org_acme', orgRole: 'org:admin' });
  });

  it('wrong password and unknown identifier are the form errors the components show', async () => {
    const fapi = new FapiClient(emulator);
    const wrong = await fapi.post('/v1/client/sign_ins', { identifier: 'ada@example.com', password: 'nope-nope-nope' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]).toMatchObject({ code: 'form_password_incorrect', meta: { param_name: 'password' } });
    const unknown = await fapi.post('/v1/client/sign_ins', { identifier: 'nobody@example.com' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]).toMatchObject({
      code: 'form_identifier_not_found',
      meta: { param_name: 'identifier' },
    });
    expect(fapi.cookies.has('__client')).toBe(false);
  });

  it('two-step sign-in with the emailed code; the fixed development code works, others do not', async () => {
    const fapi = new FapiClient(emulator);
    const created = await fapi.post('/v1/client/sign_ins', { identifier: 'grace@example.com' });
    expect(created.body.response).toMatchObject({
      status: 'needs_first_factor',
      supported_first_factors: [
        { strategy: 'password' },
        { strategy: 'email_code', safe_identifier: 'grace@example.com' },
      ],
      user_data: { first_name: 'Grace' },
    });
    const id = created.body.response.id;
    await fapi.post(`/v1/client/sign_ins/${id}/prepare_first_factor`, { strategy: 'email_code' });
    expect(codes).toContain('grace@example.com:424242');
    const bad = await fapi.post(`/v1/client/sign_ins/${id}/attempt_first_factor`, {
      strategy: 'email_code',
      code: '000000',
    });
    expect(bad.body.errors[0]).toMatchObject({ code: 'form_code_incorrect', meta: { param_name: 'code' } });
    const good = await fapi.post(`/v1/client/sign_ins/${id}/attempt_first_factor`, {
      strategy: 'email_code',
      code: '424242',
    });
    expect(good.body.response).toMatchObject({
      status: 'complete',
      first_factor_verification: { status: 'verified', strategy: 'email_code', attempts: 2 },
    });
    // Single-session instance: signing in again on a signed-in client is refused.
    const again = await fapi.post('/v1/client/sign_ins', {
      identifier: 'grace@example.com',
      password: 'another-long-pass',
    });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].code).toBe('session_exists');
  });

  it('tokens: organization_id selects the org claims; templates get the template category; only own sessions', async () => {
    const fapi = new FapiClient(emulator);
    const sid = await fapi.signIn('ada@example.com', 'correct-horse-battery');
    const mint = async (form: Record<string, string>, path = `/v1/client/sessions/${sid}/tokens`) =>
      (await fapi.post(path, form)).body;
    expect(decodeJwt((await mint({})).jwt).payload).toMatchObject({ o: { id: 'org_acme' } });
    expect(decodeJwt((await mint({ organization_id: '' })).jwt).payload).not.toHaveProperty('o');
    expect(decodeJwt((await mint({ organization_id: 'org_acme', tab_state: 'visible' })).jwt).payload).toMatchObject({
      o: { id: 'org_acme' },
    });
    // Not (or no longer) a member: a personal-account token, not an error.
    const other = await fapi.post(`/v1/client/sessions/${sid}/tokens`, { organization_id: 'org_other' });
    expect(decodeJwt(other.body.jwt).payload).not.toHaveProperty('o');
    const template = await mint({}, `/v1/client/sessions/${sid}/tokens/supabase`);
    expect(decodeJwt(template.jwt).header).toMatchObject({ cat: 'cl_B7d4PD222AAA' });
    const stranger = new FapiClient(emulator);
    await stranger.signIn('grace@example.com', 'another-long-pass');
    expect((await stranger.post(`/v1/client/sessions/${sid}/tokens`)).status).toBe(404);
  });

  it('touch switches the active organization of later tokens (personal account: no org claims)', async () => {
    const fapi = new FapiClient(emulator);
    const sid = await fapi.signIn('ada@example.com', 'correct-horse-battery');
    const personal = await fapi.post(`/v1/client/sessions/${sid}/touch`, { active_organization_id: '' });
    expect(personal.body.response).toMatchObject({ id: sid, last_active_organization_id: null });
    expect(decodeJwt(personal.body.response.last_active_token.jwt).payload).not.toHaveProperty('o');
    expect(decodeJwt((await fapi.post(`/v1/client/sessions/${sid}/tokens`)).body.jwt).payload).not.toHaveProperty('o');
    await fapi.post(`/v1/client/sessions/${sid}/touch`, { active_organization_id: 'org_acme' });
    expect(emulator.getSession(sid)?.activeOrganizationId).toBe('org_acme');
  });

  it('sign-out (DELETE /v1/client/sessions) ends the session: __client_uat 0, tokens 401 signed_out', async () => {
    const fapi = new FapiClient(emulator);
    const sid = await fapi.signIn('ada@example.com', 'correct-horse-battery');
    const out = await fapi.request('POST', '/v1/client/sessions?_method=DELETE');
    expect(out.status).toBe(200);
    expect(out.body.response).toMatchObject({ object: 'client', sessions: [], last_active_session_id: null });
    expect(fapi.cookies.get('__client_uat')).toBe('0');
    expect(emulator.getSession(sid)?.status).toBe('removed');
    const token = await fapi.post(`/v1/client/sessions/${sid}/tokens`);
    expect(token.status).toBe(401);
    expect(token.body.errors[0].code).toBe('signed_out');
    // The same client signs in again.
    await fapi.signIn('ada@example.com', 'correct-horse-battery');
  });

  it('remove / end one session, and DELETE /v1/client forgets the client and clears its cookie', async () => {
    const fapi = new FapiClient(emulator);
    const sid = await fapi.signIn('grace@example.com', 'another-long-pass');
    const ended = await fapi.post(`/v1/client/sessions/${sid}/end`);
    expect(ended.body.response).toMatchObject({ id: sid, status: 'ended', last_active_token: null });
    expect(ended.body.client.sessions).toEqual([]);
    const sid2 = await fapi.signIn('grace@example.com', 'another-long-pass');
    expect((await fapi.post(`/v1/client/sessions/${sid2}/remove`)).body.response.status).toBe('removed');
    const clientId = (await fapi.get('/v1/client')).body.response.id;
    const destroyed = await fapi.request('POST', '/v1/client?_method=DELETE');
    expect(destroyed.status).toBe(200);
    expect(destroyed.setCookies.find((c) => c.startsWith('__client='))).toMatch(/Max-Age=0/);
    expect(emulator.clients.get(clientId)).toBeUndefined();
    expect((await fapi.get('/v1/client')).body.response).toBeNull();
  });
});
