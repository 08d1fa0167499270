import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { FapiClient, storeSnapshot } from './fapi/fapi-client.js';
import { startSeeded } from './helpers.js';

describe('Frontend API: /v1/me (what <UserButton/> and the profile modal use)', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startSeeded();
  });
  afterAll(() => emulator?.close());

  it('requires a signed-in client', async () => {
    const fapi = new FapiClient(emulator);
    expect((await fapi.get('/v1/me')).status).toBe(401);
    const sid = await fapi.signIn('grace@example.com', 'another-long-pass');
    await fapi.post(`/v1/client/sessions/${sid}/end`);
    expect((await fapi.get('/v1/me')).body.errors[0].code).toBe('signed_out');
  });

  it('GET shows the user with memberships and the avatar served by the emulator; PATCH updates names', async () => {
    const fapi = new FapiClient(emulator);
    const sid = await fapi.signIn('ada@example.com', 'correct-horse-battery');
    const me = await fapi.request('GET', `/v1/me?_clerk_session_id=${sid}`, undefined, {
      headers: { 'clerk-proxy-url': 'http://localhost:3000/__clerk' },
    });
    expect(me.body.response).toMatchObject({
      id: 'user_ada',
      first_name: 'Ada',
      image_url: 'http://localhost:3000/__clerk/img/avatar.svg',
      organization_memberships: [{ organization: { slug: 'acme' } }],
    });
    const avatar = await fetch(`${emulator.url}/img/avatar.svg`);
    expect(avatar.headers.get('content-type')).toBe('image/svg+xml');
    const updated = await fapi.request('POST', '/v1/me?_method=PATCH', { first_name: 'Augusta', last_name: ' King ' });
    expect(updated.body.response).toMatchObject({ first_name: 'Augusta', last_name: 'King' });
    expect(emulator.users.get('user_ada')).toMatchObject({ firstName: 'Augusta', lastName: 'King' });
    expect(
      (await fapi.request('POST', '/v1/me?_method=PATCH', { first_name: '' })).body.response.first_name,
    ).toBeNull();
  });

  it.each([
    [{ first_name: 'x'.repeat(257) }, 'form_param_format_invalid', 'first_name'],
    [{ first_name: 'bad\u0007bell' }, 'form_param_format_invalid', 'first_name'],
    [{ username: 'ada' }, 'form_param_unknown', 'username'],
    [{ unsafe_metadata: 'not json' }, 'form_param_format_invalid', 'unsafe_metadata'],
  ])('PATCH rejects %j', async (form, code, param) => {
    const fapi = new FapiClient(emulator);
    await fapi.signIn('grace@example.com', 'another-long-pass');
    const before = storeSnapshot(emulator);
    const response = await fapi.request('POST', '/v1/me?_method=PATCH', form);
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatchObject({ code, meta: { param_name: param } });
    expect(storeSnapshot(emulator)).toBe(before);
  });

  it('change_password checks the current one, applies the rules, and can sign out other sessions', async () => {
    await emulator.users.create({ email: 'pw@example.com', password: 'the-first-password' });
    const other = new FapiClient(emulator);
    const otherSid = await other.signIn('pw@example.com', 'the-first-password');
    const fapi = new FapiClient(emulator);
    await fapi.signIn('pw@example.com', 'the-first-password');
    const wrong = await fapi.post('/v1/me/change_password', {
      current_password: 'nope-nope-nope',
      new_password: 'the-second-password',
    });
    expect(wrong.body.errors[0]).toMatchObject({
      code: 'form_password_incorrect',
      meta: { param_name: 'current_password' },
    });
    const pwned = await fapi.post('/v1/me/change_password', {
      current_password: 'the-first-password',
      new_password: 'password123',
    });
    expect(pwned.body.errors[0].code).toBe('form_password_pwned');
    const ok = await fapi.post('/v1/me/change_password', {
      current_password: 'the-first-password',
      new_password: 'the-second-password',
      sign_out_of_other_sessions: 'true',
    });
    expect(ok.status).toBe(200);
    expect(emulator.getSession(otherSid)?.status).toBe('revoked');
    await expect(new FapiClient(emulator).signIn('pw@example.com', 'the-second-password')).resolves.toMatch(/^sess_/);
  });

  it('lists active sessions and organization memberships; invitations and suggestions are empty pages', async () => {
    const fapi = new FapiClient(emulator);
    await fapi.signIn('ada@example.com', 'correct-horse-battery');
    const active = await fapi.get('/v1/me/sessions/active');
    expect(Array.isArray(active.body)).toBe(true);
    expect(active.body[0]).toMatchObject({
      object: 'session',
      status: 'active',
      latest_activity: { object: 'session_activity' },
    });
    expect((await fapi.get('/v1/me/organization_memberships?paginated=true')).body.response).toMatchObject({
      total_count: 1,
      data: [{ role: 'org:admin' }],
    });
    expect((await fapi.get('/v1/me/organization_invitations')).body.response).toEqual({ data: [], total_count: 0 });
    expect((await fapi.get('/v1/me/organization_suggestions')).body.response).toEqual({ data: [], total_count: 0 });
  });

  it('DELETE /v1/me deletes the account and signs the client out', async () => {
    await emulator.users.create({ email: 'leaving@example.com', password: 'goodbye-and-thanks' });
    const fapi = new FapiClient(emulator);
    const sid = await fapi.signIn('leaving@example.com', 'goodbye-and-thanks');
    const gone = await fapi.request('POST', '/v1/me?_method=DELETE');
    expect(gone.body.response).toMatchObject({ deleted: true });
    expect(emulator.users.findByEmail('leaving@example.com')).toBeUndefined();
    expect(emulator.getSession(sid)?.status).toBe('revoked');
    expect(fapi.cookies.get('__client_uat')).toBe('0');
  });
});
