import { describe, expect, it } from 'vitest';

import { WEBHOOK_REJECTED } from '../../src/webhooks/clerk-webhook-receiver.js';
import { expectNoLeaks } from '../support/expectations.js';
import { type RawResponse, request } from '../support/http.js';
import { useWebhookServer } from '../support/webhook-server.js';
import {
  clerkEvent,
  newMessageId,
  nowSeconds,
  postWebhook,
  svixSignature,
  userJson,
} from '../support/webhook-signer.js';
import { rawRequest } from './support/raw-http.js';

/** The webhook route under attack: unauthenticated by design, so only the signature stands in the way. */
describe('the webhook route, adversarially', () => {
  // Well over the default 30 failures a minute: this file is about each forgery's answer (400);
  // the limit on them (429 past it) is tested in rate-limits/policies.test.ts.
  const server = useWebhookServer({ RATE_LIMIT_WEBHOOK_FAILURES_PER_MIN: '1000' });
  const { secret } = server;
  const leaks = () => [secret, secret.slice('whsec_'.length)];
  const expectRejected = (res: RawResponse) => {
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: WEBHOOK_REJECTED });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control') ?? '').toContain('no-store');
    expectNoLeaks(res, leaks());
  };

  it('gives a bounded flood of forgeries the same 400 and writes nothing', async () => {
    const before = await server.written();
    const payload = clerkEvent('user.updated', userJson('user_flood', Date.now()));
    const forgeries: (() => Promise<RawResponse>)[] = [];
    for (let i = 0; i < 40; i++) {
      const id = newMessageId();
      const ts = nowSeconds();
      const variants = [
        `v1,${Buffer.alloc(32, i).toString('base64')}`,
        svixSignature(secret, id, ts, payload).slice(0, -4) + 'AAA=',
        `v1,${svixSignature(secret, id, ts + 1, payload).slice(3)}`,
        'v1,',
        `${'v1,x '.repeat(200)}`,
      ];
      forgeries.push(() =>
        postWebhook(server.stack.url, secret, payload, {
          id,
          timestamp: ts,
          signature: variants[i % variants.length]!,
        }),
      );
    }
    for (let i = 0; i < forgeries.length; i += 8)
      for (const res of await Promise.all(forgeries.slice(i, i + 8).map((f) => f()))) expectRejected(res);
    expect(await server.written()).toBe(before);
  });

  it.each([
    ['a non-numeric timestamp', { 'svix-timestamp': 'now' }],
    ['an exponent timestamp', { 'svix-timestamp': '1e10' }],
    ['a negative timestamp', { 'svix-timestamp': '-1' }],
    ['an empty message id', { 'svix-id': '' }],
    ['an 8 KB signature header', { 'svix-signature': `v1,${'A'.repeat(8192)}` }],
  ])('refuses %s', async (_name, headers) => {
    expectRejected(
      await postWebhook(server.stack.url, secret, clerkEvent('user.updated', userJson('u', 1)), { headers }),
    );
  });

  it('refuses a correctly signed body that is not JSON, with the same 400', async () => {
    expectRejected(await postWebhook(server.stack.url, secret, 'not json at all'));
    expectRejected(await postWebhook(server.stack.url, secret, Buffer.from([0xff, 0xfe, 0x00, 0x01])));
  });

  it('takes the signed bytes whatever the content type says', async () => {
    const body = clerkEvent('user.updated', userJson('user_ct', Date.now()));
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
      const res = await postWebhook(server.stack.url, secret, body, { headers: { 'content-type': contentType } });
      expect(res.status).toBe(200);
    }
  });

  it('does not let a signed payload pollute prototypes', async () => {
    const body = clerkEvent('user.updated', {
      ...userJson('user_proto', Date.now()),
      __proto__: { isAdmin: true },
      constructor: { prototype: { isAdmin: true } },
    }).replace('"user_proto"', '"user_proto","__proto__":{"polluted":true}');
    const res = await postWebhook(server.stack.url, secret, body);
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  });

  it('answers 413 to a chunked body that grows past 1 MB, and to a Content-Length that announces one', async () => {
    const before = await server.written();
    const chunk = 'x'.repeat(64 * 1024);
    const chunks =
      Array.from({ length: 17 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('') + '0\r\n\r\n';
    const chunked = await rawRequest(
      server.stack.url,
      [
        'POST /webhooks/clerk HTTP/1.1',
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
        `svix-id: ${newMessageId()}`,
        `svix-timestamp: ${nowSeconds()}`,
        'svix-signature: v1,AAAA',
      ],
      chunks,
    );
    expect(chunked.status).toBe(413);
    const announced = await rawRequest(
      server.stack.url,
      ['POST /webhooks/clerk HTTP/1.1', 'Content-Type: application/json', `Content-Length: ${2 * 1024 * 1024}`],
      '{}',
    );
    expect(announced.status).toBe(413);
    expect(await server.written()).toBe(before);
  });

  it('survives duplicated svix headers (one message, two ids) without applying anything', async () => {
    const before = await server.written();
    const payload = clerkEvent('user.updated', userJson('user_dup', Date.now()));
    const ts = nowSeconds();
    const res = await rawRequest(
      server.stack.url,
      [
        'POST /webhooks/clerk HTTP/1.1',
        'Content-Type: application/json',
        'svix-id: msg_a',
        'svix-id: msg_b',
        `svix-timestamp: ${ts}`,
        `svix-signature: ${svixSignature(secret, 'msg_a', ts, payload)}`,
        `Content-Length: ${Buffer.byteLength(payload)}`,
      ],
      payload,
    );
    expect(res.status).toBe(400);
    expect(await server.written()).toBe(before);
  });

  it('is not opened by a session token, a cookie or an Origin', async () => {
    const token = await server.stack.adaToken();
    const res = await request(`${server.stack.url}/webhooks/clerk`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        cookie: `__session=${token}`,
        origin: 'http://localhost:3000',
        'content-type': 'application/json',
      },
      body: clerkEvent('user.updated', userJson(server.stack.adaId, Date.now() + 60_000, { first_name: 'Mallory' })),
    });
    expectRejected(res);
    expectNoLeaks(res, [token, 'ada@example.com']);
  });

  it('keeps a valid message id usable by its sender: the forgeries above claimed nothing', async () => {
    const id = newMessageId();
    const payload = clerkEvent('user.updated', userJson('user_after_attack', Date.now()));
    expectRejected(await postWebhook(server.stack.url, secret, payload, { id, signature: 'v1,AAAA' }));
    expect((await postWebhook(server.stack.url, secret, payload, { id })).json).toEqual({ status: 'applied' });
  });
});
