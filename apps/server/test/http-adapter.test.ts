import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';

import { createHttpAdapter } from '../src/http/http-adapter.js';
import { rawRequest } from './security/support/raw-http.js';
import { bootApp } from './support/boot-app.js';
import { emulatorConfig } from './support/emulator-config.js';
import { input, type RawResponse, request } from './support/http.js';
import { seed, WEB_ORIGIN } from './support/start-server.js';

// main.ts runs on createHttpAdapter() (Fastify); the rest of the suite boots Express. Both must
// behave the same wherever a client could tell them apart.
const adapters: [string, () => AbstractHttpAdapter][] = [
  ['Fastify, as main.ts runs it', createHttpAdapter],
  ['Express', () => new ExpressAdapter()],
];

function expectSecurityHeaders(res: RawResponse): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(res.headers.get('cache-control') ?? '').toContain('no-store');
  expect(res.headers.get('x-powered-by')).toBeNull();
}

describe.each(adapters)('the server on %s', (_name, makeAdapter) => {
  let emulator: ClerkEmulator;
  let app: INestApplication;
  let url: string;
  let token: string;
  const get = (path: string, headers: Record<string, string> = {}) => request(`${url}${path}`, { headers });
  const bearer = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed });
    const config = await emulatorConfig(emulator, { authorizedParties: WEB_ORIGIN });
    ({ app, url } = await bootApp(config, { adapter: makeAdapter() }));
    token = await emulator.mintSessionToken({
      userId: emulator.users.findByEmail('ada@example.com')!.id,
      azp: WEB_ORIGIN,
    });
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('serves profile.me and the REST profile privately, with the security headers', async () => {
    for (const path of ['/trpc/profile.me', '/api/profile']) {
      const res = await get(path, bearer());
      expect(res.status).toBe(200);
      expect(res.text).toContain('ada@example.com');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expectSecurityHeaders(res);
    }
  });

  it('keeps the REST guard and the tRPC 401 closed without a token', async () => {
    for (const path of ['/trpc/profile.me', '/api/profile']) {
      const res = await get(path);
      expect(res.status).toBe(401);
      expect(res.text).not.toContain('ada@example.com');
      expectSecurityHeaders(res);
    }
  });

  it('sends CORS headers to an authorized origin only, and varies on Origin next to tRPC', async () => {
    const allowed = await get('/trpc/profile.me', { ...bearer(), origin: WEB_ORIGIN });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('vary')?.toLowerCase().split(/, */)).toEqual(
      expect.arrayContaining(['origin', 'trpc-accept', 'accept']),
    );
    const foreign = await get('/trpc/profile.me', { ...bearer(), origin: 'https://evil.example' });
    expect([...foreign.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('answers an authorized preflight with the same headers on both adapters', async () => {
    const res = await request(`${url}/trpc/profile.update`, {
      method: 'OPTIONS',
      headers: { origin: WEB_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type,last-event-id,trpc-accept,x-trpc-source',
    );
    expectSecurityHeaders(res);
  });

  it('holds the body and batch limits (413 over 1 MiB, 400 over 10 calls) and 404s unknown routes', async () => {
    const big = await request(`${url}/trpc/profile.update`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'x'.repeat(1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect((await get(`/trpc/${Array(11).fill('profile.me').join(',')}?batch=1&${input({})}`, bearer())).status).toBe(
      400,
    );
    const missing = await get('/nope');
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
  });

  it("answers what Node's parser refuses with Node's bare response, before any application code", async () => {
    const res = await rawRequest(url, ['GET /health HTTP/1.1', `X-Big: ${'a'.repeat(20 * 1024)}`]);
    expect(res.status).toBe(431);
    expect(res.body).toBe('');
  });
});
