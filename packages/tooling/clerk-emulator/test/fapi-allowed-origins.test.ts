import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '../src/index.js';
import { APP_ORIGIN, FapiClient, storeSnapshot } from './fapi/fapi-client.js';
import { SEED } from './helpers.js';

const ATTACKER = 'http://127.0.0.1:9'; // another origin than the app's, on the same machine
const ADA = { identifier: 'ada@example.com', password: 'correct-horse-battery', strategy: 'password' };
const GRACE = { identifier: 'grace@example.com', password: 'another-long-pass', strategy: 'password' };

function expectOriginInvalid(response: { status: number; body: unknown; setCookies: string[] }): void {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({
    errors: [{ code: 'origin_invalid', message: 'Invalid HTTP Origin header', meta: {} }],
  });
  expect(response.setCookies).toEqual([]);
}

/** Login CSRF: the Frontend API serves only its allowed origins, as a production Clerk instance does. */
describe('Frontend API allowed origins', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed: SEED, allowedOrigins: [APP_ORIGIN] });
  });
  afterAll(() => emulator?.close());

  it('refuses a sign-in from a foreign origin with origin_invalid, setting no cookie and storing nothing', async () => {
    const before = storeSnapshot(emulator);
    expectOriginInvalid(await new FapiClient(emulator, ATTACKER).post('/v1/client/sign_ins', GRACE));
    expectOriginInvalid(await new FapiClient(emulator, 'null').post('/v1/client/sign_ins', GRACE));
    expectOriginInvalid(await new FapiClient(emulator, 'https://localhost:3000').post('/v1/client/sign_ins', GRACE));
    expect(storeSnapshot(emulator)).toBe(before);
  });

  it('refuses a state-changing request without Origin (every browser sends one on a POST)', async () => {
    const response = await fetch(`${emulator.url}/v1/client/sign_ins`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(GRACE).toString(),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: [{ code: string }] }).errors[0].code).toBe('origin_invalid');
  });

  it('refuses every method override and GET that names a foreign origin; a plain GET without Origin is served', async () => {
    const attacker = new FapiClient(emulator, ATTACKER);
    expectOriginInvalid(await attacker.request('POST', '/v1/client?_method=DELETE'));
    expectOriginInvalid(await attacker.request('POST', '/v1/client/sessions?_method=DELETE'));
    expectOriginInvalid(await attacker.get('/v1/client'));
    const plain = await fetch(`${emulator.url}/v1/client`);
    expect(plain.status).toBe(200);
  });

  it('a browser signed in as Ada stays Ada when a foreign page posts another account’s credentials', async () => {
    const browser = new FapiClient(emulator);
    await browser.signIn(ADA.identifier, ADA.password);
    const forged = new FapiClient(emulator, ATTACKER);
    forged.cookies.set('__client', browser.cookies.get('__client')!);
    expectOriginInvalid(await forged.post('/v1/client/sign_ins', GRACE));
    const client = await browser.get('/v1/client');
    expect(client.body.response.sessions.map((s: { user: { id: string } }) => s.user.id)).toEqual(['user_ada']);
  });

  it('allows the configured origin, the emulator’s own origin and an origin added later', async () => {
    expect((await new FapiClient(emulator).post('/v1/client/sign_ins', GRACE)).status).toBe(200);
    expect((await new FapiClient(emulator, emulator.url).post('/v1/client/sign_ins', GRACE)).status).toBe(200);
    const localhost = emulator.url.replace('127.0.0.1', 'localhost');
    expect((await new FapiClient(emulator, localhost).post('/v1/client/sign_ins', GRACE)).status).toBe(200);
    const later = 'http://localhost:4321';
    expectOriginInvalid(await new FapiClient(emulator, later).post('/v1/client/sign_ins', GRACE));
    emulator.allowOrigin(`${later}/`);
    expect(emulator.allowedOrigins).toContain(later);
    expect((await new FapiClient(emulator, later).post('/v1/client/sign_ins', GRACE)).status).toBe(200);
  });

  it('trusts the app proxy’s own origin only when the proxy presents the secret key and the Origin matches it', async () => {
    const proxyOrigin = 'http://localhost:5555';
    const through = (origin: string, secret: string) =>
      new FapiClient(emulator, origin).request('POST', '/v1/client/sign_ins', GRACE, {
        headers: { 'clerk-proxy-url': `${proxyOrigin}/__clerk`, 'clerk-secret-key': secret },
      });
    expect((await through(proxyOrigin, emulator.secretKey)).status).toBe(200);
    expectOriginInvalid(await through(proxyOrigin, 'sk_live_wrong'));
    expectOriginInvalid(await through(proxyOrigin, ''));
    // A cross-site form post through the real app: the Origin is the attacker's page.
    expectOriginInvalid(await through(ATTACKER, emulator.secretKey));
  });

  it('refuses a configuration that is not a bare origin', async () => {
    for (const bad of [
      'http://localhost:3000/app',
      'javascript:alert(1)',
      'localhost:3000',
      'http://u:p@localhost:3000',
    ])
      await expect(startClerkEmulator({ allowedOrigins: [bad] })).rejects.toThrow(/allowed origin/);
  });
});

describe('handshake and touch redirect only to allowed origins', () => {
  let emulator: ClerkEmulator;
  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed: SEED, allowedOrigins: [APP_ORIGIN] });
  });
  afterAll(() => emulator?.close());

  // Reached directly (no proxy), from a page on the attacker's origin: Referer names it.
  const navigate = (path: string, redirectUrl: string) =>
    new FapiClient(emulator).request(
      'GET',
      `${path}?${new URLSearchParams({ redirect_url: redirectUrl, format: 'nonce' }).toString()}`,
      undefined,
      { headers: { origin: '', referer: `${ATTACKER}/trap` } },
    );

  const hostile = [
    `${ATTACKER}/steal`,
    'https://evil.example/',
    '//evil.example/x',
    'https:evil.example',
    'http:evil.example',
    '/\\evil.example',
    'http:\\\\evil.example\\x',
    '\\\\evil.example',
    `${APP_ORIGIN}@evil.example/`,
    `http://user:pass@localhost:3000/`,
    `${APP_ORIGIN}.evil.example/`,
    'http%3A%2F%2Fevil.example%2F',
    encodeURIComponent(`${APP_ORIGIN}/x`),
    'javascript:alert(document.cookie)',
    'JaVaScRiPt://localhost:3000/%0aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    ' https://evil.example',
  ];

  for (const path of ['/v1/client/handshake', '/v1/client/touch']) {
    it(`${path}: 400 and no Location for ${hostile.length} open-redirect attempts`, async () => {
      for (const target of hostile) {
        const response = await navigate(path, target);
        expect(response.status, target).toBe(400);
        expect(response.headers.get('location'), target).toBeNull();
      }
      const missing = await navigate(path, '');
      expect(missing.status).toBe(422);
      expect(missing.headers.get('location')).toBeNull();
    });

    it(`${path}: 307 to the allowed origin, normalised (a backslash stays on the app)`, async () => {
      const ok = await navigate(path, `${APP_ORIGIN}/dashboard?tab=1`);
      expect(ok.status).toBe(307);
      expect(ok.headers.get('location')).toBe(`${APP_ORIGIN}/dashboard?tab=1`);
      const slashy = await navigate(path, `${APP_ORIGIN}\\@evil.example`);
      expect(slashy.status).toBe(307);
      expect(new URL(slashy.headers.get('location')!).origin).toBe(APP_ORIGIN);
    });
  }
});
