import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoLeaks, expectUnauthorized } from './support/expectations.js';
import { request, trpcError } from './support/http.js';
import { OTHER_WEB_ORIGIN, startServer, WEB_ORIGIN, type TestStack } from './support/start-server.js';

describe('token transports, CSRF and CORS', () => {
  let stack: TestStack;
  let good: string;
  beforeAll(async () => {
    stack = await startServer('jwt-key');
    good = await stack.adaToken();
  });
  afterAll(() => stack?.close());

  const update = (headers: Record<string, string>) =>
    request(`${stack.url}/trpc/profile.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ lastName: 'Lovelace' }),
    });

  describe('the __session cookie', () => {
    it('authenticates a query when there is no Authorization header', async () => {
      const res = await request(`${stack.url}/trpc/profile.me`, { headers: { cookie: `theme=dark; __session=${good}` } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ result: { data: { id: stack.adaId } } });
    });

    it('authenticates the REST route', async () => {
      const res = await request(`${stack.url}/api/profile`, { headers: { cookie: `__session=${good}` } });
      expect(res.status).toBe(200);
    });

    it('is ignored when an Authorization header is present, even a bad one', async () => {
      expectUnauthorized(await request(`${stack.url}/trpc/profile.me`, { headers: { authorization: 'Bearer nope', cookie: `__session=${good}` } }));
    });

    it('is refused when two different __session cookies disagree', async () => {
      const other = await stack.emulator.mintSessionToken({ userId: stack.graceId, azp: WEB_ORIGIN });
      expectUnauthorized(await request(`${stack.url}/trpc/profile.me`, { headers: { cookie: `__session=${good}; __session=${other}` } }));
    });

    it('a refused cookie gets no Set-Cookie and no redirect', async () => {
      const res = await request(`${stack.url}/trpc/profile.me`, { headers: { cookie: `__session=${good.slice(0, -3)}`, accept: 'text/html' } });
      expectUnauthorized(res);
    });
  });

  describe('CSRF: cookie-authenticated mutations', () => {
    it.each([
      ['a foreign Origin', { origin: 'https://evil.example' }],
      ['no Origin', {}],
      ['Origin: null', { origin: 'null' }],
      ['a foreign Origin claiming same-origin fetch metadata', { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }],
    ])('are refused with 403 for %s', async (_name, headers) => {
      const res = await update({ cookie: `__session=${good}`, ...headers });
      expect(res.status).toBe(403);
      expect(trpcError(res).code).toBe('FORBIDDEN');
      expectNoLeaks(res, ['ada@example.com']);
    });

    it.each([WEB_ORIGIN, OTHER_WEB_ORIGIN])('are allowed from the authorized party %s', async (origin) => {
      expect((await update({ cookie: `__session=${good}`, origin })).status).toBe(200);
    });

    it('do not apply to Bearer-authenticated calls (a foreign site cannot attach them)', async () => {
      expect((await update({ authorization: `Bearer ${good}`, origin: 'https://evil.example' })).status).toBe(200);
    });

    it('do not apply to cookie-authenticated queries', async () => {
      const res = await request(`${stack.url}/trpc/profile.me`, { headers: { cookie: `__session=${good}`, origin: 'https://evil.example' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull(); // …and the browser cannot read it
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      request(`${stack.url}/trpc/profile.update`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });

    it.each([WEB_ORIGIN, OTHER_WEB_ORIGIN])('allows the authorized party %s, with credentials', async (origin) => {
      const res = await preflight(origin);
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    });

    it.each(['https://evil.example', 'null', `${WEB_ORIGIN}.evil.example`, 'http://localhost:3001'])('grants nothing to %s', async (origin) => {
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });
});
