import net from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@stack/db';

import { input, request, trpcError } from '../support/http.js';
import { DRIVERS, type MirrorStack, startMirrorStack } from '../support/mirror-stack.js';
import {
  bapiCalls,
  clerkEvent,
  newMessageId,
  nowSeconds,
  postWebhook,
  svixSignature,
  userJson,
} from '../support/webhook-signer.js';

/**
 * Profiles and note authors from the database mirror, through the real server: what the mirror
 * holds costs no Backend API call (even right after a restart), webhooks reach the next request,
 * and the server's own updates are read back at once.
 */
describe.each(DRIVERS)('reads from the mirror on %s', (driver) => {
  let stack: MirrorStack;
  beforeAll(async () => {
    stack = await startMirrorStack(driver);
  }, 60_000);
  afterAll(() => stack?.close());
  beforeEach(() => stack.emulator.stats.reset());

  const call = async (path: string, token: string, init: RequestInit = {}) =>
    request(`${stack.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  const me = async (userId: string) => call('/trpc/profile.me', await stack.token(userId));
  const profileOf = (res: { json: unknown }) => (res.json as { result: { data: Record<string, unknown> } }).result.data;
  let users = 0;
  /** A user Clerk holds (so the emulator can mint their token), whose data the test then sends by webhook. */
  const clerkUser = async () =>
    (await stack.emulator.users.create({ email: `mirror-${driver}-${++users}@example.com`, firstName: 'InClerk' })).id;
  const send = (data: Record<string, unknown>, type = 'user.updated', id = newMessageId()) =>
    postWebhook(stack.url, stack.secret, clerkEvent(type, data), { id });

  it('serves a user the webhook stored with zero Backend API calls, also from a freshly started server', async () => {
    const userId = await clerkUser();
    expect((await send(userJson(userId, Date.now(), { first_name: 'Hooked' }), 'user.created')).status).toBe(200);
    await stack.restart();
    stack.emulator.stats.reset();
    const res = await me(userId);
    expect(res.status).toBe(200);
    expect(profileOf(res)).toMatchObject({ id: userId, firstName: 'Hooked', email: `${userId}@example.com` });
    // A note by that user shows the mirror's name: no Backend API call either.
    const token = await stack.token(userId);
    const created = await call('/trpc/note.create', token, {
      method: 'POST',
      body: JSON.stringify({ title: 'From the mirror', body: '' }),
    });
    expect(created.status).toBe(200);
    expect(profileOf(created)).toMatchObject({ author: { id: userId, name: 'Hooked User' } });
    expect(bapiCalls(stack.emulator)).toBe(0);
  });

  it('loads a user the mirror lacks from the Backend API once, then never again (restart included)', async () => {
    const cold = await stack.emulator.users.create({ email: `cold-${driver}@example.com`, firstName: 'Cold' });
    expect(profileOf(await me(cold.id))).toMatchObject({ firstName: 'Cold' });
    expect(profileOf(await me(cold.id))).toMatchObject({ firstName: 'Cold' });
    expect(stack.emulator.stats.count('getUser')).toBe(1);
    await stack.restart();
    expect(profileOf(await me(cold.id))).toMatchObject({ firstName: 'Cold' });
    expect(stack.emulator.stats.count('getUser')).toBe(1);
  });

  it('shows a webhook’s change on the very next request (the cache is evicted)', async () => {
    const userId = await clerkUser();
    await send(userJson(userId, 5_000, { first_name: 'Before' }), 'user.created');
    expect(profileOf(await me(userId))).toMatchObject({ firstName: 'Before' }); // now cached
    await send(userJson(userId, 6_000, { first_name: 'After' }));
    expect(profileOf(await me(userId))).toMatchObject({ firstName: 'After' });
    // An older event arriving late changes nothing.
    expect((await send(userJson(userId, 5_500, { first_name: 'Late' }))).json).toEqual({ status: 'stale' });
    expect(profileOf(await me(userId))).toMatchObject({ firstName: 'After' });
  });

  it('reads its own profile.update at once; the webhook that follows is a no-op', async () => {
    const token = await stack.token(stack.adaId);
    const updated = await call('/trpc/profile.update', token, {
      method: 'POST',
      body: JSON.stringify({ firstName: `Augusta-${driver}` }),
    });
    expect(updated.status).toBe(200);
    const written = profileOf(updated);
    expect(profileOf(await me(stack.adaId))).toEqual(written);
    // What Clerk then sends: the same version (same updated_at, same data).
    const echo = userJson(stack.adaId, written['updatedAt'] as number, {
      first_name: written['firstName'],
      last_name: written['lastName'],
    });
    expect((await send(echo)).json).toEqual({ status: 'stale' });
    expect(profileOf(await me(stack.adaId))).toEqual(written);
  });

  it('refuses a deleted user’s tokens (401, issue 18: at once, not at exp), whose personal notes are gone', async () => {
    const userId = await clerkUser();
    await send(userJson(userId, 5_000, { first_name: 'Leaving' }), 'user.created');
    const token = await stack.token(userId);
    const note = (await call('/trpc/note.create', token, {
      method: 'POST',
      body: JSON.stringify({ title: 'Personal', body: '' }),
    })) as { json: unknown };
    expect(profileOf(note)).toMatchObject({ author: { name: 'Leaving User' } });
    await send({ object: 'user', id: userId, deleted: true }, 'user.deleted');
    for (const res of [await me(userId), await call(`/trpc/note.list?${input({ limit: 10 })}`, token)]) {
      expect(res.status).toBe(401);
      expect(trpcError(res).code).toBe('UNAUTHORIZED');
    }
    // Their personal notes went with them.
    const left = (await stack.db().select().from(schema.notes)).filter((n) => n.authorId === userId);
    expect(left).toEqual([]);
  });

  it('survives a crash between commit and acknowledgement: the redelivery is a 2xx no-op', async () => {
    const userId = await clerkUser();
    const id = newMessageId();
    const payload = clerkEvent('user.created', userJson(userId, 7_000, { first_name: 'Committed' }));
    const ts = nowSeconds();
    const signature = svixSignature(stack.secret, id, ts, payload);
    // Send it and hang up without reading the answer, once the event is committed; then restart.
    const socket = net.connect(Number(new URL(stack.url).port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write(
      `POST /webhooks/clerk HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `svix-id: ${id}\r\nsvix-timestamp: ${ts}\r\nsvix-signature: ${signature}\r\n` +
        `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
    );
    const claimed = async () => (await stack.db().select().from(schema.webhookClaims)).some((c) => c.svixId === id);
    await expect.poll(claimed, { timeout: 10_000 }).toBe(true);
    socket.destroy();
    await stack.restart();
    // Meanwhile a newer version arrived; the redelivery must not undo it.
    await send(userJson(userId, 8_000, { first_name: 'Newer' }));
    const redelivered = await postWebhook(stack.url, stack.secret, payload, { id, timestamp: ts, signature });
    expect(redelivered.status).toBe(200);
    expect(redelivered.json).toEqual({ status: 'duplicate' });
    expect(profileOf(await me(userId))).toMatchObject({ firstName: 'Newer' });
  });
});
