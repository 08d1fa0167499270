import { describe, expect, it } from 'vitest';

import { type RawResponse, request } from '../support/http.js';
import { OTHER_WEB_ORIGIN, WEB_ORIGIN } from '../support/start-server.js';
import { useBattery } from './support/battery.js';
import { expectTrpcError } from './support/expect.js';
import { rawRequest } from './support/raw-http.js';

describe('CSRF: cookie-authenticated state changes', () => {
  const t = useBattery('jwt-key');
  const update = (
    headers: Record<string, string>,
    body = JSON.stringify({ lastName: 'Lovelace' }),
    path = 'profile.update',
  ) =>
    request(`${t.stack.url}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const cookie = () => `__session=${t.good}`;
  const expectForbidden = (res: RawResponse) => {
    expectTrpcError(res, 403, 'FORBIDDEN', t.leaks());
    expect(t.stack.emulator.users.get(t.stack.adaId)?.lastName).toBe('Lovelace');
  };

  it.each<[string, Record<string, string>]>([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['no Origin', {}],
    ['Origin: null (sandboxed frame, data: URL)', { origin: 'null' }],
    [
      'a foreign Origin claiming same-origin fetch metadata',
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
    ],
    ['same-origin fetch metadata but no Origin', { 'sec-fetch-site': 'same-origin' }],
    ['only an authorized Referer', { referer: `${WEB_ORIGIN}/settings` }],
    ['an authorized Origin with a trailing slash', { origin: `${WEB_ORIGIN}/` }],
    ['an authorized Origin in upper case', { origin: WEB_ORIGIN.toUpperCase() }],
    ['an authorized Origin as a prefix of a foreign host', { origin: `${WEB_ORIGIN}.evil.example` }],
    ['an authorized host on another port', { origin: 'http://localhost:3001' }],
    ['an authorized host over another scheme', { origin: 'https://localhost:3000' }],
    ['a list of origins', { origin: `${WEB_ORIGIN}, https://evil.example` }],
  ])('refuses %s with 403 FORBIDDEN and changes nothing', async (_name, headers) => {
    expectForbidden(await update({ cookie: cookie(), ...headers }));
  });

  it('refuses a text/plain “simple request” (no preflight) from a foreign origin: tRPC takes only JSON (415)', async () => {
    expectTrpcError(
      await update({ cookie: cookie(), origin: 'https://evil.example', 'content-type': 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      t.leaks(),
    );
    expect(t.stack.emulator.users.get(t.stack.adaId)?.lastName).toBe('Lovelace');
  });

  it('refuses a form-encoded “simple request” from a foreign origin (415)', async () => {
    const res = await update(
      { cookie: cookie(), origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      'firstName=Eve',
    );
    expectTrpcError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', t.leaks());
    expect(t.stack.emulator.users.get(t.stack.adaId)?.firstName).toBe('Ada');
  });

  it('refuses a multipart form post (what an HTML form can send) from a foreign origin with 403', async () => {
    const form = new FormData();
    form.append('firstName', 'Eve');
    const res = await request(`${t.stack.url}/trpc/profile.update`, {
      method: 'POST',
      headers: { cookie: cookie(), origin: 'https://evil.example' },
      body: form,
    });
    expectForbidden(res);
  });

  it('refuses a batched mutation from a foreign origin', async () => {
    const res = await update(
      { cookie: cookie(), origin: 'https://evil.example' },
      JSON.stringify({ 0: { firstName: 'Eve' }, 1: { lastName: 'Eve' } }),
      'profile.update,profile.update?batch=1',
    );
    expect(res.status).toBe(403);
    expect(t.stack.emulator.users.get(t.stack.adaId)?.firstName).toBe('Ada');
  });

  it('refuses two Origin headers, an authorized one first', async () => {
    const body = JSON.stringify({ firstName: 'Eve' });
    const res = await rawRequest(
      t.stack.url,
      [
        'POST /trpc/profile.update HTTP/1.1',
        `Cookie: ${cookie()}`,
        `Origin: ${WEB_ORIGIN}`,
        'Origin: https://evil.example',
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
      ],
      body,
    );
    expect(res.status).toBe(403);
    expect(t.stack.emulator.users.get(t.stack.adaId)?.firstName).toBe('Ada');
  });

  it.each([WEB_ORIGIN, OTHER_WEB_ORIGIN])('allows the authorized party %s', async (origin) => {
    expect((await update({ cookie: cookie(), origin })).status).toBe(200);
  });

  it('allows an authorized Origin on a cross-site fetch (the web app and API may be different sites)', async () => {
    expect((await update({ cookie: cookie(), origin: WEB_ORIGIN, 'sec-fetch-site': 'cross-site' })).status).toBe(200);
  });

  it('does not apply to Bearer-authenticated calls (a foreign site cannot attach them)', async () => {
    expect((await update({ authorization: `Bearer ${t.good}`, origin: 'https://evil.example' })).status).toBe(200);
  });

  it('does not apply to cookie-authenticated queries, whose answers the browser keeps from a foreign page', async () => {
    const res = await t.me({ cookie: cookie(), origin: 'https://evil.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS', () => {
  const t = useBattery('jwt-key');
  const preflight = (origin: string, method = 'POST', headers = 'authorization,content-type') =>
    request(`${t.stack.url}/trpc/profile.update`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
    });

  it.each([WEB_ORIGIN, OTHER_WEB_ORIGIN])('allows the authorized party %s, with credentials', async (origin) => {
    const res = await preflight(origin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it.each([
    'https://evil.example',
    'null',
    `${WEB_ORIGIN}.evil.example`,
    'http://localhost:3001',
    `${WEB_ORIGIN}/`,
    'HTTP://LOCALHOST:3000',
    `${WEB_ORIGIN}, https://evil.example`,
    'file://',
  ])('grants nothing to %s', async (origin) => {
    const res = await preflight(origin);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('offers only GET and POST, and only the headers the client uses, even to an authorized party', async () => {
    const res = await preflight(WEB_ORIGIN, 'DELETE', 'x-evil');
    expect(res.headers.get('access-control-allow-methods')?.split(',').sort()).toEqual(['GET', 'POST']);
    expect(res.headers.get('access-control-allow-headers')).not.toContain('x-evil');
  });

  it('sends no CORS grant on an actual response to a foreign origin', async () => {
    const res = await t.bearer(t.good).then(() =>
      request(`${t.stack.url}/trpc/profile.me`, {
        headers: { authorization: `Bearer ${t.good}`, origin: 'https://evil.example' },
      }),
    );
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});
