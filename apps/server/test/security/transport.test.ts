import { beforeAll, describe, expect, it } from 'vitest';

import { request } from '../support/http.js';
import { WEB_ORIGIN } from '../support/start-server.js';
import { useBattery } from './support/battery.js';
import { expectRefused } from './support/expect.js';
import { type RawHttpResponse, rawRequest } from './support/raw-http.js';

const expectRawRefused = (res: RawHttpResponse, leaks: string[]) => {
  expect(res.status).toBe(401);
  expect(JSON.parse(res.body)).toMatchObject({
    error: { message: 'Authentication required', data: { code: 'UNAUTHORIZED' } },
  });
  for (const secret of leaks) expect(res.body).not.toContain(secret);
};

describe('token transports', () => {
  const t = useBattery('jwt-key');
  let grace: string;
  beforeAll(async () => {
    grace = await t.stack.emulator.mintSessionToken({ userId: t.stack.graceId, azp: WEB_ORIGIN });
  });
  const myId = async (headers: Record<string, string>) =>
    ((await t.me(headers)).json as { result?: { data: { id: string } } }).result?.data.id;

  it.each<[string, () => string]>([
    ['Basic credentials', () => `Basic ${Buffer.from('ada:correct-horse-battery').toString('base64')}`],
    ['a schemeless token', () => t.good],
    ['an empty Bearer', () => 'Bearer '],
    ['the bare word Bearer', () => 'Bearer'],
    ['a Bearer with two tokens', () => `Bearer ${t.good} ${t.good}`],
    ['a Bearer list (comma)', () => `Bearer ${t.good}, Bearer ${t.good}`],
    ['the literal null', () => 'null'],
    ['another scheme (Token)', () => `Token ${t.good}`],
    ['a Bearer scheme without its space', () => `Bearer:${t.good}`],
    ['a Bearer with a tab', () => `Bearer\t${t.good}`],
  ])('refuses an Authorization header with %s', async (_name, make) => {
    expectRefused(await t.me({ authorization: make() }), t.leaks());
  });

  it('accepts the Bearer scheme in any case', async () => {
    expect((await t.me({ authorization: `bEaReR ${t.good}` })).status).toBe(200);
  });

  it('reads the __session cookie when there is no Authorization header', async () => {
    expect(await myId({ cookie: `theme=dark; __session=${t.good}` })).toBe(t.stack.adaId);
  });

  it('ignores the cookie when an Authorization header is present, even a bad one', async () => {
    expectRefused(await t.me({ authorization: 'Bearer nope', cookie: `__session=${t.good}` }), t.leaks());
  });

  it('lets the header win when header and cookie name different users (never a mix)', async () => {
    expect(await myId({ authorization: `Bearer ${grace}`, cookie: `__session=${t.good}` })).toBe(t.stack.graceId);
  });

  it('accepts the same __session cookie sent twice', async () => {
    expect(await myId({ cookie: `__session=${t.good}; __session=${t.good}` })).toBe(t.stack.adaId);
  });

  it('refuses two different __session cookies in one header', async () => {
    expectRefused(await t.me({ cookie: `__session=${t.good}; __session=${grace}` }), t.leaks());
  });

  it('refuses two different __session cookies in two Cookie headers', async () => {
    const res = await rawRequest(t.stack.url, [
      'GET /trpc/profile.me HTTP/1.1',
      `Cookie: __session=${t.good}`,
      `Cookie: __session=${grace}`,
    ]);
    expectRawRefused(res, t.leaks());
  });

  it('refuses two Authorization headers, whichever comes first', async () => {
    for (const [first, second] of [
      [t.good, 'forged.token.x'],
      ['forged.token.x', t.good],
      [t.good, grace],
    ]) {
      const res = await rawRequest(t.stack.url, [
        'GET /trpc/profile.me HTTP/1.1',
        `Authorization: Bearer ${first}`,
        `Authorization: Bearer ${second}`,
      ]);
      expectRawRefused(res, t.leaks());
    }
  });

  it('refuses two Authorization headers on the REST route too', async () => {
    const res = await rawRequest(t.stack.url, [
      'GET /api/profile HTTP/1.1',
      `Authorization: Bearer ${t.good}`,
      'Authorization: Bearer forged.token.x',
    ]);
    expect(res.status).toBe(401);
    for (const secret of t.leaks()) expect(res.body).not.toContain(secret);
  });

  it.each<[string, () => Record<string, string>]>([
    ['a look-alike cookie (__session_abc)', () => ({ cookie: `__session_abc=${t.good}` })],
    ['a differently cased cookie (__Session)', () => ({ cookie: `__Session=${t.good}` })],
    ['Clerk’s client cookie (__client)', () => ({ cookie: `__client=${t.good}` })],
    ['a quoted cookie value', () => ({ cookie: `__session="${t.good}"` })],
    ['a URL-encoded cookie value', () => ({ cookie: `__session=${encodeURIComponent(t.good).replace(/\./g, '%2E')}` })],
    ['a token in another header (X-Clerk-Auth-Token)', () => ({ 'x-clerk-auth-token': t.good })],
    ['a token in Proxy-Authorization', () => ({ 'proxy-authorization': `Bearer ${t.good}` })],
  ])('refuses %s', async (_name, headers) => {
    expectRefused(await t.me(headers()), t.leaks());
  });

  it.each(['token', '__session', '__clerk_db_jwt', 'authorization'])(
    'ignores a token in the query string (?%s=)',
    async (name) => {
      expectRefused(await request(`${t.stack.url}/trpc/profile.me?${name}=${t.good}`), t.leaks());
    },
  );

  it('sends no redirect and no Set-Cookie for a refused cookie, even to a browser navigation (no handshake)', async () => {
    expectRefused(
      await t.me({ cookie: `__session=${t.good.slice(0, -3)}`, accept: 'text/html', 'sec-fetch-dest': 'document' }),
      t.leaks(),
    );
  });

  it('authenticates the REST route by cookie too', async () => {
    expect((await request(`${t.stack.url}/api/profile`, { headers: { cookie: `__session=${t.good}` } })).status).toBe(
      200,
    );
  });

  it.each<[string, () => Record<string, string>]>([
    ['a bad cookie', () => ({ cookie: `__session=${t.good.slice(0, -3)}` })],
    ['a bad Bearer token', () => ({ authorization: `Bearer ${t.good.slice(0, -4)}` })],
  ])('REST refuses %s with the same message and no user data', async (_name, headers) => {
    const res = await request(`${t.stack.url}/api/profile`, { headers: headers() });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ message: 'Authentication required' });
    expect(res.headers.get('set-cookie')).toBeNull();
    for (const secret of t.leaks()) expect(res.text).not.toContain(secret);
  });
});
