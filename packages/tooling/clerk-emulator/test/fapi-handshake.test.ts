import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { APP_ORIGIN, FapiClient } from './fapi/fapi-client.js';
import { bapi, clerkClientFor, decodeJwt, startSeeded } from './helpers.js';

const handshakeUrl = (params: Record<string, string>) =>
  `/v1/client/handshake?${new URLSearchParams({ redirect_url: `${APP_ORIGIN}/dashboard`, ...params }).toString()}`;
// The navigation arrives through the app's proxy, which names the app's origin.
const viaProxy = { headers: { 'clerk-proxy-url': `${APP_ORIGIN}/__clerk` } };

describe('Frontend API handshake (what @clerk/backend redirects document requests to)', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startSeeded();
  });
  afterAll(() => emulator?.close());

  it('format=nonce: 307 back with a nonce cookie that the Backend API redeems once for the cookie directives', async () => {
    const fapi = new FapiClient(emulator);
    const sid = await fapi.signIn('ada@example.com', 'correct-horse-battery');
    const response = await fapi.request(
      'GET',
      handshakeUrl({ format: 'nonce', suffixed_cookies: 'true' }),
      undefined,
      viaProxy,
    );
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${APP_ORIGIN}/dashboard`);
    const nonce = fapi.cookies.get('__clerk_handshake_nonce')!;
    expect(nonce).toBeTruthy();
    const payload = await bapi(emulator, `/v1/clients/handshake_payload?nonce=${nonce}`);
    expect(payload.status).toBe(200);
    const { directives } = (await payload.json()) as { directives: string[] };
    const session = directives.find((d) => d.startsWith('__session='))!;
    expect(decodeJwt(session.slice('__session='.length).split(';')[0]!).payload).toMatchObject({
      sid,
      azp: APP_ORIGIN,
    });
    expect(directives.some((d) => /^__session_[\w-]{8}=ey/.test(d))).toBe(true);
    expect(directives.some((d) => /^__client_uat=[1-9]/.test(d))).toBe(true);
    expect(directives.some((d) => /^__clerk_handshake_nonce=;.*Max-Age=0/.test(d))).toBe(true);
    expect((await bapi(emulator, `/v1/clients/handshake_payload?nonce=${nonce}`)).status).toBe(404);
    expect((await bapi(emulator, `/v1/clients/handshake_payload?nonce=${nonce}`, { auth: null })).status).toBe(401);
  });

  it('a signed-out client gets directives that clear __session and set __client_uat=0', async () => {
    const fapi = new FapiClient(emulator);
    await fapi.request('GET', handshakeUrl({ format: 'nonce' }), undefined, viaProxy);
    const { directives } = (await (
      await bapi(emulator, `/v1/clients/handshake_payload?nonce=${fapi.cookies.get('__clerk_handshake_nonce')}`)
    ).json()) as { directives: string[] };
    expect(directives).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^__session=;.*Max-Age=0/),
        expect.stringMatching(/^__client_uat=0;/),
      ]),
    );
  });

  it('token format: a __clerk_handshake JWT that @clerk/backend verifies and resolves to signed-in', async () => {
    const fapi = new FapiClient(emulator);
    await fapi.signIn('grace@example.com', 'another-long-pass');
    await fapi.request('GET', handshakeUrl({}), undefined, viaProxy);
    const handshake = fapi.cookies.get('__clerk_handshake')!;
    expect(decodeJwt(handshake).header).toMatchObject({ kid: emulator.kid, alg: 'RS256' });
    const clerk = clerkClientFor(emulator);
    const state = await clerk.authenticateRequest(
      new Request(`${APP_ORIGIN}/dashboard`, { headers: { cookie: `__clerk_handshake=${handshake}` } }),
      {
        authorizedParties: [APP_ORIGIN],
      },
    );
    expect(state.status).toBe('signed-in');
    expect(state.toAuth()).toMatchObject({ userId: 'user_grace' });
    expect(state.headers.getSetCookie().some((c) => c.startsWith('__session=ey'))).toBe(true);
  });

  it.each([
    ['an origin other than the app', { redirect_url: 'https://evil.example/steal' }, 400],
    ['a javascript: URL', { redirect_url: 'javascript:alert(1)' }, 400],
    ['no redirect_url', { redirect_url: '' }, 422],
  ])('refuses %s (never an open redirect)', async (_what, params, status) => {
    const response = await new FapiClient(emulator).request(
      'GET',
      `/v1/client/handshake?${new URLSearchParams(params).toString()}`,
      undefined,
      viaProxy,
    );
    expect(response.status).toBe(status);
    expect(response.headers.get('location')).toBeNull();
  });

  it('GET /v1/client/touch returns to the app', async () => {
    const fapi = new FapiClient(emulator);
    await fapi.signIn('ada@example.com', 'correct-horse-battery');
    const response = await fapi.request(
      'GET',
      `/v1/client/touch?redirect_url=${encodeURIComponent(`${APP_ORIGIN}/after`)}`,
      undefined,
      viaProxy,
    );
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${APP_ORIGIN}/after`);
  });
});
