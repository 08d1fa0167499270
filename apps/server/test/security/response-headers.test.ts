import { beforeAll, describe, expect, it } from 'vitest';

import { input, type RawResponse, request } from '../support/http.js';
import { WEB_ORIGIN } from '../support/start-server.js';
import { useBattery } from './support/battery.js';

describe('security headers on every response', () => {
  const t = useBattery('jwks');
  let cold: string;
  beforeAll(async () => {
    const user = await t.stack.emulator.users.create({ email: 'headers@example.com', password: 'headers-password-1' });
    cold = await t.stack.emulator.mintSessionToken({ userId: user.id, azp: WEB_ORIGIN });
  });
  const url = (path: string) => `${t.stack.url}${path}`;
  const bearer = () => ({ authorization: `Bearer ${t.good}` });
  const json = { 'content-type': 'application/json' };

  const responses: [string, number, () => Promise<RawResponse>][] = [
    ['GET /health', 200, () => request(url('/health'))],
    ['tRPC query, signed in', 200, () => request(url('/trpc/profile.me'), { headers: bearer() })],
    ['REST profile, signed in', 200, () => request(url('/api/profile'), { headers: bearer() })],
    [
      'tRPC batch, signed in',
      200,
      () => request(url(`/trpc/session.current,profile.me?batch=1&${input({})}`), { headers: bearer() }),
    ],
    ['tRPC 401', 401, () => request(url('/trpc/profile.me'))],
    ['REST 401', 401, () => request(url('/api/profile'))],
    [
      'tRPC 403 (CSRF)',
      403,
      () =>
        request(url('/trpc/profile.update'), {
          method: 'POST',
          headers: { ...json, cookie: `__session=${t.good}`, origin: 'https://evil.example' },
          body: '{"firstName":"Eve"}',
        }),
    ],
    [
      'tRPC 400',
      400,
      () =>
        request(url('/trpc/profile.update'), {
          method: 'POST',
          headers: { ...json, ...bearer() },
          body: '{"firstName":',
        }),
    ],
    ['tRPC 404', 404, () => request(url('/trpc/nope'), { headers: bearer() })],
    ['unknown route 404', 404, () => request(url('/nope'))],
    ['tRPC 405', 405, () => request(url(`/trpc/profile.update?${input({ firstName: 'Eve' })}`), { headers: bearer() })],
    [
      'tRPC 413',
      413,
      () =>
        request(url('/trpc/profile.update'), {
          method: 'POST',
          headers: { ...json, ...bearer() },
          body: 'x'.repeat(1024 * 1024 + 1),
        }),
    ],
    [
      'CORS preflight',
      204,
      () =>
        request(url('/trpc/profile.me'), {
          method: 'OPTIONS',
          headers: { origin: WEB_ORIGIN, 'access-control-request-method': 'GET' },
        }),
    ],
  ];

  it.each(responses)(
    '%s → %i carries nosniff, DENY, no-referrer, CSP, no-store and no X-Powered-By',
    async (_name, status, send) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('cache-control') ?? '').toContain('no-store');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('server')).toBeNull();
    },
  );

  it.each([
    ['tRPC', () => request(url('/trpc/profile.me'), { headers: bearer() })],
    ['REST', () => request(url('/api/profile'), { headers: bearer() })],
  ])('marks authenticated %s responses Cache-Control: private, no-store', async (_name, send) => {
    expect((await send()).headers.get('cache-control')).toBe('private, no-store');
  });

  it('503s carry the same headers plus Retry-After', async () => {
    t.stack.emulator.faults.set('getUser', { status: 503 });
    try {
      for (const res of [
        await request(url('/trpc/profile.me'), { headers: { authorization: `Bearer ${cold}` } }),
        await request(url('/api/profile'), { headers: { authorization: `Bearer ${cold}` } }),
      ]) {
        expect(res.status).toBe(503);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('cache-control') ?? '').toContain('no-store');
      }
    } finally {
      t.stack.emulator.faults.clear();
    }
  });
});
