import { describe, expect, it } from 'vitest';

import { schema } from '@stack/db';

import { input, request } from '../support/http.js';
import { useWebhookServer } from '../support/webhook-server.js';
import {
  clerkEvent,
  membershipJson,
  newMessageId,
  organizationJson,
  postWebhook,
  sessionJson,
  userJson,
} from '../support/webhook-signer.js';

const YEAR_3000 = Date.UTC(3000, 0, 1);

/**
 * Signed webhooks the mirror cannot store (issue 18): values beyond Clerk's limits, NUL characters,
 * an updated_at from the future. Each is acknowledged 200 `ignored` with its reason (so Svix does
 * not retry it forever), and nothing is written.
 */
describe('signed webhooks the mirror cannot store', () => {
  const server = useWebhookServer();

  const send = (type: string, data: Record<string, unknown>, id?: string) =>
    postWebhook(server.stack.url, server.secret, clerkEvent(type, data), id === undefined ? {} : { id });

  it.each([
    [
      'a 100,000-character user id',
      'user.created',
      userJson('u'.repeat(100_000), 2_000),
      'data.id longer than 128 characters',
    ],
    [
      'a NUL in a name',
      'user.updated',
      userJson('user_nul', 2_000, { first_name: 'Ada\u0000' }),
      'data.first_name contains a NUL character',
    ],
    [
      'a 300-character last name',
      'user.updated',
      userJson('user_long', 2_000, { last_name: 'x'.repeat(300) }),
      'data.last_name longer than 256 characters',
    ],
    [
      'an organization name with a NUL',
      'organization.created',
      organizationJson('org_nul', 2_000, { name: 'Acme\u0000' }),
      'data.name contains a NUL character',
    ],
    [
      'a membership role beyond the limit',
      'organizationMembership.created',
      membershipJson('orgmem_x', 'org_x', 'user_x', 'r'.repeat(200), 2_000),
      'data.role longer than 128 characters',
    ],
    [
      'a 100,000-character session id',
      'session.revoked',
      sessionJson('s'.repeat(100_000), 'user_x', 'revoked'),
      'data.id longer than 128 characters',
    ],
    [
      'a user deleted by a 100,000-character id',
      'user.deleted',
      { object: 'user', id: 'u'.repeat(100_000), deleted: true },
      'data.id longer than 128 characters',
    ],
  ])('%s: 200 ignored with its reason, nothing written', async (_name, type, data, reason) => {
    const before = await server.written();
    const res = await send(type, data);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ignored', reason });
    expect(await server.written()).toBe(before);
  });

  it('ignores a message id or an event type beyond the limits (the claim table stores both)', async () => {
    const before = await server.written();
    // (A 100,000-character header never gets here: Node refuses headers over 16 KB with 431.)
    const longId = await send('user.updated', userJson('user_id_long', 2_000), `msg_${'x'.repeat(1_000)}`);
    expect(longId.json).toEqual({ status: 'ignored', reason: 'svix-id longer than 128 characters' });
    const nulType = await send('user.\u0000updated', userJson('user_type_nul', 2_000));
    expect(nulType.json).toEqual({ status: 'ignored', reason: 'type contains a NUL character' });
    expect(await server.written()).toBe(before);
  });

  it('ignores an updated_at more than 5 minutes ahead, so it cannot freeze the profile', async () => {
    const id = 'user_future';
    expect((await send('user.created', userJson(id, 2_000, { first_name: 'Now' }))).json).toEqual({
      status: 'applied',
    });
    const future = await send('user.updated', userJson(id, YEAR_3000, { first_name: 'Frozen' }));
    expect(future.json).toEqual({ status: 'ignored', reason: 'data.updated_at more than 5 minutes in the future' });
    // A minute ahead is clock skew, not an attack: applied.
    expect((await send('user.updated', userJson(id, Date.now() + 60_000, { first_name: 'Skewed' }))).json).toEqual({
      status: 'applied',
    });
    // And the next real update is not "stale".
    expect((await send('user.updated', userJson(id, Date.now() + 61_000, { first_name: 'Later' }))).json).toEqual({
      status: 'applied',
    });
    const row = (await server.db.select().from(schema.users)).find((u) => u.id === id);
    expect(row?.firstName).toBe('Later');
  });

  it('still claims a redelivery of an applied message (an ignored one was never claimed)', async () => {
    const id = newMessageId();
    expect((await send('user.created', userJson('user_again', 2_000), id)).json).toEqual({ status: 'applied' });
    expect((await send('user.created', userJson('user_again', 2_000), id)).json).toEqual({ status: 'duplicate' });
  });
});

describe('integers bounded to their columns', () => {
  const server = useWebhookServer();

  it('answers note.update and note.delete with version ≥ 2³¹ with 400 and a field error, never 500', async () => {
    const token = await server.stack.adaToken({ organizationId: null });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await request(`${server.stack.url}/trpc/note.create`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'bounded' }),
    });
    const { id } = (created.json as { result: { data: { id: string } } }).result.data;
    for (const [path, body] of [
      ['note.update', { id, version: 2 ** 31, title: 't' }],
      ['note.delete', { id, version: 2 ** 53 + 2 }],
    ] as const) {
      const res = await request(`${server.stack.url}/trpc/${path}`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        error: { data: { code: 'BAD_REQUEST', zodError: { fieldErrors: { version: expect.any(Array) } } } },
      });
    }
    const list = await request(`${server.stack.url}/trpc/note.list?${input({})}`, { headers: auth });
    expect((list.json as { result: { data: { items: { version: number }[] } } }).result.data.items[0]?.version).toBe(1);
  });
});
