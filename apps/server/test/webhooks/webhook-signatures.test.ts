import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { schema } from '@stack/db';

import { WEBHOOK_REJECTED } from '../../src/webhooks/clerk-webhook-receiver.js';
import { request } from '../support/http.js';
import { startServer, type TestStack } from '../support/start-server.js';
import { useWebhookServer } from '../support/webhook-server.js';
import {
  clerkEvent,
  newMessageId,
  newWebhookSecret,
  nowSeconds,
  postWebhook,
  svixSignature,
  userJson,
} from '../support/webhook-signer.js';

/**
 * The signature matrix through the real server: only a body signed with the instance's secret,
 * byte for byte, within Svix's 5-minute window, is applied; every other request gets the same
 * 400 and writes nothing.
 */
describe('POST /webhooks/clerk: verification', () => {
  const server = useWebhookServer();
  const { secret } = server;

  // (Whole-table reads: the server does not depend on drizzle-orm's query builders itself.)
  const claims = () => server.db.select().from(schema.webhookClaims);
  const body = (id = 'user_sig') => clerkEvent('user.updated', userJson(id, Date.now(), { first_name: 'Café' }));

  async function expectRefused(send: () => Promise<{ status: number; json: unknown; text: string }>) {
    const before = await server.written();
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: WEBHOOK_REJECTED });
    expect(await server.written()).toBe(before);
  }

  it('applies a correctly signed event (200), and answers its redelivery 200 without applying it again', async () => {
    const id = newMessageId();
    const payload = body('user_valid');
    const first = await postWebhook(server.stack.url, secret, payload, { id });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ status: 'applied' });
    const again = await postWebhook(server.stack.url, secret, payload, { id });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ status: 'duplicate' });
    const row = (await server.db.select().from(schema.users)).find((u) => u.id === 'user_valid');
    expect(row).toMatchObject({ firstName: 'Café', email: 'user_valid@example.com' });
  });

  it('refuses a forged signature', () =>
    expectRefused(() =>
      postWebhook(server.stack.url, secret, body(), { signature: `v1,${Buffer.alloc(32, 1).toString('base64')}` }),
    ));

  it('refuses a signature made with another secret', () =>
    expectRefused(() => {
      const id = newMessageId();
      const ts = nowSeconds();
      const payload = body();
      return postWebhook(server.stack.url, secret, payload, {
        id,
        timestamp: ts,
        signature: svixSignature(newWebhookSecret(), id, ts, payload),
      });
    }));

  it('accepts several signatures of which one is valid (key rotation)', async () => {
    const id = newMessageId();
    const ts = nowSeconds();
    const payload = body('user_rotated');
    const good = svixSignature(secret, id, ts, payload);
    const other = svixSignature(newWebhookSecret(), id, ts, payload);
    const res = await postWebhook(server.stack.url, secret, payload, {
      id,
      timestamp: ts,
      signature: `${other} v2,xyz ${good}`,
    });
    expect(res.status).toBe(200);
  });

  it('refuses when only non-v1 or no valid signatures are listed', () =>
    expectRefused(() => {
      const id = newMessageId();
      const ts = nowSeconds();
      const payload = body();
      const good = svixSignature(secret, id, ts, payload).slice(3);
      return postWebhook(server.stack.url, secret, payload, { id, timestamp: ts, signature: `v2,${good} v1a,${good}` });
    }));

  it.each([
    ['more than 5 minutes old', -301],
    ['more than 5 minutes ahead', 301],
  ])('refuses a timestamp %s, though correctly signed', (_name, offset) =>
    expectRefused(() => postWebhook(server.stack.url, secret, body(), { timestamp: nowSeconds() + offset })),
  );

  it('refuses a millisecond timestamp (Svix sends seconds)', () =>
    expectRefused(() => postWebhook(server.stack.url, secret, body(), { timestamp: Date.now() })));

  it.each(['svix-id', 'svix-timestamp', 'svix-signature'])('refuses a request without %s', (name) =>
    expectRefused(async () => {
      const id = newMessageId();
      const ts = nowSeconds();
      const payload = body();
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': String(ts),
        'svix-signature': svixSignature(secret, id, ts, payload),
      };
      delete headers[name];
      return request(`${server.stack.url}/webhooks/clerk`, { method: 'POST', headers, body: payload });
    }),
  );

  it('refuses Standard Webhooks headers (webhook-*) in place of svix-*', () =>
    expectRefused(() => {
      const id = newMessageId();
      const ts = nowSeconds();
      const payload = body();
      return request(`${server.stack.url}/webhooks/clerk`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(ts),
          'webhook-signature': svixSignature(secret, id, ts, payload),
        },
        body: payload,
      });
    }));

  it('refuses the same JSON re-serialized (the signature covers bytes, not meaning)', async () => {
    const id = newMessageId();
    const ts = nowSeconds();
    const signed = body();
    const signature = svixSignature(secret, id, ts, signed);
    for (const reserialized of [
      JSON.stringify(JSON.parse(signed)).replace('é', '\\u00e9'),
      JSON.stringify(JSON.parse(signed), null, 2),
      `${signed} `,
    ]) {
      expect(reserialized).not.toBe(signed);
      await expectRefused(() => postWebhook(server.stack.url, secret, reserialized, { id, timestamp: ts, signature }));
    }
  });

  it('refuses another message id or timestamp under a valid signature (replay with new headers)', async () => {
    const id = newMessageId();
    const ts = nowSeconds();
    const payload = body();
    const signature = svixSignature(secret, id, ts, payload);
    await expectRefused(() =>
      postWebhook(server.stack.url, secret, payload, { id: newMessageId(), timestamp: ts, signature }),
    );
    await expectRefused(() => postWebhook(server.stack.url, secret, payload, { id, timestamp: ts - 1, signature }));
  });

  it('does not take a session token in place of a signature', async () => {
    const token = await server.stack.adaToken();
    await expectRefused(() =>
      request(`${server.stack.url}/webhooks/clerk`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', cookie: `__session=${token}` },
        body: body(),
      }),
    );
  });

  it('refuses a body over 1 MB with 413, writing nothing', async () => {
    const before = await server.written();
    const huge = clerkEvent('user.updated', userJson('user_huge', Date.now(), { bio: 'x'.repeat(1024 * 1024) }));
    const res = await postWebhook(server.stack.url, secret, huge);
    expect(res.status).toBe(413);
    expect(await server.written()).toBe(before);
  });

  it('answers an unknown event type 200 and keeps nothing but its claim', async () => {
    const res = await postWebhook(server.stack.url, secret, clerkEvent('session.created', { id: 'sess_1' }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ignored' });
  });

  it('answers 422 for a verified event whose data the mirror cannot read, without claiming it', async () => {
    const id = newMessageId();
    const payload = clerkEvent('user.updated', { id: 'user_bad' });
    expect((await postWebhook(server.stack.url, secret, payload, { id })).status).toBe(422);
    expect((await claims()).map((c) => c.svixId)).not.toContain(id);
  });

  it('serves the route for POST only', async () => {
    expect((await request(`${server.stack.url}/webhooks/clerk`)).status).toBe(404);
  });
});

describe('POST /webhooks/clerk without CLERK_WEBHOOK_SIGNING_SECRET', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startServer('jwt-key');
  });
  afterAll(() => stack?.close());

  it('answers 404, even to a request signed with some secret', async () => {
    const secret = newWebhookSecret();
    const res = await postWebhook(stack.url, secret, clerkEvent('user.updated', userJson('user_x', 1)));
    expect(res.status).toBe(404);
  });
});
