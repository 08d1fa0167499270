import { describe, expect, it } from 'vitest';

import { expectNoLeaks } from '../support/expectations.js';
import { input, request, trpcError } from '../support/http.js';
import { useBattery } from './support/battery.js';
import { expectBareRefusal, expectTrpcError } from './support/expect.js';
import { rawRequest } from './support/raw-http.js';

describe('tRPC abuse', () => {
  const t = useBattery('jwt-key');
  const auth = () => ({ authorization: `Bearer ${t.good}` });
  const get = (path: string, headers: Record<string, string> = auth()) =>
    request(`${t.stack.url}/trpc/${path}`, { headers });
  const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    request(`${t.stack.url}/trpc/${path}`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json', ...headers },
      body,
    });
  const polluted = () =>
    (({}) as Record<string, unknown>)['polluted'] ?? (Object.prototype as Record<string, unknown>)['isAdmin'];

  describe('names (what would harm other people who see them)', () => {
    // Raw JSON escapes, so the exact code points reach the server whatever this file's encoding.
    it.each([
      ['a right-to-left override', '"Eve\\u202egnp.exe"'],
      ['a bidi isolate', '"\\u2067Eve\\u2069"'],
      ['a NUL', '"Eve\\u0000"'],
      ['an escape (C0 control)', '"\\u001b[31mEve"'],
      ['a lone surrogate', '"Eve\\ud800"'],
    ])('refuses %s with 400 and a field error', async (_name, json) => {
      const res = await post('profile.update', `{"firstName":${json}}`);
      expectTrpcError(res, 400, 'BAD_REQUEST');
      expect(res.text).toContain('Must not contain control characters');
      expect(t.stack.emulator.users.get(t.stack.adaId)?.firstName).toBe('Ada');
    });

    it.each([
      ['a zero-width non-joiner (Persian)', 'مهر\u200Cآرا'],
      ['a zero-width joiner (emoji sequence)', 'Love\u200Dlace 👩\u200D💻'],
      ['256 characters (what Clerk accepts)', 'L'.repeat(256)],
    ])('accepts %s and stores it in Clerk', async (_name, name) => {
      try {
        const res = await post('profile.update', JSON.stringify({ lastName: name }));
        expect(res.status).toBe(200);
        expect(t.stack.emulator.users.get(t.stack.adaId)?.lastName).toBe(name);
      } finally {
        await post('profile.update', JSON.stringify({ lastName: 'Lovelace' }));
      }
    });
  });

  describe('batches', () => {
    it('serves a batch of up to 10 calls (the control)', async () => {
      const res = await get(`${Array(10).fill('session.current').join(',')}?batch=1&${input({})}`);
      expect(res.status).toBe(200);
      expect(res.json).toHaveLength(10);
    });

    it.each([
      ['11 calls', Array(11).fill('session.current').join(',')],
      ['2000 commas', ','.repeat(2000)],
      ['2000 percent-encoded commas', '%2C'.repeat(2000)],
      ['500 unknown procedures', Array(500).fill('x').join(',')],
    ])('refuses a GET batch of %s with 400 before doing any work', async (_name, paths) => {
      const res = await get(`${paths}?batch=1&${input({})}`);
      expectTrpcError(res, 400, 'BAD_REQUEST');
      expect(res.text.length).toBeLessThan(2000);
    });

    it('treats 2000 double-encoded commas as one unknown procedure (decoded once): 404', async () => {
      const res = await get(`${'%252C'.repeat(2000)}?batch=1&${input({})}`);
      expect(res.status).toBe(404);
      expect((res.json as { error: { data: { code: string } } }[]).map((item) => item.error.data.code)).toEqual([
        'NOT_FOUND',
      ]);
    });

    it('refuses an 11-call POST batch with 400 and changes nothing', async () => {
      const body = JSON.stringify(
        Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i, { firstName: 'Batch' }])),
      );
      expectTrpcError(await post(`${Array(11).fill('profile.update').join(',')}?batch=1`, body), 400, 'BAD_REQUEST');
      expect(t.stack.emulator.users.get(t.stack.adaId)?.firstName).toBe('Ada');
    });

    it('answers a mixed batch (known, unknown, bad input) call by call with 207', async () => {
      const res = await get(`session.current,admin.nuke,profile.me?batch=1&${input({})}`);
      expect(res.status).toBe(207);
      const items = res.json as { result?: unknown; error?: { data: { code: string } } }[];
      expect(items.map((item) => item.error?.data.code ?? 'OK')).toEqual(['OK', 'NOT_FOUND', 'OK']);
    });

    it('refuses an anonymous batch of protected calls with 401 each', async () => {
      const res = await get(`session.current,profile.me?batch=1&${input({})}`, {});
      expect(res.status).toBe(401);
      const items = res.json as { error: { data: { code: string } } }[];
      expect(items.map((item) => item.error.data.code)).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED']);
      for (const secret of t.leaks()) expect(res.text).not.toContain(secret);
    });
  });

  describe('anonymous callers', () => {
    it('refuses an anonymous mutation with 401 before validating its input (no schema probing)', async () => {
      const res = await post('profile.update', JSON.stringify({ firstName: 12345 }), { authorization: '' });
      expectTrpcError(res, 401, 'UNAUTHORIZED');
      expect(res.text).not.toContain('firstName');
    });

    it('refuses session.current for a bad token without echoing any claim', async () => {
      const res = await get(`session.current?${input(null)}`, {
        authorization: `Bearer ${await t.stack.adaToken({ azp: 'https://evil.example' })}`,
      });
      expectTrpcError(res, 401, 'UNAUTHORIZED', t.leaks());
    });
  });

  describe('bodies', () => {
    it('refuses a body over 1 MB with 413, announced by Content-Length', async () => {
      expectTrpcError(
        await post('profile.update', JSON.stringify({ firstName: 'x'.repeat(1024 * 1024 + 10) })),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('refuses a body over 1 MB with 413 when streamed without Content-Length', async () => {
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(new TextEncoder().encode('{"firstName":"'));
          if (sent++ < 20) controller.enqueue(chunk);
          else {
            controller.enqueue(new TextEncoder().encode('"}'));
            controller.close();
          }
        },
      });
      const res = await request(`${t.stack.url}/trpc/profile.update`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/json' },
        body,
        duplex: 'half',
      });
      expectTrpcError(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it.each<[string, string | Uint8Array]>([
      ['truncated JSON', '{"firstName":"Ad'],
      ['an empty body', ''],
      ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ['JSON nested 100 000 deep', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['an object nested 50 000 deep', '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)],
      ['a JSON string instead of an object', '"firstName"'],
      ['a number', '1e999999'],
    ])('answers %s with 400, never 500', async (_name, body) => {
      const res = await post('profile.update', body);
      expect(res.status).toBe(400);
      expect(['BAD_REQUEST', 'PARSE_ERROR']).toContain(trpcError(res).code);
      expect(t.stack.emulator.users.get(t.stack.adaId)?.firstName).toBe('Ada');
    });

    it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])(
      'refuses a %s body with 415',
      async (type) => {
        expectTrpcError(
          await post('profile.update', 'firstName=Eve', { 'content-type': type }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
      },
    );

    it('refuses a raw application/octet-stream body with 400: the input schema takes a plain object only', async () => {
      expectTrpcError(
        await post('profile.update', 'firstName=Eve', { 'content-type': 'application/octet-stream' }),
        400,
        'BAD_REQUEST',
      );
    });

    it('refuses a malformed multipart body with 400', async () => {
      expectTrpcError(
        await post('profile.update', 'firstName=Eve', { 'content-type': 'multipart/form-data; boundary=x' }),
        400,
        'BAD_REQUEST',
      );
    });

    it('refuses a well-formed multipart form with 400: the input schema takes a plain object only', async () => {
      const form = new FormData();
      form.append('firstName', 'Eve');
      const res = await request(`${t.stack.url}/trpc/profile.update`, { method: 'POST', headers: auth(), body: form });
      expectTrpcError(res, 400, 'BAD_REQUEST');
      expect(t.stack.emulator.users.get(t.stack.adaId)?.firstName).toBe('Ada');
    });

    it.each<[string, string]>([
      ['__proto__ in the body', '{"firstName":"Ada","__proto__":{"polluted":true,"isAdmin":true}}'],
      ['constructor.prototype in the body', '{"firstName":"Ada","constructor":{"prototype":{"polluted":true}}}'],
      ['__proto__ as a batch index', '{"__proto__":{"firstName":"Eve"},"0":{"firstName":"Ada"}}'],
    ])('refuses %s without polluting any prototype', async (_name, body) => {
      const res = await post('profile.update', body);
      expect(res.status).toBe(400);
      expect(polluted()).toBeUndefined();
    });

    it('refuses __proto__ in query input without polluting any prototype', async () => {
      const res = await get(`session.current?input=${encodeURIComponent('{"__proto__":{"polluted":true}}')}`);
      expect(res.status).toBe(200); // session.current takes no input; the key is ignored, not merged
      expect(polluted()).toBeUndefined();
    });
  });

  describe('methods, paths and URLs', () => {
    it('refuses a mutation sent as GET with 405 and changes nothing', async () => {
      expectTrpcError(await get(`profile.update?${input({ firstName: 'Eve' })}`), 405, 'METHOD_NOT_SUPPORTED');
      expect(t.stack.emulator.users.get(t.stack.adaId)?.firstName).toBe('Ada');
    });

    it('refuses a query sent as POST with 405', async () => {
      expectTrpcError(await post('profile.me', '{}'), 405, 'METHOD_NOT_SUPPORTED');
    });

    it.each(['PUT', 'PATCH', 'DELETE'])('refuses %s with 405', async (method) => {
      const res = await request(`${t.stack.url}/trpc/profile.update`, {
        method,
        headers: { ...auth(), 'content-type': 'application/json' },
        body: '{"firstName":"Eve"}',
      });
      expectTrpcError(res, 405, 'METHOD_NOT_SUPPORTED');
    });

    it.each([
      'admin.deleteEverything',
      '__proto__',
      'constructor',
      'toString',
      'profile.__proto__',
      'profile.constructor',
      'profile',
      'profile.me.x',
      '..%2Fhealth',
      'profile%00.me',
    ])('answers the unknown procedure %s with 404', async (path) => {
      expectTrpcError(await get(path), 404, 'NOT_FOUND');
    });

    it('answers a path with broken percent-encoding with 400 from the router, no stack', async () => {
      const res = await get('%E0%A4%A');
      expect(res.status).toBe(400);
      expectNoLeaks(res, t.leaks());
    });

    it('answers a 12 KB query string of junk (under the header limit) with 400, never 500', async () => {
      const res = await get(`profile.update?input=${'%5B'.repeat(4000)}`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    it('answers thousands of query parameters normally', async () => {
      const params = Array.from({ length: 1500 }, (_, i) => `p${i}=1`).join('&');
      expect((await get(`session.current?${params}`)).status).toBe(200);
    });

    it('answers a URL over Node’s header limit with a bare 431', async () => {
      expectBareRefusal(
        await rawRequest(t.stack.url, [`GET /trpc/session.current?input=${'a'.repeat(20_000)} HTTP/1.1`]),
        431,
      );
    });

    it('refuses a request that is both chunked and sized (request smuggling) with a bare 400', async () => {
      const res = await rawRequest(
        t.stack.url,
        [
          'POST /trpc/profile.update HTTP/1.1',
          `Authorization: Bearer ${t.good}`,
          'Content-Type: application/json',
          'Content-Length: 4',
          'Transfer-Encoding: chunked',
        ],
        '0\r\n\r\nPOST /trpc/profile.update HTTP/1.1\r\n\r\n',
      );
      expectBareRefusal(res, 400);
    });
  });
});
